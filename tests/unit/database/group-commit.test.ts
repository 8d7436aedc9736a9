import { AsyncLocalStorage } from 'async_hooks';
import Database from 'better-sqlite3';
import { createGroupCommit, type TransactionRunner } from '../../../src/database/group-commit';

/**
 * Group commit over a real SQLite database: the runner opens a transaction with BEGIN and ends it with
 * COMMIT or ROLLBACK, as knex does on the one connection of the application's SQLite pool.
 */
describe('createGroupCommit', () => {
  let db: Database.Database;
  /** The size of each committed or rolled back transaction, in units of work. */
  let transactions: { units: number; outcome: 'commit' | 'rollback' }[];
  let unitsInTransaction: number;
  let runner: TransactionRunner;

  const names = (): string[] =>
    (db.prepare('SELECT name FROM requests ORDER BY id').all() as { name: string }[]).map((r) => r.name);

  /** One unit: inserts a row (a UNIQUE name) and answers its id. */
  const insert = (name: string) => (): Promise<number> => {
    unitsInTransaction += 1;
    const result = db.prepare('INSERT INTO requests (name) VALUES (?)').run(name);
    return Promise.resolve(Number(result.lastInsertRowid));
  };

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE requests (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
    transactions = [];
    runner = async <T>(work: () => Promise<T>): Promise<T> => {
      db.exec('BEGIN');
      unitsInTransaction = 0;
      try {
        const result = await work();
        db.exec('COMMIT');
        transactions.push({ units: unitsInTransaction, outcome: 'commit' });
        return result;
      } catch (error) {
        db.exec('ROLLBACK');
        transactions.push({ units: unitsInTransaction, outcome: 'rollback' });
        throw error;
      }
    };
  });

  afterEach(() => db.close());

  it('runs the units that arrive together in one transaction, each caller getting its own result', async () => {
    const group = createGroupCommit(runner);
    const ids = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((name) => group.run(insert(name))));
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    expect(names()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(transactions).toEqual([{ units: 5, outcome: 'commit' }]);
  });

  it('starts a unit alone when nothing else waits (no added wait under light load)', async () => {
    const group = createGroupCommit(runner);
    for (const name of ['a', 'b', 'c']) await group.run(insert(name));
    expect(transactions).toEqual([
      { units: 1, outcome: 'commit' },
      { units: 1, outcome: 'commit' },
      { units: 1, outcome: 'commit' },
    ]);
  });

  it('gives the units that arrive while a transaction runs to the next one', async () => {
    const group = createGroupCommit(runner);
    let releaseFirst: () => void = () => undefined;
    const first = group.run(async () => {
      await new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      return insert('first')();
    });
    // The first transaction is open and waiting: these queue behind it.
    await new Promise((resolve) => setImmediate(resolve));
    const later = ['b', 'c', 'd'].map((name) => group.run(insert(name)));
    expect(group.waiting()).toBe(3);
    releaseFirst();
    await Promise.all([first, ...later]);
    expect(transactions).toEqual([
      { units: 1, outcome: 'commit' },
      { units: 3, outcome: 'commit' },
    ]);
    expect(names()).toEqual(['first', 'b', 'c', 'd']);
  });

  it('keeps groups to maxGroup units', async () => {
    const group = createGroupCommit(runner, { maxGroup: 4 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => group.run(insert(`n${i}`))));
    expect(transactions.map((t) => t.units)).toEqual([4, 4, 2]);
    expect(names()).toHaveLength(10);
  });

  it('lands the others and fails only the faulty unit when a shared transaction fails', async () => {
    db.prepare('INSERT INTO requests (name) VALUES (?)').run('taken');
    const retries: number[] = [];
    const group = createGroupCommit(runner, { onRetryAlone: (_error, units) => retries.push(units) });
    const outcomes = await Promise.allSettled(['a', 'taken', 'c'].map((name) => group.run(insert(name))));

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed: requests.name/);
    // The shared transaction rolled back what it had written ('a'), then each unit ran alone.
    expect(transactions).toEqual([
      { units: 2, outcome: 'rollback' },
      { units: 1, outcome: 'commit' },
      { units: 1, outcome: 'rollback' },
      { units: 1, outcome: 'commit' },
    ]);
    expect(retries).toEqual([3]);
    expect(names()).toEqual(['taken', 'a', 'c']);
    // Nothing of the rolled back attempt remains.
    expect((db.prepare('SELECT count(*) AS n FROM requests').get() as { n: number }).n).toBe(3);
  });

  it('runs the units outside the async context of the caller that started the queue', async () => {
    const requestContext = new AsyncLocalStorage<string>();
    const group = createGroupCommit(runner);
    const seen = await requestContext.run('request 1', () =>
      Promise.all([
        group.run(() => Promise.resolve(requestContext.getStore())),
        group.run(() => Promise.resolve(requestContext.getStore())),
      ])
    );
    expect(seen).toEqual([undefined, undefined]);
  });

  it('waits for beforeGroup before each transaction, and the units arriving meanwhile join the group', async () => {
    let pauses = 0;
    let release: () => void = () => undefined;
    const group = createGroupCommit(runner, {
      beforeGroup: () => {
        pauses += 1;
        return pauses === 1
          ? new Promise<void>((resolve) => {
              release = resolve;
            })
          : undefined;
      },
    });
    const first = group.run(insert('a'));
    await new Promise((resolve) => setImmediate(resolve));
    // The pause holds the first transaction: nothing is written yet, later units wait with the first.
    expect(transactions).toEqual([]);
    const later = ['b', 'c'].map((name) => group.run(insert(name)));
    release();
    await Promise.all([first, ...later]);
    expect(transactions).toEqual([{ units: 3, outcome: 'commit' }]);
    expect(pauses).toBe(1);
  });
});
