/**
 * The part of a better-sqlite3 connection the cache wraps: `prepare` compiles SQL into a statement.
 * Typed structurally so config/database.ts needs no better-sqlite3 types at run time.
 */
export interface PreparingConnection<Statement> {
  prepare(sql: string): Statement;
}

/** Enough for every distinct statement the application sends in steady state, with room to spare. */
export const DEFAULT_STATEMENT_CACHE_SIZE = 500;

/**
 * Keeps the compiled statements of a better-sqlite3 connection, by SQL text, least recently used out.
 *
 * knex compiles every query again (`connection.prepare(sql)` per call): on a submission that was about a
 * tenth of the server's CPU, as much as SQLite spent executing them. A compiled statement can be run
 * again with other bindings; knex runs it to completion at once (`all`/`run`, synchronous in
 * better-sqlite3) and changes none of its modes, so one statement serves every later call with the same
 * text. SQLite recompiles a cached statement by itself when the schema changed since (a migration).
 */
export const cachePreparedStatements = <Statement>(
  connection: PreparingConnection<Statement>,
  maxSize = DEFAULT_STATEMENT_CACHE_SIZE
): void => {
  const prepare = connection.prepare.bind(connection);
  const cache = new Map<string, Statement>();
  connection.prepare = (sql: string): Statement => {
    const cached = cache.get(sql);
    if (cached !== undefined) {
      // Map keeps insertion order: moving the hit to the end makes the first key the least recently used.
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = prepare(sql);
    cache.set(sql, statement);
    if (cache.size > maxSize) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    return statement;
  };
};
