#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * node bench/sla-sweep.js [--db sqlite|postgres] [--rows 100000] [--overdue 1000] [--instances 2] [--no-compile] [--keep]
 *
 * The response-promise reminder sweep (QUOTE_SLA_SWEEP_INTERVAL_MS) over a large table. Boots the app
 * as production does (`strapi start`) on a throwaway database with the sweep off, writes ROWS quote
 * requests straight to the table: OVERDUE of them still `new` past their promised time and never
 * reminded, the others answered, spam, already reminded, not due yet, or overdue for longer than the
 * reminder horizon (7 days). Then starts INSTANCES servers on that database with the sweep every second
 * (outbox off: the reminders stay queued) and reads each sweep's summary line from their logs:
 * - the first sweeps: every overdue request claimed once, whichever instance got it (time of the sweep
 *   that queued most);
 * - the steady state: one more overdue request is written, and the sweep that reminds it is the cost of
 *   a sweep over the whole table when almost nothing is due (the indexed query plus one claim).
 * Then reads GET /api/quote-stats once (uncached) over the same table. Checks exactly OVERDUE + 1
 * reminders, one per request, no other request touched. Exits 1 when a check
 * fails; writes bench/results/sla-sweep-<timestamp>.json.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startServer } = require('../scripts/lib/server');
const { createThrowawayDatabase } = require('./lib/database');
const {
  ROOT,
  helpOnRequest,
  databaseArg,
  arg,
  logger,
  machine,
  compileUnlessSkipped,
  runCleanups,
  writeResults,
  run,
} = require('./lib/harness');

helpOnRequest(
  'node bench/sla-sweep.js [--db sqlite|postgres] [--rows 100000] [--overdue 1000] [--instances 2] [--no-compile]'
);

const DB = databaseArg();
const ROWS = Number(arg('rows', '100000'));
const OVERDUE = Math.min(ROWS, Number(arg('overdue', '1000')));
const INSTANCES = Math.max(1, Number(arg('instances', '2')));
const INSERT_BATCH = 500;
const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const log = logger('bench:sla-sweep');

/**
 * What request `i` is: the first OVERDUE are due for a reminder; the rest cycle through the cases the
 * sweep must leave alone.
 * @param {number} i
 * @returns {'overdue' | 'answered' | 'spam' | 'reminded' | 'not-due' | 'beyond-horizon'}
 */
const caseOf = (i) => {
  if (i < OVERDUE) return 'overdue';
  const k = i % 20;
  if (k < 12) return 'answered';
  if (k < 14) return 'spam';
  if (k < 16) return 'reminded';
  if (k < 19) return 'not-due';
  return 'beyond-horizon';
};

/**
 * One stored request as the table holds it.
 * @param {number} i
 * @param {number} now
 * @param {ReturnType<typeof caseOf>} kind
 */
const requestRow = (i, now, kind = caseOf(i)) => {
  const daysAgo = kind === 'beyond-horizon' ? 30 + (i % 300) : kind === 'not-due' ? 0 : 1 + (i % 80);
  const at = new Date(now - daysAgo * DAY_MS - (i % 600) * 1000);
  const model = ['bpo', 'ito', 'kpo', 'undecided'][i % 4];
  const tags = [`model:${model}`];
  const promised =
    kind === 'overdue'
      ? new Date(now - (1 + (i % 600)) * MINUTE_MS)
      : kind === 'not-due'
        ? new Date(now + (1 + (i % 240)) * MINUTE_MS)
        : new Date(at.getTime() + 4 * 60 * MINUTE_MS);
  const answered = kind === 'answered';
  return {
    document_id: `sla${String(i).padStart(21, '0')}`,
    reference: `DEV-BENCH-${String(i + 1).padStart(7, '0')}`,
    full_name: `Prospect ${i}`,
    email: `prospect.${i}@client-${i % 97}.test`,
    email_key: `prospect.${i}@client-${i % 97}.test`,
    company: `Company ${i % 5000}`,
    requested_model: model,
    message: `Nous souhaitons externaliser une partie de nos activités (demande ${i}).`,
    consent: true,
    consent_at: at,
    language: i % 4 === 0 ? 'en' : 'fr',
    tags: JSON.stringify(tags),
    tag_list: tags.join(', '),
    stage: kind === 'spam' ? 'spam' : answered ? ['contacted', 'qualified', 'won', 'lost'][i % 4] : 'new',
    expected_response_by: promised,
    first_response_at: answered ? new Date(at.getTime() + (30 + (i % 300)) * MINUTE_MS) : null,
    first_response_business_minutes: answered ? 30 + (i % 300) : null,
    reminded_at: kind === 'reminded' ? new Date(promised.getTime() + MINUTE_MS) : null,
    routed_to: JSON.stringify([`${model}@bench.test`]),
    notification_status: kind === 'spam' ? 'skipped' : 'sent',
    notification_attempts: 1,
    last_activity_at: at,
    created_at: at,
    updated_at: at,
    published_at: at,
  };
};

/**
 * A knex connection to the servers' database, from this process.
 * @param {Record<string, string>} env
 */
const connect = (env) => {
  const knex = require('knex');
  if (env.DATABASE_CLIENT === 'postgres') {
    return knex({
      client: 'pg',
      connection: {
        host: env.DATABASE_HOST,
        port: Number(env.DATABASE_PORT),
        database: env.DATABASE_NAME,
        user: env.DATABASE_USERNAME,
        password: env.DATABASE_PASSWORD,
      },
      pool: { min: 1, max: 1 },
    });
  }
  return knex({
    client: 'better-sqlite3',
    connection: { filename: env.DATABASE_FILENAME },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
};

/**
 * @param {Record<string, string>} env
 * @param {number} from first row number
 * @param {number} count
 * @param {ReturnType<typeof caseOf>} [kind] all rows of this case (default: caseOf(i))
 * @returns {Promise<number>} seconds it took
 */
const insertRows = async (env, from, count, kind) => {
  const db = connect(env);
  const started = Date.now();
  const now = Date.now();
  try {
    await db.transaction(async (trx) => {
      for (let offset = from; offset < from + count; offset += INSERT_BATCH) {
        const batch = [];
        for (let i = offset; i < Math.min(from + count, offset + INSERT_BATCH); i += 1) {
          batch.push(requestRow(i, now, kind ?? caseOf(i)));
        }
        await trx('quote_requests').insert(batch);
      }
    });
    return (Date.now() - started) / 1000;
  } finally {
    await db.destroy();
  }
};

/** @param {Record<string, string>} env */
const analyse = async (env) => {
  const db = connect(env);
  try {
    await db.raw(env.DATABASE_CLIENT === 'postgres' ? 'ANALYZE quote_requests' : 'ANALYZE');
  } finally {
    await db.destroy();
  }
};

const SWEEP_LINE =
  /\[sla\] (\d+) reminder\(s\) queued for requests past their promised response time \((\d+) claimed by another instance\) in (\d+) ms/g;

/**
 * The sweep summary lines of a server log so far.
 * @param {string} file
 * @returns {{ reminded: number, lost: number, durationMs: number }[]}
 */
const sweepLines = (file) => {
  // Colours stripped: the production logger still colours its level names.
  // eslint-disable-next-line no-control-regex
  const text = fs.readFileSync(file, 'utf8').replace(/\u001b\[[0-9;]*m/g, '');
  return [...text.matchAll(SWEEP_LINE)].map((m) => ({
    reminded: Number(m[1]),
    lost: Number(m[2]),
    durationMs: Number(m[3]),
  }));
};

/**
 * Waits until the servers' logs together report `total` reminders.
 * @param {string[]} files
 * @param {number} total
 * @param {number} timeoutMs
 */
const waitForReminders = async (files, total, timeoutMs) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = files.map(sweepLines);
    const reminded = lines.flat().reduce((sum, line) => sum + line.reminded, 0);
    if (reminded >= total) return lines;
    if (Date.now() > deadline) throw new Error(`${reminded}/${total} reminders reported after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const main = async () => {
  /** @type {(() => Promise<unknown>)[]} */
  const cleanups = [];
  const logFile = (/** @type {string} */ name) =>
    path.join(os.tmpdir(), `outsourcing-cms-bench-sla-${process.pid}-${name}.log`);
  try {
    await compileUnlessSkipped(log);
    const db = await createThrowawayDatabase(DB, 'sla');
    if (process.argv.includes('--keep')) log(`keeping ${db.label}`);
    else cleanups.push(() => db.drop());
    const env = { ...db.env, EMAIL_OUTBOX_ENABLED: 'false', QUOTE_RETENTION_SWEEP_ENABLED: 'false' };

    log(`creating the schema on ${db.label} (sweep off)`);
    const first = await startServer({ env: { ...env, QUOTE_SLA_SWEEP_INTERVAL_MS: '0' }, label: 'sla-schema' });
    await first.stop();
    log(`inserting ${ROWS} quote requests, ${OVERDUE} of them overdue`);
    const insertSeconds = await insertRows(db.env, 0, ROWS);
    // Planner statistics, as autovacuum (PostgreSQL) gathers them on a table that grew over time: right
    // after a bulk load they are missing and PostgreSQL plans the per-request claims on the wrong index.
    await analyse(db.env);
    log(`inserted in ${insertSeconds.toFixed(1)} s; starting ${INSTANCES} instance(s) sweeping every second`);

    const logs = Array.from({ length: INSTANCES }, (_, i) => logFile(String.fromCharCode(97 + i)));
    log(`server logs: ${logs.join(', ')}`);
    const servers = await Promise.all(
      logs.map((file, i) =>
        startServer({ env: { ...env, QUOTE_SLA_SWEEP_INTERVAL_MS: '1000' }, label: `sla-${i}`, log: file })
      )
    );
    for (const server of servers) cleanups.push(() => server.stop());

    const backlog = await waitForReminders(logs, OVERDUE, 10 * 60 * 1000);
    const backlogSweeps = backlog.flat();
    // The steady state: one request becomes overdue in a table of ROWS.
    await insertRows(db.env, ROWS, 1, 'overdue');
    const afterOne = await waitForReminders(logs, OVERDUE + 1, 60 * 1000);
    const steadySweeps = afterOne.flatMap((lines, i) => lines.slice(backlog[i].length));
    // The public figures over the same table (90 days hold most of it), uncached: the first read.
    const statsStarted = Date.now();
    const statsResponse = await fetch(`${servers[0].url}/api/quote-stats`);
    const statsMs = Date.now() - statsStarted;
    const stats = /** @type {{ data?: { sampleSize?: number } }} */ (await statsResponse.json());
    // Let a few more sweeps run: nothing may be reminded twice.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const server of servers) await server.stop();

    const reminders = await db.query(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT quote_request_id) AS requests FROM quote_notifications WHERE kind = 'reminder'`
    );
    const withRemindedAt = await db.query(`SELECT COUNT(*) AS n FROM quote_requests WHERE reminded_at IS NOT NULL`);
    const reminded = await db.query(
      `SELECT COUNT(*) AS n FROM quote_requests r WHERE r.reminded_at IS NOT NULL
         AND EXISTS (SELECT 1 FROM quote_notifications n WHERE n.quote_request_id = r.id AND n.kind = 'reminder')`
    );
    const expected = OVERDUE + 1;
    let remindedBefore = 0;
    for (let i = 0; i < ROWS; i += 1) if (caseOf(i) === 'reminded') remindedBefore += 1;
    const checks = [
      [`exactly ${expected} reminders, one per overdue request`, Number(reminders[0].n) === expected],
      ['no request reminded twice', Number(reminders[0].requests) === Number(reminders[0].n)],
      ['each reminder recorded on its request (remindedAt)', Number(reminded[0].n) === expected],
      ['no other request claimed', Number(withRemindedAt[0].n) === expected + remindedBefore],
      [
        'GET /api/quote-stats answers 200 with a sample',
        statsResponse.status === 200 && (stats.data?.sampleSize ?? 0) > 0,
      ],
    ];
    const busiest = backlogSweeps.reduce((a, b) => (b.reminded > a.reminded ? b : a), backlogSweeps[0]);
    const steady = steadySweeps.find((line) => line.reminded > 0);
    const figures = {
      startedAt: new Date().toISOString(),
      machine: machine(),
      database: DB,
      rows: ROWS,
      overdue: OVERDUE,
      instances: INSTANCES,
      insertSeconds: Math.round(insertSeconds * 10) / 10,
      backlogSweeps,
      backlogMs: backlogSweeps.reduce((max, line) => Math.max(max, line.durationMs), 0),
      remindedPerInstance: backlog.map((lines) => lines.reduce((sum, line) => sum + line.reminded, 0)),
      steadySweepMs: steady?.durationMs ?? null,
      quoteStats: { ms: statsMs, sampleSize: stats.data?.sampleSize ?? null },
      passed: checks.every(([, ok]) => ok),
    };
    const file = writeResults('sla-sweep-', figures.startedAt, figures);

    console.log(
      `\nSLA reminder sweep over ${ROWS} quote requests on ${DB}, ${INSTANCES} instance(s) (${figures.machine.cpus} cores, Node ${process.version}):`
    );
    console.log(
      `  backlog: ${OVERDUE} overdue requests reminded by ${backlogSweeps.length} sweep(s) ` +
        `(per instance: ${figures.remindedPerInstance.join(' + ')}); the largest sweep queued ${busiest?.reminded ?? 0} ` +
        `in ${busiest?.durationMs ?? NaN} ms`
    );
    console.log(`  steady state: a sweep over ${ROWS} rows that reminds one request: ${steady?.durationMs ?? NaN} ms`);
    console.log(
      `  GET /api/quote-stats over the same table (first read, ${figures.quoteStats.sampleSize} decided requests): ${statsMs} ms`
    );
    for (const [name, ok] of checks) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}`);
    console.log(`Written to ${path.relative(ROOT, file)}`);
    if (!figures.passed) process.exitCode = 1;
  } finally {
    await runCleanups(cleanups, log);
  }
};

run(main);
