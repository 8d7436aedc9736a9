import Database from 'better-sqlite3';
import { cachePreparedStatements } from '../../../src/database/sqlite-statement-cache';

describe('cachePreparedStatements', () => {
  let db: Database.Database;
  let compiled: string[];
  /** The connection as knex sees it: `prepare` counts what reaches SQLite's compiler under the cache. */
  let connection: { prepare(sql: string): Database.Statement };

  beforeEach(() => {
    db = new Database(':memory:');
    compiled = [];
    connection = {
      prepare: (sql) => {
        compiled.push(sql);
        return db.prepare(sql);
      },
    };
    cachePreparedStatements(connection, 2);
    connection.prepare('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)').run();
  });

  afterEach(() => db.close());

  it('compiles a statement once and runs it again with other bindings', () => {
    const insert = 'INSERT INTO t (name) VALUES (?)';
    connection.prepare(insert).run('a');
    connection.prepare(insert).run('b');
    expect(connection.prepare('SELECT name FROM t ORDER BY id').all()).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(compiled.filter((sql) => sql === insert)).toHaveLength(1);
  });

  it('keeps at most its size, dropping the least recently used', () => {
    const [a, b, c] = ['SELECT 1 AS v', 'SELECT 2 AS v', 'SELECT 3 AS v'];
    connection.prepare(a).get();
    connection.prepare(b).get();
    connection.prepare(a).get(); // a is now the most recent: b goes when c comes
    connection.prepare(c).get();
    connection.prepare(a).get();
    connection.prepare(b).get();
    expect(compiled.filter((sql) => sql === a)).toHaveLength(1);
    expect(compiled.filter((sql) => sql === b)).toHaveLength(2);
  });

  it('answers with the schema of now after a migration changed the table', () => {
    const select = 'SELECT * FROM t';
    connection.prepare('INSERT INTO t (name) VALUES (?)').run('a');
    expect(connection.prepare(select).all()).toEqual([{ id: 1, name: 'a' }]);
    connection.prepare("ALTER TABLE t ADD COLUMN note TEXT DEFAULT 'n'").run();
    expect(connection.prepare(select).all()).toEqual([{ id: 1, name: 'a', note: 'n' }]);
  });
});
