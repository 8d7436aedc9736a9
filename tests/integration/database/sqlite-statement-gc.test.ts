/**
 * The embedded default under garbage collection: with better-sqlite3 12, Node.js 24.19 and later abort the
 * process (`Assertion failed: (env) != nullptr`) when a collected statement's wrapper is destroyed. A child
 * process on the same `node` creates and drops thousands of statements and databases with forced
 * collections; it must finish and report its counts instead of dying on a signal.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const script = String.raw`
const Database = require('better-sqlite3');
const dir = process.argv[1];
let statements = 0;
let rows = 0;
for (let round = 0; round < 20; round += 1) {
  const db = new Database(require('path').join(dir, 'gc-' + round + '.db'));
  db.pragma('journal_mode = WAL');
  db.exec('create table if not exists t (id integer primary key, v text)');
  for (let i = 0; i < 250; i += 1) {
    // A fresh statement each time, dropped at once: what knex does for every query.
    db.prepare('insert into t (v) values (?)').run('row ' + i);
    rows += db.prepare('select count(*) as n from t where id = ' + (i + 1)).get().n;
    statements += 2;
  }
  if (round % 2 === 0) db.close();
  global.gc();
}
for (let i = 0; i < 5; i += 1) global.gc();
process.stdout.write(JSON.stringify({ statements, rows, node: process.version }));
`;

describe('SQLite statements collected by the garbage collector', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-gc-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('survive thousands of statements and forced collections on this Node.js', () => {
    const result = spawnSync(process.execPath, ['--expose-gc', '-e', script, dir], {
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 60000,
    });
    expect({ signal: result.signal, status: result.status, stderr: result.stderr }).toEqual({
      signal: null,
      status: 0,
      stderr: '',
    });
    expect(JSON.parse(result.stdout)).toEqual({ statements: 10000, rows: 5000, node: process.version });
  });
});
