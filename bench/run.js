#!/usr/bin/env node
'use strict';
/**
 * npm run bench [-- --db postgres] [--duration 5] [--warmup 2] [--connections 10] [--drain 1000] [--latency-samples 200] [--start-rounds 2]
 * npm run bench -- --instances 2 [--duration 5] [--connections 10]   (bench/scale-out.js: 1 vs 2 web instances behind HAProxy)
 * npm run bench -- --flood 60 [--connections 8]                     (bench/flood.js: sales-mail delay under a flood)
 *
 * Builds the app, boots it as production does (`strapi start`, NODE_ENV=production) on a throwaway
 * database, and measures content reads (directly, and through Varnish with deploy/varnish.vcl when varnishd
 * is installed), submissions, outbox drain, memory and start time (its restarts
 * alternated with an empty Strapi app's, bench/start.js, always on SQLite). Every ratio
 * is computed against a baseline measured in the same run on the same instance. Prints a table and
 * writes bench/results/<timestamp>.json.
 */
const os = require('os');
const path = require('path');
const { compile, freePort, startServer } = require('../scripts/lib/server');
const { SmtpSink } = require('../scripts/lib/smtp-sink');
const { createThrowawayDatabase } = require('./lib/database');
const {
  ROOT,
  helpOnRequest,
  databaseArg,
  arg,
  logger,
  mb,
  round,
  machine,
  runCleanups,
  writeResults,
  run,
} = require('./lib/harness');
const { load, median } = require('./lib/load');
const { validSubmission, submit } = require('./lib/submissions');
const { findVarnishd, startVarnish } = require('../scripts/lib/varnish');
const { measurePdfSubmissions, measureParallelUploads } = require('./attachments');
const { measureStarts } = require('./start');

/**
 * @typedef {import('./lib/load').LoadFigures} LoadFigures
 * @typedef {LoadFigures & { ratioToHealth: number }} RelativeFigures a load figure and its ratio to /_health
 * @typedef {{ name: string, full: RelativeFigures, conditional: RelativeFigures }} ReadFigures
 * @typedef {RelativeFigures & { name: string, health: LoadFigures, hits: number, misses: number, passes: number }} CachedReadFigures
 *   a read through Varnish (deploy/varnish.vcl), the `/_health` figure measured directly just before it (the
 *   ratio's baseline), and Varnish's own count of what it served from the cache
 * @typedef {{ p50: number, p99: number }} Latency milliseconds
 */

/**
 * What a run writes to bench/results/<timestamp>.json; the figures are filled in as the run goes.
 * @typedef {object} BenchResults
 * @property {string} startedAt
 * @property {{ cpus: number, cpuModel: string | undefined, memoryGiB: number, node: string }} machine
 * @property {'sqlite' | 'postgres'} database
 * @property {{ durationSec: number, warmupSec: number, connections: number, drain: number, latencySamples: number }} settings
 * @property {ReadFigures[]} reads
 * @property {CachedReadFigures[] | string} [cachedReads] through Varnish; why not, when it did not run
 * @property {number} [compileMs]
 * @property {number} [startToFirstHealthyMs]
 * @property {number} [rssIdleMB]
 * @property {LoadFigures} [health]
 * @property {LoadFigures} [submissions]
 * @property {LoadFigures & { rssPeakMB: number }} [submissionsWithPdf]
 * @property {{ count: number, fileMB: number, accepted: number, seconds: number, rssBeforeMB: number, rssPeakMB: number, growthMB: number }} [parallelUploads]
 * @property {number} [rssAfterLoadMB]
 * @property {{ instantSmtp: Latency, slowSmtp300ms: Latency, ratioP50: number }} [submissionLatency]
 * @property {{ mails: number, seconds: number, mailsPerSec: number, secondsIncludingBoot: number }} [outboxDrain]
 * @property {{ rounds: number, ours: number[], empty: number[], firstStart?: { ours: number, empty: number, ratio: number }, restarts?: { ours: number, empty: number, ratio: number } }} [startAgainstEmptyApp]
 * @property {string} [finishedAt]
 */

helpOnRequest(
  'npm run bench [-- --db sqlite|postgres] [--duration 5] [--warmup 2] [--connections 10] [--drain 1000] [--latency-samples 200] [--start-rounds 2]\n' +
    'npm run bench -- --instances 2 [--duration 5] [--connections 10]'
);

const DB = databaseArg();
const DURATION = Number(arg('duration', '5'));
const CONNECTIONS = Number(arg('connections', '10'));
const DRAIN = Number(arg('drain', '1000'));
const LATENCY_SAMPLES = Number(arg('latency-samples', '200'));
const START_ROUNDS = Number(arg('start-rounds', '2'));
const WARMUP = Number(arg('warmup', '2'));

/**
 * A measured load, after the same load for WARMUP seconds unmeasured: every figure (the /_health baseline
 * included) is taken with the code it runs already compiled by V8, so a ratio compares two steady states
 * and not a cold baseline with a warm path (or the reverse).
 * @param {Parameters<typeof load>[0]} options
 */
const measuredLoad = async (options) => {
  if (WARMUP > 0) await load({ ...options, duration: WARMUP });
  return load(options);
};

const log = logger('bench');

/**
 * @param {string} url
 * @param {Record<string, string>} [headers]
 */
const etagOf = async (url, headers = {}) => {
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  const etag = res.headers.get('etag');
  if (!etag) throw new Error(`${url} sent no ETag`);
  return etag;
};

/**
 * @param {string} base
 * @param {string} query
 * @param {Record<string, unknown>} variables
 */
const gqlUrl = (base, query, variables) =>
  `${base}/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`;

/**
 * Sequential submissions (one in flight): the latency a single visitor sees.
 * @param {string} url
 * @param {number} count
 * @param {number} offset first submission number (each submission is distinct)
 * @returns {Promise<Latency>}
 */
const sequentialLatency = async (url, count, offset) => {
  /** @type {number[]} */
  const samples = [];
  for (let i = 0; i < count; i += 1) {
    const res = await submit(url, validSubmission(offset + i));
    if (res.status !== 201) throw new Error(`submission answered ${res.status}: ${res.text}`);
    samples.push(res.ms);
  }
  samples.sort((a, b) => a - b);
  return { p50: median(samples), p99: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))] };
};

/**
 * Content reads through Varnish in front of `origin`, each against `/_health` of the same instance measured
 * directly just before it (a baseline taken minutes earlier would compare two loads of a shared machine):
 * what a reader gets from the reference cache. Varnish's counters tell how many of the measured requests
 * it answered from the cache.
 * @param {string} origin
 * @param {[name: string, url: string, headers: Record<string, string>][]} reads
 * @param {(() => Promise<unknown>)[]} cleanups
 * @returns {Promise<CachedReadFigures[] | string>}
 */
const measureCachedReads = async (origin, reads, cleanups) => {
  if (!findVarnishd()) {
    log('reads through Varnish: skipped (varnishd not installed: apt-get install varnish varnish-modules)');
    return 'varnishd not installed';
  }
  const varnish = await startVarnish({
    port: await freePort(),
    backend: origin.replace(/^http:\/\//, ''),
    name: `bench-${process.pid}`,
    storage: 'malloc,256m',
  });
  cleanups.push(() => varnish.stop());
  log(`Varnish pid ${varnish.pid} at ${varnish.url} in front of A`);
  const names = ['MAIN.cache_hit', 'MAIN.cache_miss', 'MAIN.s_pass'];
  /** @type {CachedReadFigures[]} */
  const rows = [];
  for (const [name, url, headers] of reads.filter(([readName]) => /list|overview/.test(readName))) {
    const through = url.replace(origin, varnish.url);
    // Stored first, and checked: a figure of reads that all went to the application would mean nothing.
    for (let attempt = 0; ; attempt += 1) {
      const res = await fetch(through, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${name} through Varnish answered ${res.status}`);
      if (res.headers.get('x-cache') === 'HIT') break;
      if (attempt > 5) throw new Error(`${name} is not stored by Varnish (X-Cache ${res.headers.get('x-cache')})`);
    }
    const health = await measuredLoad({ url: `${origin}/_health`, duration: DURATION, connections: CONNECTIONS });
    if (WARMUP > 0) await load({ url: through, headers, duration: WARMUP, connections: CONNECTIONS });
    const before = varnish.counters(names);
    const figures = await load({ url: through, headers, duration: DURATION, connections: CONNECTIONS });
    const after = varnish.counters(names);
    const row = {
      name: `${name} through Varnish`,
      ...figures,
      ratioToHealth: round(figures.requestsPerSec / health.requestsPerSec),
      health,
      hits: after['MAIN.cache_hit'] - before['MAIN.cache_hit'],
      misses: after['MAIN.cache_miss'] - before['MAIN.cache_miss'],
      passes: after['MAIN.s_pass'] - before['MAIN.s_pass'],
    };
    rows.push(row);
    log(
      `${row.name}: ${round(figures.requestsPerSec)} req/s (${row.ratioToHealth}× /_health direct: ${round(health.requestsPerSec)} req/s just before), p99 ${figures.p99} ms; Varnish: ${row.hits} hits, ${row.misses} misses, ${row.passes} passes`
    );
  }
  return rows;
};

const main = async () => {
  /** @type {BenchResults} */
  const results = {
    startedAt: new Date().toISOString(),
    machine: machine(),
    database: DB,
    settings: {
      durationSec: DURATION,
      warmupSec: WARMUP,
      connections: CONNECTIONS,
      drain: DRAIN,
      latencySamples: LATENCY_SAMPLES,
    },
    reads: [],
  };
  /** @type {(() => Promise<unknown>)[]} */
  const cleanups = [];
  const logFile = path.join(os.tmpdir(), `outsourcing-cms-bench-${process.pid}.log`);
  log(`server logs: ${logFile}`);

  try {
    log('compiling');
    results.compileMs = await compile();

    const instant = new SmtpSink({ parse: false });
    const slow = new SmtpSink({ parse: false, delayMs: 300 });
    await instant.start();
    await slow.start();
    cleanups.push(
      () => instant.stop(),
      () => slow.stop()
    );
    /** @param {InstanceType<typeof SmtpSink>} sink */
    const smtpEnv = (sink) => ({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.listeningPort), SMTP_SECURE: 'false' });
    const benchEnv = {
      QUOTE_RATE_LIMIT_MAX: '0',
      EMAIL_OUTBOX_INTERVAL_MS: '1000',
      EMAIL_OUTBOX_RETRY_BASE_MS: '1000',
    };

    // ---- Server A: reads and submission throughput, instant SMTP ---------------------------------
    const dbA = await createThrowawayDatabase(DB, 'bench_a');
    cleanups.push(() => dbA.drop());
    log(`starting server A on ${dbA.label}`);
    const a = await startServer({ env: { ...dbA.env, ...smtpEnv(instant), ...benchEnv }, label: 'A', log: logFile });
    cleanups.push(() => a.stop());
    results.startToFirstHealthyMs = a.startMs;
    await new Promise((r) => setTimeout(r, 2000));
    results.rssIdleMB = mb(a.rss());

    const health = await measuredLoad({ url: `${a.url}/_health`, duration: DURATION, connections: CONNECTIONS });
    results.health = health;
    log(`/_health ${round(health.requestsPerSec)} req/s`);

    const overviewQuery = `query($locale: I18NLocaleCode) { outsourcingOverview(locale: $locale) { title intro categoriesSection { title intro } factors { label } choosingConclusion closingText quoteCta { title text responseTimeNote buttonLabel } categories { code acronym name slug summary linkLabel examples { label } } comparisonPages { title slug intro linkLabel options { key label description } } seo { metaTitle metaDescription } } }`;
    const listQuery = `query($locale: I18NLocaleCode) { outsourcingCategories(locale: $locale, sort: "code:asc") { code acronym name slug summary body linkLabel examples { label } seo { metaTitle metaDescription canonicalUrl noIndex } } }`;
    const slugQuery = `query($locale: I18NLocaleCode, $slug: String) { outsourcingCategories(locale: $locale, filters: { slug: { eq: $slug } }) { code acronym name slug summary body linkLabel examples { label } seo { metaTitle metaDescription } } }`;
    const gqlHeaders = { 'apollo-require-preflight': 'true' };
    /** @type {[name: string, url: string, headers: Record<string, string>][]} */
    const reads = [
      ['REST category list', `${a.url}/api/outsourcing-categories?locale=fr`, {}],
      ['REST category by slug', `${a.url}/api/outsourcing-categories?filters[slug][$eq]=bpo&locale=fr`, {}],
      ['REST overview', `${a.url}/api/outsourcing-overview?locale=fr`, {}],
      ['GraphQL category list', gqlUrl(a.url, listQuery, { locale: 'fr' }), gqlHeaders],
      ['GraphQL category by slug', gqlUrl(a.url, slugQuery, { locale: 'fr', slug: 'bpo' }), gqlHeaders],
      ['GraphQL overview', gqlUrl(a.url, overviewQuery, { locale: 'fr' }), gqlHeaders],
    ];
    for (const [name, url, headers] of reads) {
      const etag = await etagOf(url, headers);
      const full = await measuredLoad({ url, headers, duration: DURATION, connections: CONNECTIONS });
      const conditional = await measuredLoad({
        url,
        headers: { ...headers, 'if-none-match': etag },
        duration: DURATION,
        connections: CONNECTIONS,
      });
      const row = {
        name,
        full: { ...full, ratioToHealth: round(full.requestsPerSec / health.requestsPerSec) },
        conditional: { ...conditional, ratioToHealth: round(conditional.requestsPerSec / health.requestsPerSec) },
      };
      results.reads.push(row);
      log(
        `${name}: full ${round(full.requestsPerSec)} req/s (${row.full.ratioToHealth}×), 304 ${round(conditional.requestsPerSec)} req/s (${row.conditional.ratioToHealth}×)`
      );
    }

    // ---- The same reads through the reference cache (Varnish, deploy/varnish.vcl) in front of A ------
    results.cachedReads = await measureCachedReads(a.url, reads, cleanups);

    let seq = 0;
    const body = JSON.stringify({ data: validSubmission(0) });
    const submissions = await measuredLoad({
      url: `${a.url}/api/quote-requests`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duration: DURATION,
      connections: CONNECTIONS,
    });
    results.submissions = submissions;
    log(
      `submissions ${round(submissions.requestsPerSec)} req/s, p50 ${submissions.p50} ms, p99 ${submissions.p99} ms, non-2xx ${submissions.non2xx}`
    );
    await new Promise((r) => setTimeout(r, 1000));
    results.rssAfterLoadMB = mb(a.rss());

    // The same submission with one 1 MB PDF attached (multipart, streamed to disk), RSS sampled during it;
    // then memory under 200 parallel 10 MB uploads (bench/attachments.js).
    const withPdf = await measurePdfSubmissions({
      url: a.url,
      rss: a.rss,
      duration: DURATION,
      connections: CONNECTIONS,
    });
    results.submissionsWithPdf = withPdf;
    log(
      `submissions with a 1 MB PDF ${round(withPdf.requestsPerSec)} req/s, p50 ${withPdf.p50} ms, p99 ${withPdf.p99} ms, non-2xx ${withPdf.non2xx}, RSS peak ${withPdf.rssPeakMB} MB`
    );
    results.parallelUploads = await measureParallelUploads({ url: a.url, rss: a.rss });
    await a.stop();

    // ---- Servers B (instant SMTP) and C (300 ms SMTP): one visitor's submission latency ------------
    /**
     * @param {string} key
     * @param {InstanceType<typeof SmtpSink>} sink
     */
    const submissionLatency = async (key, sink) => {
      const db = await createThrowawayDatabase(DB, `bench_${key.toLowerCase()}`);
      cleanups.push(() => db.drop());
      const server = await startServer({ env: { ...db.env, ...smtpEnv(sink), ...benchEnv }, label: key, log: logFile });
      await sequentialLatency(server.url, 20, (seq += 1000)); // warm-up
      const latency = await sequentialLatency(server.url, LATENCY_SAMPLES, (seq += 1000));
      await server.stop();
      log(`sequential submission latency with ${key}: p50 ${latency.p50} ms, p99 ${latency.p99} ms`);
      return latency;
    };
    const instantSmtp = await submissionLatency('instantSmtp', instant);
    const slowSmtp300ms = await submissionLatency('slowSmtp300ms', slow);
    results.submissionLatency = { instantSmtp, slowSmtp300ms, ratioP50: round(slowSmtp300ms.p50 / instantSmtp.p50) };

    // ---- Outbox drain: DRAIN notifications queued while the dispatcher is off, then drained ------
    const dbD = await createThrowawayDatabase(DB, 'bench_drain');
    cleanups.push(() => dbD.drop());
    const drainSink = new SmtpSink({ parse: false });
    await drainSink.start();
    cleanups.push(() => drainSink.stop());
    const queue = await startServer({
      env: { ...dbD.env, ...smtpEnv(drainSink), ...benchEnv, EMAIL_OUTBOX_ENABLED: 'false' },
      label: 'queue',
      log: logFile,
    });
    const requests = Math.ceil(DRAIN / 2);
    for (let i = 0; i < requests; i += 1) {
      const res = await submit(queue.url, validSubmission(i));
      if (res.status !== 201) throw new Error(`queueing submission answered ${res.status}`);
    }
    await queue.stop();
    const drainStarted = Date.now();
    const drainer = await startServer({
      env: { ...dbD.env, ...smtpEnv(drainSink), ...benchEnv },
      label: 'drain',
      log: logFile,
    });
    await drainSink.waitFor(() => true, requests * 2, 300000);
    const first = drainSink.messages[0].receivedAt;
    const last = drainSink.messages[requests * 2 - 1].receivedAt;
    const seconds = (last - first) / 1000;
    results.outboxDrain = {
      mails: requests * 2,
      seconds: round(seconds),
      mailsPerSec: round((requests * 2) / seconds, 1),
      secondsIncludingBoot: round((last - drainStarted) / 1000),
    };
    log(`outbox drain: ${requests * 2} mails in ${round(seconds)} s = ${results.outboxDrain.mailsPerSec} mails/s`);
    await drainer.stop();

    // ---- Start: restarts of this app alternated with an empty Strapi app's (bench/start.js) -------
    if (START_ROUNDS > 0) {
      log(`start: ${START_ROUNDS} restarts of this app alternated with an empty Strapi app's`);
      const starts = await measureStarts(START_ROUNDS);
      results.startAgainstEmptyApp = {
        rounds: starts.rounds,
        ours: starts.ours,
        empty: starts.empty,
        firstStart: starts.firstStart,
        restarts: starts.restarts,
      };
    }
  } finally {
    await runCleanups(cleanups, log);
  }

  results.finishedAt = new Date().toISOString();
  const file = writeResults('', results.startedAt, results);

  const rows = [
    ['measure', 'req/s', 'p50 ms', 'p99 ms', '× /_health'],
    ['/_health (baseline)', round(results.health.requestsPerSec, 0), results.health.p50, results.health.p99, '1.00'],
    ...results.reads.flatMap((r) => [
      [`${r.name} (full)`, round(r.full.requestsPerSec, 0), r.full.p50, r.full.p99, r.full.ratioToHealth.toFixed(2)],
      [
        `${r.name} (304)`,
        round(r.conditional.requestsPerSec, 0),
        r.conditional.p50,
        r.conditional.p99,
        r.conditional.ratioToHealth.toFixed(2),
      ],
    ]),
    ...(Array.isArray(results.cachedReads) ? results.cachedReads : []).map((r) => [
      r.name,
      round(r.requestsPerSec, 0),
      r.p50,
      r.p99,
      r.ratioToHealth.toFixed(2),
    ]),
    [
      'POST /api/quote-requests',
      round(results.submissions.requestsPerSec, 0),
      results.submissions.p50,
      results.submissions.p99,
      (results.submissions.requestsPerSec / results.health.requestsPerSec).toFixed(3),
    ],
    [
      `POST /api/quote-requests + 1 MB PDF (RSS peak ${results.submissionsWithPdf.rssPeakMB} MB)`,
      round(results.submissionsWithPdf.requestsPerSec, 0),
      results.submissionsWithPdf.p50,
      results.submissionsWithPdf.p99,
      (results.submissionsWithPdf.requestsPerSec / results.health.requestsPerSec).toFixed(3),
    ],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  console.log(
    `\nBenchmark on ${DB}, ${results.machine.cpus} cores, Node ${process.version}, ${DURATION}s × ${CONNECTIONS} connections per figure, each after ${WARMUP}s of the same load unmeasured`
  );
  for (const row of rows) console.log(row.map((c, i) => String(c).padEnd(widths[i])).join('  '));
  if (Array.isArray(results.cachedReads)) {
    console.log(
      `Through Varnish (× /_health measured directly just before each): ${results.cachedReads.map((r) => `${r.name} ${r.hits} hits / ${r.misses} misses / ${r.passes} passes, /_health ${round(r.health.requestsPerSec, 0)} req/s`).join('; ')}`
    );
  }
  const up = results.parallelUploads;
  console.log(
    `\n${up.count} parallel uploads of ${up.fileMB} MB: ${up.accepted} answered 201 in ${up.seconds} s; RSS ${up.rssBeforeMB} MB before, peak ${up.rssPeakMB} MB (+${up.growthMB} MB; the bound is +100 MB)`
  );
  const l = results.submissionLatency;
  console.log(
    `\nSubmission latency, one at a time (${LATENCY_SAMPLES} samples): instant SMTP p50 ${l.instantSmtp.p50} ms, 300 ms SMTP p50 ${l.slowSmtp300ms.p50} ms, ratio ${l.ratioP50}`
  );
  console.log(
    `Outbox drain: ${results.outboxDrain.mails} mails in ${results.outboxDrain.seconds} s = ${results.outboxDrain.mailsPerSec} mails/s`
  );
  console.log(
    `Start to first healthy /_health: ${results.startToFirstHealthyMs} ms; RSS idle ${results.rssIdleMB} MB, after load ${results.rssAfterLoadMB} MB`
  );
  const restarts = results.startAgainstEmptyApp?.restarts;
  if (restarts) {
    console.log(
      `Restart (SQLite, median of ${results.startAgainstEmptyApp?.rounds}, alternated): ${restarts.ours} ms, an empty Strapi app ${restarts.empty} ms (${restarts.ratio}×)`
    );
  }
  console.log(`\nWritten to ${path.relative(ROOT, file)}`);
};

// `--instances 2`: the scale-out comparison through HAProxy (bench/scale-out.js) instead; `--flood 60`:
// sales-mail delay under a flood of submissions (bench/flood.js).
run(() =>
  process.argv.includes('--instances')
    ? require('./scale-out').main()
    : process.argv.includes('--flood')
      ? require('./flood').main()
      : main()
);
