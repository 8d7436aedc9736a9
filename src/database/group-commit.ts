import { AsyncResource } from 'async_hooks';

/**
 * Runs one unit of work in a transaction of its own: the caller's `strapi.db.transaction` (or knex's).
 * The units a group commit gives it run one after the other inside it.
 */
export type TransactionRunner = <T>(work: () => Promise<T>) => Promise<T>;

export interface GroupCommitOptions {
  /** At most this many units share a transaction. */
  maxGroup?: number;
  /** Told when a shared transaction failed and its units are run again one by one. */
  onRetryAlone?: (error: unknown, units: number) => void;
  /** Awaited before each transaction when it returns a promise (a pause that leaves the event loop to other work). */
  beforeGroup?: () => Promise<void> | undefined;
}

export interface GroupCommit {
  /** Runs `work` in a transaction, shared with the units that arrived while the previous one ran. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Units waiting for the next transaction (not counting the running one). */
  waiting(): number;
}

interface Unit {
  work: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export const DEFAULT_MAX_GROUP = 32;

/**
 * Group commit for a database with one writer (SQLite): while a transaction runs, the units of work that
 * arrive wait, and the next transaction runs all of them, so the pages they share (the table's last
 * leaf, the sequential indexes' last leaves) are written to the WAL once per group instead of once per
 * unit, and BEGIN and COMMIT are paid once. A unit arriving when nothing runs starts at once, alone:
 * no timer, no added wait when the load is light.
 *
 * A unit's work must be safe to run twice (it builds its rows anew each time, and does nothing outside
 * the transaction): when a shared transaction fails, everything it wrote is rolled back and each of its
 * units runs again in a transaction of its own, so one unit's error (a unique violation, say) reaches
 * its caller alone and the others land. Each caller gets its unit's result after the commit, or its
 * error.
 *
 * The queue runs outside the async context of whichever request started it (an AsyncResource made at
 * creation): the units do not inherit one request's context, and a transaction already open in that
 * request's context is not mistaken for the group's.
 */
export const createGroupCommit = (transaction: TransactionRunner, options: GroupCommitOptions = {}): GroupCommit => {
  const maxGroup = Math.max(1, options.maxGroup ?? DEFAULT_MAX_GROUP);
  const root = new AsyncResource('group-commit');
  let queue: Unit[] = [];
  let draining = false;

  const runAlone = async (unit: Unit): Promise<void> => {
    try {
      unit.resolve(await transaction(unit.work));
    } catch (error) {
      unit.reject(error);
    }
  };

  const runGroup = async (group: Unit[]): Promise<void> => {
    let results: unknown[];
    try {
      results = await transaction(async () => {
        const out: unknown[] = [];
        for (const unit of group) out.push(await unit.work());
        return out;
      });
    } catch (error) {
      options.onRetryAlone?.(error, group.length);
      for (const unit of group) await runAlone(unit);
      return;
    }
    group.forEach((unit, i) => unit.resolve(results[i]));
  };

  const drain = async (): Promise<void> => {
    try {
      while (queue.length > 0) {
        const pause = options.beforeGroup?.();
        if (pause) await pause;
        const group = queue.slice(0, maxGroup);
        queue = queue.slice(group.length);
        if (group.length === 1) await runAlone(group[0]);
        else await runGroup(group);
      }
    } finally {
      draining = false;
    }
  };

  return {
    run<T>(work: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (draining) return;
        draining = true;
        // After this turn's I/O: the requests read in the same turn of the event loop join the group.
        setImmediate(() => void root.runInAsyncScope(drain));
      });
    },
    waiting: () => queue.length,
  };
};
