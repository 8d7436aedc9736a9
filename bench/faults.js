#!/usr/bin/env node
'use strict';
/**
 * npm run test:faults [-- --quick] [--only a,b,c,d]
 *
 * Fault-injection scenarios against real server processes (`strapi start`), each printing one verdict
 * line with its figures; exits non-zero when any scenario fails.
 *   (a) SMTP unreachable during N submissions, then back: all stored, every mail delivered once.
 *   (b) kill -9 during a stream of submissions, then restart: every 201 is stored and notified.
 *   (c) two instances on one PostgreSQL database, both dispatchers on: every mail delivered once.
 *   (d) thousands of malformed submissions: no 5xx, nothing stored, server healthy afterwards.
 *   (e) the reference deployment (deploy/haproxy.cfg: HAProxy, 2 web instances, 1 outbox worker, one
 *       PostgreSQL): the rate limit is global through HAProxy, a publish on web1 is served by web2 within
 *       1 s, and with web1 killed (kill -9) mid-stream every mail is sent once and HAProxy answers every
 *       request once its health check dropped web1.
 *   (f) SMTP unreachable during a flood of distinct submissions (as many connections as the flood bench),
 *       then back: every 201 stored and notified, every mail delivered once, and sales mail first (most of
 *       the first mails after the outage are sales notifications: the outbox's claim order).
 *   (g) the lead receiver (LEAD_WEBHOOK_URL, a CRM's) down during N submissions to two instances on one
 *       PostgreSQL database, both dispatching, then back: every 201 reaches it as one signed
 *       `quote_request.created` (verified with `standardwebhooks`), none twice, in the order written.
 *   (h) kill -9 during uploads of attached files (multipart submissions half sent), then restart: no
 *       temp file left, every stored file has its row and every row its file.
 */
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { Webhook } = require('standardwebhooks');
const { compile, startServer } = require('../scripts/lib/server');
const { startDeployment } = require('../scripts/lib/deployment');
const { contentManager, registerFirstAdmin } = require('../scripts/lib/admin-api');
const { SmtpSink } = require('../scripts/lib/smtp-sink');
const { createThrowawayDatabase } = require('./lib/database');
const { validSubmission, submit, rawRequest } = require('./lib/submissions');
const { malformedCase } = require('./lib/malformed');
const { run, helpOnRequest } = require('./lib/harness');

helpOnRequest('npm run test:faults [-- --quick] [--only a,b,c,d,e,f,g,h]');

/** @typedef {import('../scripts/lib/smtp-sink').ReceivedMail} ReceivedMail */
/** @typedef {import('./lib/database').ThrowawayDatabase} ThrowawayDatabase */
/** @typedef {Record<number, number>} StatusCounts how many responses had each status code */

const QUICK = process.argv.includes('--quick');
const onlyArg = process.argv.indexOf('--only');
const ONLY = onlyArg > -1 ? process.argv[onlyArg + 1].split(',') : ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const SIZE = QUICK
  ? { a: 40, b: 60, c: 60, d: 1200, e: 80, g: 40 }
  : { a: 200, b: 300, c: 300, d: 6000, e: 400, g: 200 };
/** Seconds of flood in (f), and its connections. */
const FLOOD = QUICK ? { seconds: 6, connections: 8 } : { seconds: 30, connections: 8 };
/** Publish rounds timed in (e). */
const PUBLISH_ROUNDS = QUICK ? 3 : 10;
const LOG = path.join(os.tmpdir(), `outsourcing-cms-faults-${process.pid}.log`);

const fastOutbox = {
  QUOTE_RATE_LIMIT_MAX: '0',
  EMAIL_OUTBOX_INTERVAL_MS: '200',
  EMAIL_OUTBOX_RETRY_BASE_MS: '200',
  EMAIL_OUTBOX_RETRY_MAX_MS: '1000',
  EMAIL_OUTBOX_MAX_ATTEMPTS: '1000',
  EMAIL_OUTBOX_LEASE_MS: '5000',
  SMTP_TIMEOUT_MS: '2000',
};
/** @param {InstanceType<typeof SmtpSink>} sink */
const smtpEnv = (sink) => ({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.listeningPort), SMTP_SECURE: 'false' });

/**
 * Runs `fn` over 0..count-1 with `concurrency` in flight.
 * @param {number} count
 * @param {number} concurrency
 * @param {(i: number) => Promise<void>} fn
 */
const pool = async (count, concurrency, fn) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next;
        next += 1;
        await fn(i);
      }
    })
  );
};

/** @param {ReceivedMail} mail */
const referenceOf = (mail) => (/^X-Quote-Reference:\s*(\S+)/im.exec(mail.raw) || [])[1];
/** @param {ReceivedMail[]} mails */
const duplicates = (mails) => mails.length - new Set(mails.map((m) => m.messageId)).size;
/**
 * @param {ThrowawayDatabase} db
 * @param {string} sql a `SELECT COUNT(*) AS n …`
 */
const count = async (db, sql) => Number((await db.query(sql))[0].n);
/**
 * @param {ThrowawayDatabase} db
 * @param {string} table
 */
const countRows = (db, table) => count(db, `SELECT COUNT(*) AS n FROM ${table}`);
/**
 * @param {StatusCounts} counts
 * @param {number} status
 */
const tally = (counts, status) => {
  counts[status] = (counts[status] || 0) + 1;
};
/**
 * Prints the scenario's verdict line and returns `ok`.
 * @param {boolean} ok
 * @param {string} line
 */
const verdict = (ok, line) => {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${line}`);
  return ok;
};

/**
 * Runs a scenario with its own SMTP sink and throwaway database, and removes both whatever happens
 * (also when a server fails to start).
 * @param {'sqlite' | 'postgres'} dbKind
 * @param {string} name
 * @param {(resources: { sink: InstanceType<typeof SmtpSink>, db: ThrowawayDatabase }) => Promise<boolean>} scenario
 * @returns {Promise<boolean>} whether the scenario passed
 */
const withSinkAndDatabase = async (dbKind, name, scenario) => {
  const sink = new SmtpSink({ parse: false });
  await sink.start();
  /** @type {ThrowawayDatabase | undefined} */
  let db;
  try {
    db = await createThrowawayDatabase(dbKind, name);
    return await scenario({ sink, db });
  } finally {
    await sink.stop();
    if (db) await db.drop();
  }
};

const scenarioA = () =>
  withSinkAndDatabase('sqlite', 'faults_a', async ({ sink, db }) => {
    const n = SIZE.a;
    await sink.stop(); // the port is known and nobody listens: SMTP unreachable
    const server = await startServer({ env: { ...db.env, ...smtpEnv(sink), ...fastOutbox }, label: 'a', log: LOG });
    try {
      /** @type {StatusCounts} */
      const statuses = {};
      /** @type {Set<string>} */
      const references = new Set();
      await pool(n, 10, async (i) => {
        const res = await submit(server.url, validSubmission(i));
        tally(statuses, res.status);
        const reference = res.body?.data?.reference;
        if (res.status === 201 && reference) references.add(reference);
      });
      const stored = await countRows(db, 'quote_requests');
      await new Promise((r) => setTimeout(r, 1500)); // a few failed delivery rounds
      const failedAttempts = await count(
        db,
        "SELECT COUNT(*) AS n FROM quote_notifications WHERE attempts > 0 AND delivery_status = 'pending'"
      );
      const outageStarted = Date.now();
      await sink.start();
      await sink.waitFor(() => true, n * 2, 120000);
      const recoverySec = (Date.now() - outageStarted) / 1000;
      await new Promise((r) => setTimeout(r, 2000)); // would a duplicate still come?
      const mails = sink.messages;
      const notified = new Set(mails.map(referenceOf));
      const lost = [...references].filter((ref) => !notified.has(ref)).length;
      const ok = statuses[201] === n && stored === n && mails.length === n * 2 && duplicates(mails) === 0 && lost === 0;
      return verdict(
        ok,
        `(a) SMTP down during ${n} submissions: ${statuses[201] || 0}/${n} answered 201, ${stored} stored, ${failedAttempts} notifications failed while down, ` +
          `${mails.length}/${n * 2} mails delivered ${recoverySec.toFixed(1)} s after SMTP came back, ${duplicates(mails)} duplicates, ${lost} requests not notified`
      );
    } finally {
      await server.stop();
    }
  });

const scenarioB = () =>
  withSinkAndDatabase('sqlite', 'faults_b', async ({ sink, db }) => {
    const n = SIZE.b;
    const env = { ...db.env, ...smtpEnv(sink), ...fastOutbox };
    let server = await startServer({ env, label: 'b1', log: LOG });
    /** @type {Set<string>} */
    const accepted = new Set();
    let refused = 0;
    let serverErrors = 0;
    try {
      let killed = false;
      await pool(n, 8, async (i) => {
        if (i === Math.floor(n / 2) && !killed) {
          killed = true;
          await server.kill9();
        }
        const res = await submit(server.url, validSubmission(i));
        const reference = res.body?.data?.reference;
        if (res.status === 201 && reference) accepted.add(reference);
        else if (res.status === 0)
          refused += 1; // connection refused / reset by the kill
        else if (res.status >= 500) serverErrors += 1;
      });
      server = await startServer({ env, label: 'b2', log: LOG });
      const storedRows = await db.query('SELECT reference FROM quote_requests');
      const stored = new Set(storedRows.map((r) => r.reference));
      const missing = [...accepted].filter((ref) => !stored.has(ref)).length;
      // Every stored request gets both mails (also those whose 201 was cut by the kill).
      await sink.waitFor(() => true, stored.size * 2, 120000);
      await new Promise((r) => setTimeout(r, 2000));
      const notified = new Set(sink.messages.map(referenceOf));
      const notNotified = [...accepted].filter((ref) => !notified.has(ref)).length;
      const dup = duplicates(sink.messages);
      const ok = missing === 0 && notNotified === 0 && serverErrors === 0 && accepted.size > 0;
      return verdict(
        ok,
        `(b) kill -9 mid-stream: ${accepted.size} answered 201, ${refused} refused by the dead process, ${stored.size} stored after restart, ` +
          `${missing} acknowledged but lost, ${notNotified} acknowledged but not notified, ${sink.messages.length} mails for ${stored.size * 2} notifications, ` +
          `${dup} re-sent (in-flight at the kill: at-least-once), ${serverErrors} responses >= 500`
      );
    } finally {
      await server.stop();
    }
  });

const scenarioC = () =>
  withSinkAndDatabase('postgres', 'faults_c', async ({ sink, db }) => {
    const n = SIZE.c;
    const env = { ...db.env, ...smtpEnv(sink), ...fastOutbox, EMAIL_OUTBOX_INTERVAL_MS: '50' };
    const first = await startServer({ env, label: 'c1', log: LOG });
    const second = await startServer({ env, label: 'c2', log: LOG });
    try {
      /** @type {StatusCounts} */
      const statuses = {};
      await pool(n, 10, async (i) => {
        const res = await submit((i % 2 ? first : second).url, validSubmission(i));
        tally(statuses, res.status);
      });
      await sink.waitFor(() => true, n * 2, 120000);
      await new Promise((r) => setTimeout(r, 2000));
      const dup = duplicates(sink.messages);
      const sent = await count(db, "SELECT COUNT(*) AS n FROM quote_notifications WHERE delivery_status = 'sent'");
      const ok = statuses[201] === n && sink.messages.length === n * 2 && dup === 0 && sent === n * 2;
      return verdict(
        ok,
        `(c) two instances, one PostgreSQL, both dispatching: ${statuses[201] || 0}/${n} answered 201, ${sink.messages.length}/${n * 2} mails, ${dup} duplicates, ${sent} rows marked sent`
      );
    } finally {
      await first.stop();
      await second.stop();
    }
  });

const scenarioD = () =>
  withSinkAndDatabase('sqlite', 'faults_d', async ({ sink, db }) => {
    const n = SIZE.d;
    const server = await startServer({ env: { ...db.env, ...smtpEnv(sink), ...fastOutbox }, label: 'd', log: LOG });
    try {
      /** @type {Record<string, StatusCounts>} */
      const byKind = {};
      /** @type {{ i: number, kind: string, status: number }[]} */
      const fiveHundreds = [];
      let transportErrors = 0;
      await pool(n, 16, async (i) => {
        const c = malformedCase(i);
        const res = await rawRequest(server.url, { method: c.method || 'POST', headers: c.headers, body: c.body });
        byKind[c.kind] = byKind[c.kind] || {};
        tally(byKind[c.kind], res.status);
        if (res.status >= 500) fiveHundreds.push({ i, kind: c.kind, status: res.status });
        if (res.status === 0) transportErrors += 1;
      });
      const stored = await countRows(db, 'quote_requests');
      const health = await rawRequest(server.url, { method: 'GET', path: '/_health' });
      const valid = await submit(server.url, validSubmission(999999));
      const accepted2xx = Object.values(byKind).reduce(
        (sum, s) =>
          sum +
          Object.entries(s)
            .filter(([code]) => code.startsWith('2'))
            .reduce((t, [, v]) => t + v, 0),
        0
      );
      const ok =
        fiveHundreds.length === 0 &&
        stored === 0 &&
        accepted2xx === 0 &&
        transportErrors === 0 &&
        health.status === 204 &&
        valid.status === 201;
      const summary = Object.entries(byKind)
        .map(
          ([kind, s]) =>
            `${kind} ${Object.entries(s)
              .map(([code, count]) => `${code}×${count}`)
              .join('/')}`
        )
        .join(', ');
      if (fiveHundreds.length)
        console.error('5xx cases (replay with malformedCase(i)):', JSON.stringify(fiveHundreds.slice(0, 10)));
      return verdict(
        ok,
        `(d) ${n} malformed submissions: ${fiveHundreds.length} responses >= 500, ${accepted2xx} accepted, ${stored} rows stored, ${transportErrors} transport errors, ` +
          `then /_health ${health.status} and a valid submission ${valid.status} [${summary}]`
      );
    } finally {
      await server.stop();
    }
  });

/**
 * A distinct loopback source address per submission (127.1.x.y): HAProxy writes it in X-Forwarded-For,
 * so each counts as another prospect for the rate limit.
 * @param {number} i
 */
const prospectAddress = (i) => `127.1.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`;

/**
 * @param {number[]} values
 * @param {number} p between 0 and 1
 */
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
};

const scenarioE = () =>
  withSinkAndDatabase('postgres', 'faults_e', async ({ sink, db }) => {
    const n = SIZE.e;
    const max = 5;
    const deployment = await startDeployment({
      env: {
        ...db.env,
        ...smtpEnv(sink),
        ...fastOutbox,
        QUOTE_RATE_LIMIT_MAX: String(max),
        // Only the invalidation broadcast can make web2 serve a publish within 1 s.
        HTTP_RESPONSE_CACHE_TTL_MS: '60000',
      },
      workerEnv: { EMAIL_OUTBOX_INTERVAL_MS: '200' },
      logDir: path.join(os.tmpdir(), `outsourcing-cms-faults-${process.pid}-e`),
    });
    const [web1, web2] = deployment.web;
    try {
      // ---- 1. One client, MAX + 3 submissions through HAProxy (round robin over both instances) ----
      /** @type {StatusCounts} */
      const limitStatuses = {};
      for (let i = 0; i < max + 3; i += 1) {
        // The last three also claim another address in X-Forwarded-For: the app reads the entry
        // HAProxy appended, so it changes nothing.
        const spoofed = i >= max ? { 'X-Forwarded-For': `203.0.113.${i}` } : undefined;
        const res = await submit(deployment.url, validSubmission(900000 + i), spoofed);
        tally(limitStatuses, res.status);
      }
      const perServer = await deployment.haproxy.servers();
      const servedBy = perServer.map((s) => `${s.name} ${s.responses['2xx']}×2xx/${s.responses['4xx']}×4xx`).join(', ');
      const bothServed = perServer.every((s) => s.responses['2xx'] + s.responses['4xx'] > 0);
      const limitOk = limitStatuses[201] === max && limitStatuses[429] === 3 && bothServed;

      // ---- 2. Publish on web1, read on web2 (both addressed directly) --------------------------------
      const token = await registerFirstAdmin(web1.url);
      const editor = contentManager(web1.url, token, 'api::outsourcing-category.outsourcing-category');
      const bpoFr = '/api/outsourcing-categories?filters[slug][$eq]=bpo&locale=fr';
      /** @returns {Promise<{ documentId: string, summary: string } | undefined>} */
      const bpoOnWeb2 = async () => {
        const res = await fetch(`${web2.url}${bpoFr}`);
        const body = /** @type {{ data?: { documentId: string, summary: string }[] }} */ (await res.json());
        return body.data?.[0];
      };
      /** @type {number[]} */
      const publishLatencies = [];
      for (let round = 0; round < PUBLISH_ROUNDS; round += 1) {
        const current = await bpoOnWeb2(); // in web2's cache from here on
        if (!current) throw new Error('web2 serves no BPO category');
        const summary = `Externalisation des processus métier (révision ${round})`;
        await editor.publish(current.documentId, 'fr', { summary });
        const published = Date.now();
        for (;;) {
          if ((await bpoOnWeb2())?.summary === summary) break;
          if (Date.now() - published > 5000) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        publishLatencies.push(Date.now() - published);
      }
      const coherenceOk = publishLatencies.every((ms) => ms < 1000);

      // ---- 3. A stream of submissions (and reads) through HAProxy; web1 killed half-way -------------
      /** @type {{ started: number, ended: number, status: number, kind: 'submission' | 'read' }[]} */
      const outcomes = [];
      /** @type {Set<string>} */
      const accepted = new Set();
      let killedAt = 0;
      let droppedAt = 0;
      let streaming = true;
      const watchDrop = (async () => {
        while (streaming && !droppedAt) {
          if (killedAt) {
            const states = await deployment.haproxy.servers();
            if (states.find((s) => s.name === 'web1')?.status.startsWith('DOWN')) droppedAt = Date.now();
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const readers = Array.from({ length: 2 }, async () => {
        while (streaming) {
          const started = Date.now();
          const res = await rawRequest(deployment.url, {
            method: 'GET',
            path: '/api/outsourcing-categories?locale=fr',
          });
          outcomes.push({ started, ended: Date.now(), status: res.status, kind: 'read' });
        }
      });
      await pool(n, 8, async (i) => {
        if (i === Math.floor(n / 2) && !killedAt) {
          await web1.kill9();
          killedAt = Date.now();
        }
        const started = Date.now();
        const res = await rawRequest(deployment.url, {
          body: JSON.stringify({ data: validSubmission(i) }),
          headers: { 'Content-Type': 'application/json' },
          localAddress: prospectAddress(i),
        });
        outcomes.push({ started, ended: Date.now(), status: res.status, kind: 'submission' });
        const reference = res.body?.data?.reference;
        if (res.status === 201 && reference) accepted.add(reference);
      });
      // Keep reading until HAProxy dropped web1 and for a second more: it must answer all of those.
      const readUntil = Date.now() + 10000;
      while (!droppedAt && Date.now() < readUntil) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 1000));
      streaming = false;
      await Promise.all([...readers, watchDrop]);

      const failed = outcomes.filter((o) => o.status === 0 || o.status >= 500);
      const failedAfterDrop = droppedAt ? failed.filter((o) => o.started >= droppedAt).length : failed.length;
      const failedBeforeDrop = failed.length - failedAfterDrop;
      const answeredAfterDrop = outcomes.filter((o) => droppedAt && o.started >= droppedAt).length;
      const submissions = outcomes.filter((o) => o.kind === 'submission');
      const reads = outcomes.filter((o) => o.kind === 'read');

      // ---- 4. Every stored request's mails, once ----------------------------------------------------
      const stored = await countRows(db, 'quote_requests');
      await sink.waitFor(() => true, stored * 2, 120000);
      await new Promise((r) => setTimeout(r, 2000)); // would a duplicate still come?
      const mails = sink.messages;
      const notified = new Set(mails.map(referenceOf));
      const notNotified = [...accepted].filter((ref) => !notified.has(ref)).length;
      const sent = await count(db, "SELECT COUNT(*) AS n FROM quote_notifications WHERE delivery_status = 'sent'");
      const mailOk = mails.length === stored * 2 && duplicates(mails) === 0 && notNotified === 0 && sent === stored * 2;
      const haproxyOk = Boolean(droppedAt) && failedAfterDrop === 0 && answeredAfterDrop > 0;

      const ok = limitOk && coherenceOk && mailOk && haproxyOk && accepted.size > 0;
      return verdict(
        ok,
        `(e) HAProxy + 2 web + 1 worker on PostgreSQL: rate limit ${max}: ${limitStatuses[201] || 0}×201 ${limitStatuses[429] || 0}×429 of ${max + 3} from one client (${servedBy}); ` +
          `publish on web1 served by web2 after p50 ${percentile(publishLatencies, 0.5)} ms, max ${Math.max(...publishLatencies)} ms (${PUBLISH_ROUNDS} rounds); ` +
          `kill -9 web1 after ${Math.floor(n / 2)}/${n} submissions: HAProxy dropped it ${droppedAt ? droppedAt - killedAt : '∞'} ms later, ` +
          `${failedBeforeDrop} failed before that, ${failedAfterDrop} failed of ${answeredAfterDrop} after (${submissions.length} submissions, ${reads.length} reads in all); ` +
          `${accepted.size} answered 201, ${stored} stored, ${mails.length}/${stored * 2} mails, ${duplicates(mails)} duplicates, ${notNotified} accepted but not notified`
      );
    } finally {
      await deployment.stop();
    }
  });

const scenarioF = () =>
  withSinkAndDatabase('sqlite', 'faults_f', async ({ sink, db }) => {
    await sink.stop(); // SMTP unreachable for the whole flood
    const server = await startServer({ env: { ...db.env, ...smtpEnv(sink), ...fastOutbox }, label: 'f', log: LOG });
    try {
      /** @type {StatusCounts} */
      const statuses = {};
      /** @type {Set<string>} */
      const accepted = new Set();
      const floodEnds = Date.now() + FLOOD.seconds * 1000;
      let next = 0;
      await Promise.all(
        Array.from({ length: FLOOD.connections }, async () => {
          while (Date.now() < floodEnds) {
            const i = next;
            next += 1;
            const res = await submit(server.url, validSubmission(700000 + i));
            tally(statuses, res.status);
            const reference = res.body?.data?.reference;
            if (res.status === 201 && reference) accepted.add(reference);
          }
        })
      );
      const notifications = await countRows(db, 'quote_notifications');
      const failedWhileDown = await count(
        db,
        "SELECT COUNT(*) AS n FROM quote_notifications WHERE attempts > 0 AND delivery_status = 'pending'"
      );
      const outageEnded = Date.now();
      await sink.start();
      await sink.waitFor(() => true, notifications, 300000);
      const recoverySec = (Date.now() - outageEnded) / 1000;
      await new Promise((r) => setTimeout(r, 2000)); // would a duplicate still come?
      const mails = sink.messages;
      const storedRows = await db.query('SELECT reference FROM quote_requests');
      const stored = new Set(storedRows.map((r) => String(r.reference)));
      const lost = [...accepted].filter((ref) => !stored.has(ref)).length;
      const salesMails = mails.filter((m) => m.messageId.includes('.sales.'));
      const salesNotified = new Set(salesMails.map(referenceOf));
      const notNotified = [...accepted].filter((ref) => !salesNotified.has(ref)).length;
      const sent = await count(db, "SELECT COUNT(*) AS n FROM quote_notifications WHERE delivery_status = 'sent'");
      // Claimed by id alone, half of the first mails would be confirmations; sales first, about four in five are sales.
      const firstMails = mails.slice(0, salesMails.length);
      const salesShareFirst = firstMails.filter((m) => m.messageId.includes('.sales.')).length / firstMails.length;
      const serverErrors = Object.entries(statuses)
        .filter(([status]) => Number(status) >= 500 || Number(status) === 0)
        .reduce((sum, [, n]) => sum + n, 0);
      const ok =
        accepted.size > 0 &&
        statuses[201] === next &&
        lost === 0 &&
        notNotified === 0 &&
        mails.length === notifications &&
        sent === notifications &&
        duplicates(mails) === 0 &&
        serverErrors === 0 &&
        salesShareFirst >= 0.7;
      return verdict(
        ok,
        `(f) SMTP down during a ${FLOOD.seconds} s flood (${FLOOD.connections} connections): ${statuses[201] || 0}/${next} answered 201 ` +
          `(${(accepted.size / FLOOD.seconds).toFixed(0)}/s), ${stored.size} stored, ${lost} acknowledged but lost, ` +
          `${failedWhileDown} notifications failed while down; ${mails.length}/${notifications} mails ${recoverySec.toFixed(1)} s after SMTP came back, ` +
          `${duplicates(mails)} duplicates, ${notNotified} accepted but no sales mail, ${sent} rows marked sent; ` +
          `sales share of the first ${firstMails.length} mails after the outage ${(salesShareFirst * 100).toFixed(0)}% (claimed by id: ~50%)`
      );
    } finally {
      await server.stop();
    }
  });

/**
 * A CRM's receiver: verifies every delivery with the `standardwebhooks` library, answers 503 while `down`.
 * @param {string} secret
 */
const startLeadReceiver = async (secret) => {
  const webhook = new Webhook(secret);
  const state = {
    down: true,
    /** @type {{ id: string, type: string, reference: string }[]} */
    received: [],
    refused: 0,
    badSignatures: 0,
  };
  const server = http.createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
    req.on('end', () => {
      if (state.down) {
        state.refused += 1;
        res.writeHead(503).end();
        return;
      }
      try {
        const headers = /** @type {Record<string, string>} */ (req.headers);
        const event = /** @type {{ id: string, type: string, data: { reference: string } }} */ (
          webhook.verify(Buffer.concat(chunks).toString('utf8'), headers)
        );
        state.received.push({
          id: String(req.headers['webhook-id']),
          type: event.type,
          reference: event.data.reference,
        });
        res.writeHead(204).end();
      } catch {
        state.badSignatures += 1;
        res.writeHead(401).end();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('net').AddressInfo} */ (server.address());
  return {
    state,
    url: `http://127.0.0.1:${address.port}/crm`,
    stop: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
};

/**
 * Files in the attachments directory: stored ones (random names) and temp uploads (every process's).
 * @param {string} dir
 */
const attachmentFiles = (dir) => {
  const tmpRoot = path.join(dir, 'tmp');
  return {
    stored: fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => /^[a-f0-9]{32}$/.test(name)) : [],
    temp: fs.existsSync(tmpRoot)
      ? fs.readdirSync(tmpRoot).flatMap((sub) => fs.readdirSync(path.join(tmpRoot, sub)).map((f) => `${sub}/${f}`))
      : [],
  };
};

const scenarioG = () =>
  withSinkAndDatabase('postgres', 'faults_g', async ({ sink, db }) => {
    const n = SIZE.g;
    const secret = `whsec_${require('crypto').randomBytes(32).toString('base64')}`;
    const receiver = await startLeadReceiver(secret);
    const env = {
      ...db.env,
      ...smtpEnv(sink),
      ...fastOutbox,
      LEAD_WEBHOOK_URL: receiver.url,
      LEAD_WEBHOOK_SECRET: secret,
      LEAD_WEBHOOK_INTERVAL_MS: '100',
      LEAD_WEBHOOK_RETRY_BASE_MS: '200',
      LEAD_WEBHOOK_RETRY_MAX_MS: '1000',
    };
    const first = await startServer({ env, label: 'g1', log: LOG });
    const second = await startServer({ env, label: 'g2', log: LOG });
    try {
      /** @type {Set<string>} */
      const accepted = new Set();
      await pool(n, 8, async (i) => {
        const res = await submit((i % 2 ? first : second).url, validSubmission(i));
        const reference = res.body?.data?.reference;
        if (res.status === 201 && reference) accepted.add(reference);
      });
      // Down a little longer than the submissions took: every event waits, the oldest retried with backoff.
      await new Promise((r) => setTimeout(r, 3000));
      const upAt = Date.now();
      receiver.state.down = false;
      const deadline = Date.now() + 120000;
      while (receiver.state.received.length < accepted.size && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const drainedSec = (Date.now() - upAt) / 1000;
      await new Promise((r) => setTimeout(r, 2000));
      const written = (await db.query("SELECT event_id FROM frontend_events WHERE receiver = 'lead' ORDER BY id")).map(
        (row) => String(row.event_id)
      );
      const ids = receiver.state.received.map((r) => r.id);
      const dup = ids.length - new Set(ids).size;
      const inOrder = JSON.stringify(ids) === JSON.stringify(written);
      const references = new Set(receiver.state.received.map((r) => r.reference));
      const missing = [...accepted].filter((ref) => !references.has(ref)).length;
      const ok = accepted.size === n && missing === 0 && dup === 0 && inOrder && receiver.state.badSignatures === 0;
      return verdict(
        ok,
        `(g) lead receiver down during ${n} submissions to 2 instances (PostgreSQL), then back: ${accepted.size}/${n} answered 201, ` +
          `${receiver.state.refused} deliveries refused while down, ${receiver.state.received.length} events received ${drainedSec.toFixed(1)} s after it came back, ` +
          `${missing} requests without their event, ${dup} duplicates, ${inOrder ? 'in the order written' : 'OUT OF ORDER'}, ${receiver.state.badSignatures} bad signatures`
      );
    } finally {
      await first.stop();
      await second.stop();
      await receiver.stop();
    }
  });

const scenarioH = () =>
  withSinkAndDatabase('sqlite', 'faults_h', async ({ sink, db }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outsourcing-cms-faults-attachments-'));
    const env = { ...db.env, ...smtpEnv(sink), ...fastOutbox, QUOTE_ATTACHMENTS_DIR: dir };
    const { multipartParts, pdfOfSize } = require('./attachments');
    let server = await startServer({ env, label: 'h1', log: LOG });
    try {
      // Complete submissions with a file each, before the kill.
      const complete = QUICK ? 5 : 20;
      let accepted = 0;
      for (let i = 0; i < complete; i += 1) {
        const parts = multipartParts(validSubmission(i), pdfOfSize(200 * 1024));
        const res = await rawRequest(server.url, {
          method: 'POST',
          path: '/api/quote-requests',
          headers: { 'content-type': parts.contentType },
          body: Buffer.concat([parts.head, parts.file, parts.tail]),
        });
        if (res.status === 201) accepted += 1;
      }
      // Uploads of 10 MB sent slowly: the process is killed while each is half written.
      const inFlight = 8;
      const big = multipartParts(validSubmission(1000), pdfOfSize(10 * 1024 * 1024));
      const { port } = new URL(server.url);
      /** @type {http.ClientRequest[]} */
      const requests = [];
      for (let i = 0; i < inFlight; i += 1) {
        const req = http.request({
          host: '127.0.0.1',
          port,
          path: '/api/quote-requests',
          method: 'POST',
          headers: { 'content-type': big.contentType, 'content-length': String(big.length) },
        });
        req.on('error', () => undefined);
        req.write(big.head);
        req.write(big.file.subarray(0, 3 * 1024 * 1024));
        requests.push(req);
      }
      const deadline = Date.now() + 20000;
      while (attachmentFiles(dir).temp.length < inFlight && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const tempAtKill = attachmentFiles(dir).temp.length;
      await server.kill9();
      for (const req of requests) req.destroy();

      server = await startServer({ env, label: 'h2', log: LOG });
      const after = attachmentFiles(dir);
      const rows = await db.query('SELECT stored_name AS name FROM quote_attachments');
      const rowNames = new Set(rows.map((r) => String(r.name)));
      const orphans = after.stored.filter((name) => !rowNames.has(name)).length;
      const missing = [...rowNames].filter((name) => !after.stored.includes(name)).length;
      const ok =
        accepted === complete &&
        tempAtKill > 0 &&
        after.temp.length === 0 &&
        orphans === 0 &&
        missing === 0 &&
        rows.length === complete;
      return verdict(
        ok,
        `(h) kill -9 during ${inFlight} uploads of 10 MB (${tempAtKill} half-written at the kill): after restart ${after.temp.length} temp files, ` +
          `${after.stored.length} stored files for ${rows.length} rows (${complete} sent complete, ${accepted} answered 201), ` +
          `${orphans} files without a row, ${missing} rows without a file`
      );
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

const main = async () => {
  console.log(`Fault injection${QUICK ? ' (quick)' : ''}; server logs in ${LOG}`);
  await compile();
  /** @type {Record<string, () => Promise<boolean>>} */
  const scenarios = {
    a: scenarioA,
    b: scenarioB,
    c: scenarioC,
    d: scenarioD,
    e: scenarioE,
    f: scenarioF,
    g: scenarioG,
    h: scenarioH,
  };
  let allOk = true;
  for (const key of ONLY) {
    const started = Date.now();
    try {
      allOk = (await scenarios[key]()) && allOk;
    } catch (error) {
      allOk = verdict(false, `(${key}) crashed: ${(error instanceof Error && error.stack) || String(error)}`);
    }
    console.log(`    (${key}) took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  process.exit(allOk ? 0 : 1);
};

run(main);
