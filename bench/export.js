#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * node bench/export.js [--db sqlite|postgres] [--rows 100000] [--max-rss-growth-mb 50] [--no-compile] [--cpu-prof DIR]
 *
 * The CSV export at scale: boots the app as production does (`strapi start`, NODE_ENV=production) on a
 * throwaway database, writes ROWS quote requests straight to the table (knex, batched), signs in as a
 * super admin and downloads GET /api/quote-requests/export with fetch. Measures the total time, the
 * time to the first byte, the records received (must be ROWS + the header) and the growth of the
 * server's resident memory during the download (VmRSS of the server process, sampled every 50 ms),
 * which must stay under --max-rss-growth-mb, and how long GET /_health waits meanwhile; then aborts a
 * second download after its first chunk and checks the server stops working on it (its CPU use right
 * after). Exits 1 when a check fails; writes bench/results/export-<timestamp>.json. `main` is exported
 * for bench/run.js.
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
  mb,
  machine,
  compileUnlessSkipped,
  runCleanups,
  writeResults,
  run,
} = require('./lib/harness');

helpOnRequest(
  'node bench/export.js [--db sqlite|postgres] [--rows 100000] [--max-rss-growth-mb 50] [--no-compile] [--cpu-prof DIR]'
);

const DB = databaseArg();
const ROWS = Number(arg('rows', '100000'));
const MAX_RSS_GROWTH_MB = Number(arg('max-rss-growth-mb', '50'));
const BATCH = 500;
const SAMPLE_MS = 50;

const log = logger('bench:export');

/**
 * What a run writes to bench/results/export-<timestamp>.json.
 * @typedef {object} ExportFigures
 * @property {string} startedAt
 * @property {{ cpus: number, cpuModel: string | undefined, memoryGiB: number, node: string }} machine
 * @property {'sqlite' | 'postgres'} database
 * @property {number} rowsInserted
 * @property {number} insertSeconds
 * @property {number} recordsReceived data records, header excluded
 * @property {number} megabytes size of the file downloaded
 * @property {number} firstByteMs
 * @property {number} totalSeconds
 * @property {number} rowsPerSec
 * @property {number} rssBeforeMB
 * @property {number} rssPeakMB
 * @property {number} rssGrowthMB peak during the download minus the value just before it
 * @property {number} rssAfterMB
 * @property {number} cpuAfterAbortPercent server CPU use 1 to 3 s after a client aborted a download
 * @property {{ probes: number, failures: number, p50: number, max: number }} healthDuringExport GET /_health latency (ms) meanwhile
 * @property {boolean} passed
 */

const MODELS = ['bpo', 'ito', 'kpo', 'undecided'];
const SCOPES = ['total', 'partial', 'undecided', null];
const APPROACHES = ['tactical', 'strategic', 'undecided', null];
const STAGES = ['new', 'new', 'qualified', 'contacted', 'proposal', 'won', 'lost', 'spam'];
const FIRST = ['Camille', 'Louis', 'Emma', 'Hugo', 'Chloé', 'Léa', 'Gabriel', 'Inès', 'Arthur', 'Jade'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau'];
const COMPANIES = ['Transports', 'Assurances', 'Logistique', 'Banque', 'Énergie', 'Santé', 'Distribution'];
const MESSAGES = [
  'Nous souhaitons externaliser notre service client (niveau 1 et 2), environ 40 000 contacts par mois, en français et en anglais.',
  'Infogérance de notre parc (1 200 postes), support utilisateurs 24/7, "astreinte" le week-end; budget à définir.',
  'Étude de marché et veille concurrentielle pour le lancement d’une offre en Belgique.\nMerci de nous rappeler avant vendredi.',
  'Saisie et traitement des factures fournisseurs, 8 000 par mois, rapprochement avec les bons de commande, export vers SAP.',
];

/**
 * One realistic row of quote_requests, as the table stores it (index 0 is the oldest).
 * @param {number} i
 * @param {number} start epoch milliseconds of the oldest row
 */
const row = (i, start) => {
  const createdAt = new Date(start + i * 30000);
  const model = MODELS[i % MODELS.length];
  const scope = SCOPES[i % SCOPES.length];
  const approach = APPROACHES[i % APPROACHES.length];
  const stage = STAGES[i % STAGES.length];
  const first = FIRST[i % FIRST.length];
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
  const tags = [`model:${model}`, ...(scope ? [`scope:${scope}`] : []), ...(approach ? [`approach:${approach}`] : [])];
  const routedTo = [`${model}@bench.test`];
  const day = createdAt.toISOString().slice(0, 10).replace(/-/g, '');
  return {
    document_id: `bench${String(i).padStart(19, '0')}`,
    reference: `QR-${day}-${String(i + 1).padStart(6, '0')}`,
    full_name: `${first} ${last}`,
    email: `${first}.${last}.${i}@client-${i % 97}.test`.toLowerCase(),
    phone:
      i % 3 === 0 ? null : `+33 1 ${String(10 + (i % 89)).padStart(2, '0')} 45 67 ${String(i % 100).padStart(2, '0')}`,
    company: `${COMPANIES[i % COMPANIES.length]} ${last} & Fils`,
    job_title: i % 2 === 0 ? 'Directrice des opérations' : 'DSI',
    requested_model: model,
    scope,
    approach,
    message: `${MESSAGES[i % MESSAGES.length]} (réf. interne ${i})`,
    consent: true,
    consent_at: createdAt,
    language: i % 4 === 0 ? 'en' : 'fr',
    source_url: `https://www.example.test/${model}?utm_source=bench&utm_campaign=${i % 12}`,
    tags: JSON.stringify(tags),
    tag_list: tags.join(', '),
    stage,
    first_response_at: stage === 'new' ? null : new Date(createdAt.getTime() + 3600000),
    internal_notes: i % 5 === 0 ? `Rappel prévu; devis envoyé le ${createdAt.toISOString().slice(0, 10)}` : null,
    expected_response_by: new Date(createdAt.getTime() + 2 * 86400000),
    routed_to: JSON.stringify(routedTo),
    notification_status: 'sent',
    notification_attempts: 1,
    ip_hash: `${i.toString(16).padStart(8, '0')}`.repeat(8),
    user_agent: 'Mozilla/5.0 (bench)',
    created_at: createdAt,
    updated_at: createdAt,
    published_at: createdAt,
  };
};

/**
 * A knex connection to the server's database, from this process (the server is idle meanwhile; on
 * SQLite, WAL and the busy timeout let both processes share the file).
 * @param {Record<string, string>} env the DATABASE_* variables of the throwaway database
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
  const start = Date.parse('2024-01-01T08:00:00.000Z');
  try {
    await db.transaction(async (trx) => {
      for (let offset = 0; offset < count; offset += BATCH) {
        const batch = [];
        for (let i = offset; i < Math.min(count, offset + BATCH); i += 1) batch.push(row(i, start));
        // SQLite allows 32,766 bound values a statement: 500 rows × 29 columns stay below.
        await trx('quote_requests').insert(batch);
      }
    });
    return (Date.now() - started) / 1000;
  } finally {
    await db.destroy();
  }
};

/**
 * The first super admin, through the admin API (what the admin panel's sign-up page does on a fresh
 * database), then a sign-in for an access token.
 * @param {string} url
 * @returns {Promise<string>}
 */
const superAdminToken = async (url) => {
  const email = 'bench.admin@bench.test';
  const password = 'Bench-Passw0rd!';
  const registered = await fetch(`${url}/admin/register-admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ firstname: 'Bench', lastname: 'Admin', email, password }),
  });
  if (registered.status !== 200 && registered.status !== 201) {
    throw new Error(`register-admin answered ${registered.status}: ${await registered.text()}`);
  }
  const login = await fetch(`${url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`admin login answered ${login.status}: ${await login.text()}`);
  const body = /** @type {{ data: { token: string } }} */ (await login.json());
  return body.data.token;
};

/**
 * Counts CSV records in a stream of text chunks: a CRLF outside quotes ends a record.
 */
class RecordCounter {
  constructor() {
    this.records = 0;
    this.quoted = false;
    this.pendingCr = false;
    /** @type {string} */
    this.firstRecord = '';
    this.secondRecord = '';
    this.current = '';
  }

  /** @param {string} text */
  push(text) {
    for (let i = 0; i < text.length; i += 1) {
      const c = text[i];
      if (this.records < 2) this.current += c;
      if (c === '"') this.quoted = !this.quoted;
      else if (!this.quoted && c === '\n' && this.pendingCr) {
        if (this.records === 0) this.firstRecord = this.current.slice(0, -2);
        if (this.records === 1) this.secondRecord = this.current.slice(0, -2);
        this.current = '';
        this.records += 1;
      }
      this.pendingCr = !this.quoted && c === '\r';
    }
  }
}

/**
 * CPU time a process has used (user + system), from /proc/<pid>/stat, in seconds.
 * @param {number | undefined} pid
 */
const cpuSeconds = (pid) => {
  const fields = fs
    .readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  // Fields 14 and 15 of stat (utime, stime), counted after the command name: indexes 11 and 12 here.
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/**
 * Asks GET /_health every 250 ms until stopped: how long other requests wait while an export runs.
 * @param {string} url
 */
const probeHealth = (url) => {
  /** @type {number[]} */
  const latencies = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      try {
        // A new connection each time: the probe measures the server, not a stale keep-alive socket.
        const res = await fetch(`${url}/_health`, { headers: { connection: 'close' } });
        await res.arrayBuffer();
        latencies.push(Date.now() - started);
      } catch (error) {
        failures += 1;
        log('health probe failed:', error instanceof Error ? error.message : error);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      latencies.sort((a, b) => a - b);
      return {
        probes: latencies.length,
        failures,
        p50: latencies[Math.floor(latencies.length / 2)] ?? 0,
        max: latencies[latencies.length - 1] ?? 0,
      };
    },
  };
};

/**
 * Samples a process's RSS every SAMPLE_MS until stopped.
 * @param {() => number} rss
 */
const sampleRss = (rss) => {
  let peak = rss();
  const timer = setInterval(() => {
    const value = rss();
    if (Number.isFinite(value) && value > peak) peak = value;
  }, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      const value = rss();
      return Number.isFinite(value) && value > peak ? value : peak;
    },
  };
};

/** @returns {Promise<void>} */
const main = async () => {
  /** @type {(() => Promise<unknown>)[]} */
  const cleanups = [];
  const logFile = path.join(os.tmpdir(), `outsourcing-cms-bench-export-${process.pid}.log`);
  log(`server logs: ${logFile}`);
  try {
    await compileUnlessSkipped(log);
    const db = await createThrowawayDatabase(DB, 'export');
    cleanups.push(() => db.drop());
    log(`starting the server on ${db.label}`);
    const profileDir = arg('cpu-prof', '');
    const server = await startServer({
      env: { ...db.env, QUOTE_RATE_LIMIT_MAX: '0' },
      label: 'export',
      log: logFile,
      nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [],
    });
    cleanups.push(() => server.stop());

    log(`inserting ${ROWS} quote requests`);
    const insertSeconds = await insertRows(db.env, ROWS);
    log(`inserted in ${insertSeconds.toFixed(1)} s`);
    const token = await superAdminToken(server.url);
    const exportUrl = `${server.url}/api/quote-requests/export`;
    const headers = { authorization: `Bearer ${token}` };

    // Warm-up: the code paths of an export (modules, permission checker) loaded before measuring.
    const warm = await fetch(`${exportUrl}?stage=won&from=2024-01-01&to=2024-01-02`, { headers });
    if (warm.status !== 200) throw new Error(`warm-up export answered ${warm.status}: ${await warm.text()}`);
    await warm.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const rssBefore = server.rss();
    const sampler = sampleRss(() => server.rss());
    const health = probeHealth(server.url);
    const started = Date.now();
    const res = await fetch(exportUrl, { headers });
    if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}: ${await res.text()}`);
    const counter = new RecordCounter();
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    let bytes = 0;
    let firstByteMs = 0;
    /** @type {import('stream/web').ReadableStreamDefaultReader<Uint8Array>} */
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (bytes === 0) firstByteMs = Date.now() - started;
      bytes += value.byteLength;
      counter.push(decoder.decode(value, { stream: true }));
    }
    counter.push(decoder.decode());
    const totalMs = Date.now() - started;
    const rssPeak = sampler.stop();
    const healthDuringExport = await health.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rssAfter = server.rss();

    // A client that goes away: the server must stop reading pages (without it, it would keep the CPU
    // busy for the whole export). Read the first chunk, abort, then measure the server's CPU use.
    const controller = new AbortController();
    const abandoned = await fetch(exportUrl, { headers, signal: controller.signal });
    if (!abandoned.body) throw new Error('abandoned export has no body');
    await abandoned.body.getReader().read();
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const cpuBefore = cpuSeconds(server.pid);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const cpuAfterAbortPercent = Math.round(((cpuSeconds(server.pid) - cpuBefore) / 2) * 100);

    const recordsReceived = counter.records - 1;
    const growthMB = mb(rssPeak - rssBefore);
    const newest = `QR-${new Date(Date.parse('2024-01-01T08:00:00.000Z') + (ROWS - 1) * 30000).toISOString().slice(0, 10).replace(/-/g, '')}-${String(ROWS).padStart(6, '0')},`;
    const checks = [
      [`records received = ${ROWS} + header`, recordsReceived === ROWS],
      ['file starts with the BOM and the header', counter.firstRecord.startsWith('\uFEFFreference,')],
      ['newest request first', counter.secondRecord.startsWith(newest)],
      [`RSS growth under ${MAX_RSS_GROWTH_MB} MB`, growthMB < MAX_RSS_GROWTH_MB],
      [`abandoned download: server idle after the abort (${cpuAfterAbortPercent}% CPU)`, cpuAfterAbortPercent < 20],
    ];

    /** @type {ExportFigures} */
    const figures = {
      startedAt: new Date(started).toISOString(),
      machine: machine(),
      database: DB,
      rowsInserted: ROWS,
      insertSeconds: Math.round(insertSeconds * 10) / 10,
      recordsReceived,
      megabytes: mb(bytes),
      firstByteMs,
      totalSeconds: Math.round(totalMs / 100) / 10,
      rowsPerSec: Math.round(recordsReceived / (totalMs / 1000)),
      rssBeforeMB: mb(rssBefore),
      rssPeakMB: mb(rssPeak),
      rssGrowthMB: growthMB,
      rssAfterMB: mb(rssAfter),
      cpuAfterAbortPercent,
      healthDuringExport,
      passed: checks.every(([, ok]) => ok),
    };
    const file = writeResults('export-', figures.startedAt, figures);

    console.log(
      `\nCSV export of ${ROWS} quote requests on ${DB} (${figures.machine.cpus} cores, Node ${process.version}):`
    );
    console.log(
      `  ${recordsReceived} records, ${figures.megabytes} MB in ${figures.totalSeconds} s (${figures.rowsPerSec} rows/s), first byte after ${firstByteMs} ms`
    );
    console.log(
      `  server RSS ${figures.rssBeforeMB} MB before, peak ${figures.rssPeakMB} MB (growth ${growthMB} MB), ${figures.rssAfterMB} MB after`
    );
    console.log(
      `  GET /_health during the export: ${healthDuringExport.probes} probes (${healthDuringExport.failures} failed), p50 ${healthDuringExport.p50} ms, max ${healthDuringExport.max} ms`
    );
    for (const [name, ok] of checks) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}`);
    console.log(`Written to ${path.relative(ROOT, file)}`);
    if (!figures.passed) process.exitCode = 1;
  } finally {
    await runCleanups(cleanups, log);
  }
};

module.exports = { main };

if (require.main === module) run(main);
