/**
 * What may be said of a failed query in a log line or an error: the error's class and the driver's code
 * (`SQLITE_BUSY`, PostgreSQL's `55P03`, MySQL's `ER_DUP_ENTRY`), never its message. Drivers quote the
 * offending value in some messages (MySQL's "Duplicate entry 'jeanne@…'", PostgreSQL's "invalid input
 * syntax …: "…"", its `detail` "Failing row contains (…)"), and the statement itself carries the row.
 */
export const describeDatabaseFailure = (error: unknown): string => {
  if (error === null || typeof error !== 'object') return typeof error;
  // Read by shape: a native driver's error may come from another realm and not be `instanceof Error`.
  const { name, code } = error as { name?: unknown; code?: unknown };
  const kind = typeof name === 'string' && /^[A-Za-z]{1,64}$/.test(name) ? name : 'Error';
  const driverCode = typeof code === 'string' || typeof code === 'number' ? String(code).slice(0, 64) : '';
  return /^[A-Za-z0-9_.-]+$/.test(driverCode) ? `${kind} ${driverCode}` : kind;
};
