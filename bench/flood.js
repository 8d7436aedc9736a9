#!/usr/bin/env node
'use strict';
/**
 * npm run bench:flood [-- --seconds 60] [--connections 8] [--probe-every 5] [--db sqlite|postgres] [--server-env JSON]
 *                     [--deployment single|reference]
 * npm run bench -- --flood 60                       (the same, through bench/run.js)
 *
 * How long a sales team waits for its mail while the form is flooded (issue 18). One production server
 * (`strapi start`, its own outbox) on a throwaway database and a local SMTP sink; `--connections`
 * clients submit valid, distinct requests (each queues a sales mail and a confirmation) for
 * `--seconds`, and a probe submission goes out every `--probe-every` seconds beside them. Prints the
 * probes' sales-mail delay (201 to arrival at the sink) p50/p95/max, the flood's accepted rate, the
 * outbox queue when the flood stops (by kind) and the time the outbox then takes to drain it; writes
 * bench/results/flood-<timestamp>.json.
 *
 * `--deployment reference`: the same flood through the reference deployment instead (deploy/haproxy.cfg,
 * scripts/lib/deployment.js): HAProxy in front of two web instances with the outbox off and one outbox
 * worker, all on one throwaway PostgreSQL database (`--db` is then postgres).
 */
const os = require('os');
const path = require('path');
const { compile, startServer } = require('../scripts/lib/server');
const { startDeployment } = require('../scripts/lib/deployment');
const { createThrowawayDatabase } = require('./lib/database');
const { ROOT, arg, databaseArg, logger, runCleanups, writeResults, run, helpOnRequest } = require('./lib/harness');
const { load } = require('./lib/load');
const { startSinkProcess } = require('./lib/sink-process');
const { validSubmission, submit } = require('./lib/submissions');

helpOnRequest(
  'npm run bench:flood [-- --seconds 60] [--connections 8] [--probe-every 5] [--db sqlite|postgres] [--server-env JSON] [--deployment single|reference]'
);

// `npm run bench -- --flood 60` passes the seconds as the value of --flood.
const SECONDS = Number(arg('seconds', arg('flood', '60')));
const CONNECTIONS = Number(arg('connections', '8'));
const PROBE_EVERY_S = Number(arg('probe-every', '5'));
/** `single`: one process with its own outbox (the embedded default); `reference`: deploy/'s HAProxy, 2 web, 1 worker. */
const DEPLOYMENT = arg('deployment', 'single') === 'reference' ? 'reference' : 'single';
const DB = DEPLOYMENT === 'reference' ? 'postgres' : databaseArg();
/**
 * `--server-env '{"EMAIL_OUTBOX_CONCURRENCY":"5"}'`: settings for the server on top of the bench's, e.g.
 * an earlier release's defaults when measuring it.
 * @type {Record<string, string>}
 */
const SERVER_ENV = (() => {
  /** @type {unknown} */
  const parsed = JSON.parse(arg('server-env', '{}'));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('--server-env: a JSON object');
  return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]));
})();
/** The drain is bounded: a run that cannot drain in this time reports it instead of waiting forever. */
const DRAIN_TIMEOUT_MS = Number(arg('drain-timeout', '900')) * 1000;

const log = logger('flood');
/** @param {number} n */
const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Nearest-rank percentile.
 * @param {number[]} values
 * @param {number} p 0..100
 */
const percentile = (values, p) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

/**
 * @typedef {object} Probe
 * @property {number} n
 * @property {number} sentAtS seconds after the flood started
 * @property {number} status
 * @property {string} [reference]
 * @property {number} [acceptedAt] epoch ms of the 201
 * @property {number} [salesDelayMs] 201 to the sales mail's arrival at the sink
 */

const main = async () => {
  const startedAt = new Date().toISOString();
  /** @type {(() => Promise<unknown>)[]} */
  const cleanups = [];
  const logFile = path.join(os.tmpdir(), `outsourcing-cms-flood-${process.pid}.log`);
  log(`server logs: ${logFile}`);
  try {
    log('compiling');
    await compile();
    const sink = await startSinkProcess();
    cleanups.push(() => sink.stop());
    const db = await createThrowawayDatabase(DB, 'flood');
    cleanups.push(() => db.drop());
    const serverEnv = {
      ...db.env,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sink.port),
      SMTP_SECURE: 'false',
      QUOTE_RATE_LIMIT_MAX: '0',
      EMAIL_OUTBOX_INTERVAL_MS: '1000',
      EMAIL_OUTBOX_RETRY_BASE_MS: '1000',
      ...SERVER_ENV,
    };
    /** @type {{ url: string, stop: () => Promise<unknown> }} */
    let server;
    if (DEPLOYMENT === 'reference') {
      const deployment = await startDeployment({
        env: serverEnv,
        logDir: path.join(os.tmpdir(), `outsourcing-cms-flood-${process.pid}-deployment`),
        progress: (line) => log(line),
      });
      server = deployment;
      cleanups.push(() => deployment.stop());
      log(`reference deployment up on ${db.label}: HAProxy ${deployment.url}, 2 web instances, 1 outbox worker`);
    } else {
      const single = await startServer({ env: serverEnv, label: 'flood', log: logFile });
      server = single;
      cleanups.push(() => single.stop());
      log(`server up on ${db.label} in ${single.startMs} ms`);
    }

    // Warm-up: caches, prepared statements, the SMTP pool.
    for (let i = 0; i < 20; i += 1) {
      const res = await submit(server.url, validSubmission(900000 + i));
      if (res.status !== 201) throw new Error(`warm-up submission answered ${res.status}: ${res.text}`);
    }
    for (const deadline = Date.now() + 60000; sink.messages.length < 40 && Date.now() < deadline; ) await sleep(100);

    /** @type {Probe[]} */
    const probes = [];
    const floodStarted = Date.now();
    const probing = (async () => {
      for (let n = 0; n * PROBE_EVERY_S < SECONDS; n += 1) {
        const due = floodStarted + n * PROBE_EVERY_S * 1000;
        if (due > Date.now()) await sleep(due - Date.now());
        const res = await submit(
          server.url,
          validSubmission(800000 + n, { email: `probe${n}@client.test`, company: `Probe ${n}` })
        );
        probes.push({
          n,
          sentAtS: round((due - floodStarted) / 1000),
          status: res.status,
          reference: res.body?.data?.reference ?? undefined,
          acceptedAt: res.status === 201 ? Date.now() : undefined,
        });
      }
    })();
    // Every flood request is distinct (its own address): each gets its own confirmation. autocannon's
    // `idReplacement` sends nothing with this version; `setupRequest` builds each body instead.
    let floodCounter = 0;
    const flood = await load({
      url: `${server.url}/api/quote-requests`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => {
            floodCounter += 1;
            return { ...req, body: JSON.stringify({ data: validSubmission(floodCounter, { locale: 'fr' }) }) };
          },
        },
      ],
      connections: CONNECTIONS,
      duration: SECONDS,
    });
    await probing;
    const floodEnded = Date.now();
    const accepted = flood.statusCodes?.['201']?.count ?? 0;
    log(`flood: ${accepted} accepted in ${SECONDS} s (${round(accepted / SECONDS)}/s), non-2xx ${flood.non2xx}`);

    /** @returns {Promise<Record<string, number>>} pending or sending notifications by kind */
    const queued = async () => {
      const rows = await db.query(
        "SELECT kind, COUNT(*) AS n FROM quote_notifications WHERE delivery_status IN ('pending', 'sending') GROUP BY kind"
      );
      return Object.fromEntries(rows.map((row) => [String(row.kind), Number(row.n)]));
    };
    const total = (/** @type {Record<string, number>} */ byKind) => Object.values(byKind).reduce((a, b) => a + b, 0);
    const queueAtEnd = await queued();
    log(`queue when the flood stopped: ${JSON.stringify(queueAtEnd)}`);

    let drainMs = NaN;
    for (;;) {
      const left = total(await queued());
      if (left === 0) {
        drainMs = Date.now() - floodEnded;
        break;
      }
      if (Date.now() - floodEnded > DRAIN_TIMEOUT_MS) {
        log(`not drained after ${DRAIN_TIMEOUT_MS / 1000} s: ${left} left`);
        break;
      }
      await sleep(250);
    }
    log(`drained in ${round(drainMs / 1000)} s`);

    await sleep(300); // the sink process reports arrivals every 100 ms
    for (const probe of probes) {
      if (!probe.reference || probe.acceptedAt === undefined) continue;
      const marker = `<${probe.reference}.sales.`;
      const mail = sink.messages.find((m) => m.messageId.startsWith(marker));
      if (mail) probe.salesDelayMs = mail.receivedAt - probe.acceptedAt;
    }
    const delays = probes.flatMap((p) => (p.salesDelayMs === undefined ? [] : [p.salesDelayMs / 1000]));
    const confirmations = sink.messages.filter((m) => m.messageId.includes('.confirmation.')).length;
    const sales = sink.messages.filter((m) => m.messageId.includes('.sales.')).length;
    const uniqueIds = new Set(sink.messages.map((m) => m.messageId)).size;

    const results = {
      startedAt,
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadavg: os.loadavg() },
      database: DB,
      deployment: DEPLOYMENT,
      settings: { seconds: SECONDS, connections: CONNECTIONS, probeEverySeconds: PROBE_EVERY_S, serverEnv: SERVER_ENV },
      flood: {
        accepted,
        acceptedPerSec: round(accepted / SECONDS),
        non2xx: flood.non2xx,
        errors: flood.errors,
        p50Ms: flood.p50,
        p99Ms: flood.p99,
      },
      probes: {
        sent: probes.length,
        answered201: probes.filter((p) => p.status === 201).length,
        salesMailArrived: delays.length,
        salesDelaySeconds: {
          p50: round(percentile(delays, 50)),
          p95: round(percentile(delays, 95)),
          max: round(Math.max(...delays)),
        },
        each: probes,
      },
      queueWhenFloodStopped: { ...queueAtEnd, total: total(queueAtEnd) },
      drainSeconds: round(drainMs / 1000),
      mails: { received: sink.messages.length, distinct: uniqueIds, sales, confirmations },
      floodSeconds: round((floodEnded - floodStarted) / 1000),
    };
    const file = writeResults(DEPLOYMENT === 'reference' ? 'flood-reference-' : 'flood-', startedAt, results);

    console.log(
      `\nFlood on ${DB}${DEPLOYMENT === 'reference' ? ' through the reference deployment (HAProxy, 2 web, 1 outbox worker)' : ''}: ` +
        `${CONNECTIONS} connections for ${SECONDS} s, a probe every ${PROBE_EVERY_S} s`
    );
    console.log(
      `accepted ${accepted} (${results.flood.acceptedPerSec}/s), non-2xx ${flood.non2xx}, p50 ${flood.p50} ms, p99 ${flood.p99} ms`
    );
    console.log(
      `probe sales mail delay (${delays.length}/${probes.length}): p50 ${results.probes.salesDelaySeconds.p50} s, ` +
        `p95 ${results.probes.salesDelaySeconds.p95} s, max ${results.probes.salesDelaySeconds.max} s`
    );
    console.log(`queue when the flood stopped: ${results.queueWhenFloodStopped.total} ${JSON.stringify(queueAtEnd)}`);
    console.log(`drained ${results.drainSeconds} s after the flood stopped`);
    console.log(
      `mails received ${results.mails.received} (${uniqueIds} distinct): ${sales} sales, ${confirmations} confirmations`
    );
    console.log(`\nWritten to ${path.relative(ROOT, file)}`);
  } finally {
    await runCleanups(cleanups, log);
  }
};

module.exports = { main };

if (require.main === module) run(main);
