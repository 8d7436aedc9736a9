#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * node bench/retention.js [--db sqlite|postgres] [--rows 100000] [--concurrency 4 (0: the sweep alone)] [--backfill] [--no-compile]
 *
 * The retention sweep at scale, while prospects keep submitting. Boots the app as production does
 * (`strapi start`) on a throwaway database with the sweep off, writes ROWS quote requests straight to
 * the table, each with one delivered notification: half inactive for more than QUOTE_RETENTION_DAYS
 * (1095), 2 % spam inactive for 40 days, the rest recent. Measures submissions for a while (baseline),
 * then restarts the server with the sweep on: the sweep that runs at start anonymises the old half and
 * deletes the spam while the same submission load runs. Reports the sweep's time (from its log line),
 * the submissions' latency during the sweep against the baseline, and checks that exactly the old rows
 * were anonymised, the spam deleted, every submission answered 201. With --backfill the rows are
 * written as an install from before this feature left them (no last-activity time, no address key), so
 * the first sweep also backfills both. Exits 1 when a check fails; writes
 * bench/results/retention-<timestamp>.json.
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
const { submit, validSubmission } = require('./lib/submissions');

helpOnRequest(
  'node bench/retention.js [--db sqlite|postgres] [--rows 100000] [--concurrency 4] [--backfill] [--no-compile]'
);

const DB = databaseArg();
const ROWS = Number(arg('rows', '100000'));
const CONCURRENCY = Number(arg('concurrency', '4'));
const BACKFILL = process.argv.includes('--backfill');
const BASELINE_MS = 8000;
const INSERT_BATCH = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

const log = logger('bench:retention');

/** @param {number} i */
const isSpam = (i) => i % 50 === 1;
/** @param {number} i */
const isOld = (i) => i % 2 === 0;

/**
 * One stored request as the table holds it, and its delivered sales notification.
 * @param {number} i
 * @param {number} now
 */
const rows = (i, now) => {
  const daysAgo = isOld(i) ? 1100 + (i % 400) : isSpam(i) ? 40 : i % 1000;
  const at = new Date(now - daysAgo * DAY_MS - (i % 1000) * 1000);
  const model = ['bpo', 'ito', 'kpo', 'undecided'][i % 4];
  const email = `prospect.${i}@client-${i % 97}.test`;
  const tags = [`model:${model}`];
  return {
    request: {
      document_id: `ret${String(i).padStart(21, '0')}`,
      reference: `DEV-BENCH-${String(i + 1).padStart(7, '0')}`,
      full_name: `Prospect ${i}`,
      email,
      email_key: BACKFILL ? null : email,
      phone: i % 3 === 0 ? null : '+33 1 23 45 67 89',
      company: `Company ${i % 5000}`,
      job_title: 'Directrice des opérations',
      requested_model: model,
      message: `Nous souhaitons externaliser une partie de nos activités (demande ${i}).`,
      consent: true,
      consent_at: at,
      language: i % 4 === 0 ? 'en' : 'fr',
      source_url: 'https://www.example.test/devis',
      tags: JSON.stringify(tags),
      tag_list: tags.join(', '),
      stage: isSpam(i) ? 'spam' : 'new',
      internal_notes: i % 5 === 0 ? 'Rappel prévu' : null,
      expected_response_by: new Date(at.getTime() + 4 * 3600 * 1000),
      routed_to: JSON.stringify([`${model}@bench.test`]),
      notification_status: 'sent',
      notification_attempts: 1,
      ip_hash: i.toString(16).padStart(64, '0'),
      user_agent: 'Mozilla/5.0 (bench)',
      last_activity_at: BACKFILL ? null : at,
      created_at: at,
      updated_at: at,
      published_at: at,
    },
    /** @param {number} requestId */
    notification: (requestId) => ({
      document_id: `retn${String(i).padStart(20, '0')}`,
      quote_request_id: requestId,
      reference: `DEV-BENCH-${String(i + 1).padStart(7, '0')}`,
      kind: 'sales',
      delivery_status: 'sent',
      recipients: JSON.stringify([`${model}@bench.test`]),
      cc: JSON.stringify([]),
      attempts: 1,
      sent_at: at,
      created_at: at,
      updated_at: at,
      published_at: at,
    }),
  };
};

/**
 * A knex connection to the server's database, from this process.
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
 * @param {number} count
 * @returns {Promise<number>} seconds it took
 */
const insertRows = async (env, count) => {
  const db = connect(env);
  const started = Date.now();
  const now = Date.now();
  try {
    await db.transaction(async (trx) => {
      for (let offset = 0; offset < count; offset += INSERT_BATCH) {
        const batch = [];
        for (let i = offset; i < Math.min(count, offset + INSERT_BATCH); i += 1) batch.push(rows(i, now));
        /** @type {{ id: number }[]} */
        const ids = await trx('quote_requests')
          .insert(batch.map((b) => b.request))
          .returning('id');
        await trx('quote_notifications').insert(batch.map((b, k) => b.notification(ids[k].id)));
      }
    });
    return (Date.now() - started) / 1000;
  } finally {
    await db.destroy();
  }
};

/**
 * @typedef {{ startedAt: number, ms: number, status: number }} Sample
 */

/**
 * Submits with CONCURRENCY clients in a closed loop until `until()` says stop.
 * @param {string} url
 * @param {() => boolean} until
 * @param {number} offset numbering of the submissions (each one is different)
 * @returns {Promise<Sample[]>}
 */
const submissionLoad = async (url, until, offset) => {
  /** @type {Sample[]} */
  const samples = [];
  let next = offset;
  const client = async () => {
    while (!until()) {
      const i = (next += 1);
      const startedAt = Date.now();
      const res = await submit(url, validSubmission(i), {
        'X-Forwarded-For': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      });
      samples.push({ startedAt, ms: res.ms, status: res.status });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  return samples;
};

/**
 * @param {number[]} values
 * @param {number} p 0..100
 */
const percentile = (values, p) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** @param {Sample[]} samples */
const summarise = (samples) => {
  const ms = samples.map((s) => s.ms);
  const span =
    samples.length > 0
      ? (Math.max(...samples.map((s) => s.startedAt + s.ms)) - Math.min(...samples.map((s) => s.startedAt))) / 1000
      : 0;
  return {
    submissions: samples.length,
    non201: samples.filter((s) => s.status !== 201).length,
    perSecond: span > 0 ? Math.round((samples.length / span) * 10) / 10 : 0,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    max: ms.length > 0 ? Math.max(...ms) : NaN,
  };
};

const SWEEP_LINE =
  /\[privacy\] retention sweep: (\d+) request\(s\) anonymised.*?, (\d+) spam request\(s\) deleted.*?, (\d+) notification\(s\) deleted, (\d+) stripped(?:, (\d+) last-activity time\(s\) backfilled)? in (\d+) ms/;

/**
 * Waits for the sweep's summary line in the server log.
 * @param {string} file
 * @param {number} timeoutMs
 */
const waitForSweepLine = async (file, timeoutMs) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // Colours stripped: the production logger still colours its level names.
    // eslint-disable-next-line no-control-regex
    const text = fs.readFileSync(file, 'utf8').replace(/\u001b\[[0-9;]*m/g, '');
    const match = SWEEP_LINE.exec(text);
    if (match) {
      return {
        seenAt: Date.now(),
        anonymised: Number(match[1]),
        spamDeleted: Number(match[2]),
        notificationsDeleted: Number(match[3]),
        notificationsStripped: Number(match[4]),
        backfilled: Number(match[5] ?? 0),
        durationMs: Number(match[6]),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no retention sweep line in ${file} after ${timeoutMs} ms`);
};

const main = async () => {
  /** @type {(() => Promise<unknown>)[]} */
  const cleanups = [];
  const baselineLog = path.join(os.tmpdir(), `outsourcing-cms-bench-retention-${process.pid}-a.log`);
  const sweepLog = path.join(os.tmpdir(), `outsourcing-cms-bench-retention-${process.pid}-b.log`);
  log(`server logs: ${baselineLog}, ${sweepLog}`);
  try {
    await compileUnlessSkipped(log);
    const db = await createThrowawayDatabase(DB, 'retention');
    cleanups.push(() => db.drop());
    const env = { ...db.env, QUOTE_RATE_LIMIT_MAX: '0', EMAIL_OUTBOX_ENABLED: 'false' };

    log(`starting the server (sweep off) on ${db.label}`);
    const first = await startServer({
      env: { ...env, QUOTE_RETENTION_SWEEP_ENABLED: 'false' },
      label: 'retention-baseline',
      log: baselineLog,
    });
    cleanups.push(() => first.stop());
    log(
      `inserting ${ROWS} quote requests and ${ROWS} notifications${BACKFILL ? ' (as an older install: no last activity, no address key)' : ''}`
    );
    const insertSeconds = await insertRows(db.env, ROWS);
    log(
      `inserted in ${insertSeconds.toFixed(1)} s${CONCURRENCY > 0 ? `; baseline submissions for ${BASELINE_MS / 1000} s` : ''}`
    );
    await submissionLoad(
      first.url,
      (() => {
        const end = Date.now() + 1000;
        return () => Date.now() > end;
      })(),
      10_000_000
    );
    const baselineEnd = Date.now() + BASELINE_MS;
    const baseline = await submissionLoad(first.url, () => Date.now() > baselineEnd, 20_000_000);
    await first.stop();

    log('restarting with the sweep on: the start-up sweep runs while submissions continue');
    const second = await startServer({
      env: { ...env, QUOTE_RETENTION_SWEEP_ENABLED: 'true' },
      label: 'retention-sweep',
      log: sweepLog,
    });
    cleanups.push(() => second.stop());
    let sweepDone = false;
    const loadDuringSweep = submissionLoad(second.url, () => sweepDone, 30_000_000);
    const sweep = await waitForSweepLine(sweepLog, 30 * 60 * 1000).finally(() => {
      sweepDone = true;
    });
    const samples = await loadDuringSweep;
    const sweepStart = sweep.seenAt - sweep.durationMs;
    const during = samples.filter((s) => s.startedAt >= sweepStart && s.startedAt <= sweep.seenAt);
    await second.stop();

    const counts = await db.query(
      `SELECT
         SUM(CASE WHEN anonymized_at IS NOT NULL THEN 1 ELSE 0 END) AS anonymised,
         SUM(CASE WHEN anonymized_at IS NULL AND email LIKE 'prospect.%' THEN 1 ELSE 0 END) AS kept,
         SUM(CASE WHEN stage = 'spam' THEN 1 ELSE 0 END) AS spam,
         COUNT(*) AS total
       FROM quote_requests`
    );
    const strippedLeft = await db.query(
      `SELECT COUNT(*) AS n FROM quote_notifications n JOIN quote_requests r ON r.id = n.quote_request_id
       WHERE r.anonymized_at IS NOT NULL AND n.recipients NOT IN ('[]')`
    );
    const c = counts[0];
    let expectedOld = 0;
    let expectedSpam = 0;
    for (let i = 0; i < ROWS; i += 1) {
      if (isOld(i)) expectedOld += 1;
      else if (isSpam(i)) expectedSpam += 1;
    }
    const duringFigures = summarise(during);
    const baselineFigures = summarise(baseline);
    const checks = [
      [
        `exactly the ${expectedOld} old requests anonymised`,
        sweep.anonymised === expectedOld && Number(c.anonymised) === expectedOld,
      ],
      [`the ${expectedSpam} old spam requests deleted`, sweep.spamDeleted === expectedSpam && Number(c.spam) === 0],
      [
        `the ${ROWS - expectedOld - expectedSpam} recent requests untouched`,
        Number(c.kept) === ROWS - expectedOld - expectedSpam,
      ],
      ['notifications of anonymised requests stripped', Number(strippedLeft[0].n) === 0],
      ...(CONCURRENCY > 0
        ? [['submissions kept answering during the sweep (all 201)', during.length > 0 && duringFigures.non201 === 0]]
        : []),
    ];

    const figures = {
      startedAt: new Date().toISOString(),
      machine: machine(),
      database: DB,
      rows: ROWS,
      backfill: BACKFILL,
      concurrency: CONCURRENCY,
      insertSeconds: Math.round(insertSeconds * 10) / 10,
      sweep,
      sweepRowsPerSecond: Math.round(((sweep.anonymised + sweep.spamDeleted) / sweep.durationMs) * 1000),
      baseline: baselineFigures,
      duringSweep: duringFigures,
      passed: checks.every(([, ok]) => ok),
    };
    const file = writeResults('retention-', figures.startedAt, figures);

    console.log(
      `\nRetention sweep over ${ROWS} quote requests on ${DB} (${figures.machine.cpus} cores, Node ${process.version}):`
    );
    console.log(
      `  ${sweep.anonymised} anonymised, ${sweep.spamDeleted} spam deleted, ${sweep.notificationsStripped} notifications stripped, ` +
        `${sweep.notificationsDeleted} deleted${BACKFILL ? `, ${sweep.backfilled} last-activity times backfilled` : ''} in ${(sweep.durationMs / 1000).toFixed(1)} s ` +
        `(${figures.sweepRowsPerSecond} requests/s)`
    );
    console.log(
      `  submissions (${CONCURRENCY} clients) baseline: ${baselineFigures.perSecond}/s, p50 ${baselineFigures.p50} ms, p95 ${baselineFigures.p95} ms, p99 ${baselineFigures.p99} ms`
    );
    console.log(
      `  submissions during the sweep: ${duringFigures.submissions} (${duringFigures.perSecond}/s), p50 ${duringFigures.p50} ms, p95 ${duringFigures.p95} ms, p99 ${duringFigures.p99} ms, max ${duringFigures.max} ms, ${duringFigures.non201} not 201`
    );
    for (const [name, ok] of checks) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}`);
    console.log(`Written to ${path.relative(ROOT, file)}`);
    if (!figures.passed) process.exitCode = 1;
  } finally {
    await runCleanups(cleanups, log);
  }
};

run(main);
