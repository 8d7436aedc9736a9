// @ts-check
'use strict';
/**
 * npm run bench -- --instances 2 [--duration 5] [--connections 10]
 *
 * The reference deployment (deploy/haproxy.cfg: HAProxy, web1 + web2, one outbox worker, PostgreSQL) on
 * this machine. Reads and submissions are sent through HAProxy with web2 in maintenance (1 web instance)
 * and with both (2), in the same run, in the order 1, 2, 2, 1 (each side the mean of its two runs), and
 * printed as a ratio; the CPU each process used during the 2-instance runs tells what limits the figure.
 * Writes
 * bench/results/scale-out-<timestamp>.json.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { compile } = require('../scripts/lib/server');
const { startDeployment } = require('../scripts/lib/deployment');
const { SmtpSink } = require('../scripts/lib/smtp-sink');
const { createThrowawayDatabase } = require('./lib/database');
const { ROOT, arg, logger, round, writeResults } = require('./lib/harness');
const { load } = require('./lib/load');
const { validSubmission } = require('./lib/submissions');

/** @typedef {import('./lib/load').LoadFigures} LoadFigures */

const log = logger('bench');

const CLOCK_TICKS_PER_SEC = 100;

/**
 * CPU seconds (user + system) a process used so far; 0 when it is gone.
 * @param {number | undefined} pid
 */
const cpuSeconds = (pid) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SEC;
  } catch {
    return 0;
  }
};

/** Busy and total CPU time of the whole machine so far (/proc/stat), in clock ticks. */
const machineTicks = () => {
  const [, ...values] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const ticks = values.map(Number);
  const total = ticks.slice(0, 8).reduce((sum, n) => sum + n, 0);
  const idle = ticks[3] + ticks[4]; // idle + iowait
  return { busy: total - idle, total };
};

/**
 * @typedef {object} Measure
 * @property {string} name
 * @property {LoadFigures} one through HAProxy, web2 in maintenance (mean of two runs)
 * @property {LoadFigures} two through HAProxy, both instances (mean of two runs)
 * @property {number} ratio two / one, requests per second
 * @property {Record<string, number>} cpuShareOne during the 1-instance runs: share of the machine's CPU time per process
 * @property {Record<string, number>} cpuShareTwo during the 2-instance runs: share of the machine's CPU time per process
 * @property {{ one: number, two: number }} webCpuMsPerRequest CPU milliseconds the web instances spent per request
 */

const main = async () => {
  const instances = Number(arg('instances', '2'));
  if (instances !== 2)
    throw new Error('--instances: the reference deployment has 2 web instances (deploy/haproxy.cfg)');
  const duration = Number(arg('duration', '5'));
  const connections = Number(arg('connections', '10'));
  const startedAt = new Date().toISOString();
  const logDir = path.join(os.tmpdir(), `outsourcing-cms-bench-scale-out-${process.pid}`);
  log(`server logs in ${logDir}`);

  log('compiling');
  await compile();
  const sink = new SmtpSink({ parse: false });
  await sink.start();
  const db = await createThrowawayDatabase('postgres', 'bench_scale');
  /** @type {Awaited<ReturnType<typeof startDeployment>> | undefined} */
  let deployment;
  /** @type {Measure[]} */
  const measures = [];
  try {
    deployment = await startDeployment({
      env: {
        ...db.env,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(sink.listeningPort),
        SMTP_SECURE: 'false',
        QUOTE_RATE_LIMIT_MAX: '0',
      },
      workerEnv: { EMAIL_OUTBOX_INTERVAL_MS: '1000' },
      logDir,
      progress: log,
    });
    const proxy = deployment.haproxy;
    const base = deployment.url;
    const overview = `query($locale: I18NLocaleCode) { outsourcingOverview(locale: $locale) { title intro factors { label } categories { code name slug summary } comparisonPages { title slug } } }`;
    /** @type {{ name: string, options: import('autocannon').Options }[]} */
    const plan = [
      { name: '/_health', options: { url: `${base}/_health` } },
      { name: 'REST category list', options: { url: `${base}/api/outsourcing-categories?locale=fr` } },
      {
        name: 'GraphQL overview',
        options: {
          url: `${base}/graphql?query=${encodeURIComponent(overview)}&variables=${encodeURIComponent('{"locale":"fr"}')}`,
          headers: { 'apollo-require-preflight': 'true' },
        },
      },
      {
        name: 'POST /api/quote-requests',
        options: {
          url: `${base}/api/quote-requests`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ data: validSubmission(0) }),
        },
      },
    ];
    const processes = {
      web1: deployment.web[0].pid,
      web2: deployment.web[1].pid,
      worker: deployment.worker.pid,
      haproxy: proxy.pid,
      'load generator (this process)': process.pid,
    };
    const cores = os.cpus().length;
    /** The PostgreSQL backends serving this run's database (the instances' pools and LISTEN connections). */
    const backends = async () =>
      (
        await db.query(
          'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()'
        )
      ).map((row) => Number(row.pid));

    /** @param {'maint' | 'ready'} state web2 out of rotation, or back in once its health check passes */
    const web2 = async (state) => {
      await proxy.setState('web2', state);
      await proxy.waitFor('web2', state === 'maint' ? 'MAINT' : 'UP');
    };

    // Warm-up: every path once through both instances (JIT, PostgreSQL plans, connection pools).
    for (const { options } of plan) await load({ ...options, duration: 3, connections });

    /**
     * One measured run, and the CPU each process used during it.
     * @param {import('autocannon').Options} options
     */
    const measured = async (options) => {
      const cpuBefore = Object.fromEntries(Object.entries(processes).map(([label, pid]) => [label, cpuSeconds(pid)]));
      const pgBefore = new Map((await backends()).map((pid) => [pid, cpuSeconds(pid)]));
      const machineBefore = machineTicks();
      const wallStart = Date.now();
      const figures = await load({ ...options, duration, connections });
      const wall = (Date.now() - wallStart) / 1000;
      const machineAfter = machineTicks();
      /** @type {Record<string, number>} */
      const cpuShare = {};
      for (const [label, pid] of Object.entries(processes)) {
        cpuShare[label] = (cpuSeconds(pid) - cpuBefore[label]) / (wall * cores);
      }
      let pgSeconds = 0;
      for (const pid of new Set([...pgBefore.keys(), ...(await backends())])) {
        const now = cpuSeconds(pid);
        // A backend that ended during the run took its CPU time with it: not counted.
        if (now > 0) pgSeconds += now - (pgBefore.get(pid) ?? 0);
      }
      cpuShare['postgres (this database)'] = pgSeconds / (wall * cores);
      // What the rest of the machine (anything this run did not start) took meanwhile.
      const busy = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
      cpuShare['everything else'] = Math.max(0, busy - Object.values(cpuShare).reduce((sum, v) => sum + v, 0));
      return { figures, cpuShare };
    };
    /**
     * The mean of two runs (request rates, latencies and error counts).
     * @param {LoadFigures} a
     * @param {LoadFigures} b
     * @returns {LoadFigures}
     */
    const mean = (a, b) => ({
      requestsPerSec: (a.requestsPerSec + b.requestsPerSec) / 2,
      p50: (a.p50 + b.p50) / 2,
      p99: (a.p99 + b.p99) / 2,
      total: a.total + b.total,
      non2xx: a.non2xx + b.non2xx,
      errors: a.errors + b.errors,
      statusCodes: a.statusCodes,
    });

    // 1, 2, 2, 1 instances: a drift of the machine during a measure (other load, warming up) weighs on
    // both sides alike.
    for (const { name, options } of plan) {
      await web2('maint');
      const oneA = await measured(options);
      await web2('ready');
      const twoA = await measured(options);
      const twoB = await measured(options);
      await web2('maint');
      const oneB = await measured(options);
      await web2('ready');
      const one = mean(oneA.figures, oneB.figures);
      const two = mean(twoA.figures, twoB.figures);
      /**
       * @param {{ cpuShare: Record<string, number> }} a
       * @param {{ cpuShare: Record<string, number> }} b
       */
      const meanShares = (a, b) =>
        Object.fromEntries(Object.keys(a.cpuShare).map((k) => [k, round((a.cpuShare[k] + b.cpuShare[k]) / 2)]));
      const cpuShareOne = meanShares(oneA, oneB);
      const cpuShareTwo = meanShares(twoA, twoB);
      const ratio = round(two.requestsPerSec / one.requestsPerSec);
      /**
       * CPU milliseconds the web instances spent per request.
       * @param {Record<string, number>} shares
       * @param {LoadFigures} figures
       */
      const webMs = (shares, figures) => round(((shares.web1 + shares.web2) * cores * 1000) / figures.requestsPerSec);
      const webCpuMsPerRequest = { one: webMs(cpuShareOne, one), two: webMs(cpuShareTwo, two) };
      const measure = { name, one, two, ratio, cpuShareOne, cpuShareTwo, webCpuMsPerRequest };
      measures.push(measure);
      log(
        `${name}: 1 instance ${round(one.requestsPerSec, 0)} req/s, 2 instances ${round(two.requestsPerSec, 0)} req/s, ratio ${measure.ratio} ` +
          `(runs ${[oneA, twoA, twoB, oneB].map((r) => round(r.figures.requestsPerSec, 0)).join(' / ')}; non-2xx ${one.non2xx}/${two.non2xx}, errors ${one.errors}/${two.errors})`
      );
    }
  } finally {
    if (deployment) await deployment.stop();
    await sink.stop();
    await db.drop();
  }

  const results = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
    settings: { durationSec: duration, connections, database: 'postgres', through: 'HAProxy (deploy/haproxy.cfg)' },
    measures,
  };
  const file = writeResults('scale-out-', startedAt, results);

  console.log(
    `\nScale-out through HAProxy on PostgreSQL, ${results.machine.cpus} cores, ${duration}s × ${connections} connections per figure`
  );
  const rows = [
    ['measure', '1 web req/s', '2 web req/s', 'ratio', 'p99 ms (1 / 2)'],
    ...measures.map((m) => [
      m.name,
      String(round(m.one.requestsPerSec, 0)),
      String(round(m.two.requestsPerSec, 0)),
      m.ratio.toFixed(2),
      `${m.one.p99} / ${m.two.p99}`,
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  '));
  console.log('\nShare of the machine’s CPU time, 1 instance → 2 instances:');
  for (const m of measures) {
    const shares = Object.keys(m.cpuShareTwo)
      .map((label) => `${label} ${Math.round(m.cpuShareOne[label] * 100)}→${Math.round(m.cpuShareTwo[label] * 100)}%`)
      .join(', ');
    console.log(
      `  ${m.name}: ${shares}; web CPU per request ${m.webCpuMsPerRequest.one} → ${m.webCpuMsPerRequest.two} ms`
    );
  }
  console.log(`\nWritten to ${path.relative(ROOT, file)}`);
};

module.exports = { main };
