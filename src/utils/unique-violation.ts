/** A write refused by a unique index, whatever the database (PostgreSQL, MySQL, SQLite) and driver. */
export const isUniqueViolation = (error: unknown): boolean => {
  const e = error as { code?: string; message?: string } | null;
  return Boolean(
    e &&
      (e.code === '23505' || // PostgreSQL
        e.code === 'ER_DUP_ENTRY' || // MySQL
        e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
        /unique constraint|duplicate entry/i.test(e.message ?? ''))
  );
};
