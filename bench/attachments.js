'use strict';
/**
 * Submissions with attached files.
 *
 * - `measurePdfSubmissions`: the throughput row of `npm run bench` for a submission with one 1 MB PDF
 *   (multipart), the server's RSS sampled during it.
 * - `measureParallelUploads`: memory under 200 parallel uploads of 10 MB each: the files are streamed to
 *   disk, so the server's RSS must not grow with their total (2 GB). Each upload fills the honeypot: the
 *   server reads, writes and checks every byte as for a real request, then keeps nothing (the run does
 *   not leave 2 GB on disk).
 *
 * Standalone: `node bench/attachments.js [--db sqlite|postgres]` starts its own server and prints both.
 */
const http = require('http');
const { load } = require('./lib/load');
const { validSubmission } = require('./lib/submissions');

const BOUNDARY = '----bench-attachments-boundary';

/**
 * A PDF of exactly `size` bytes: a valid header and trailer, padded with spaces.
 * @param {number} size
 */
const pdfOfSize = (size) => {
  const head = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length - tail.length), 0x20), tail]);
};

/**
 * A multipart body: the `data` field, then one file `attachments`.
 * @param {Record<string, unknown>} data
 * @param {Buffer} file
 * @returns {{ head: Buffer, file: Buffer, tail: Buffer, length: number, contentType: string }}
 */
const multipartParts = (data, file) => {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="data"\r\n\r\n${JSON.stringify(data)}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="attachments"; filename="cahier-des-charges.pdf"\r\n` +
      'Content-Type: application/pdf\r\n\r\n'
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  return {
    head,
    file,
    tail,
    length: head.length + file.length + tail.length,
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
  };
};

/**
 * Samples `rss()` every 100 ms until `stop()`; returns the highest value seen.
 * @param {() => number} rss bytes
 */
const rssSampler = (rss) => {
  let peak = rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, rss());
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rss());
    },
  };
};

/** @param {number} bytes */
const mb = (bytes) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

/**
 * @param {{ url: string, rss: () => number, duration: number, connections: number }} options
 */
const measurePdfSubmissions = async ({ url, rss, duration, connections }) => {
  const parts = multipartParts(validSubmission(0), pdfOfSize(1024 * 1024));
  const body = Buffer.concat([parts.head, parts.file, parts.tail]);
  const sampler = rssSampler(rss);
  const figures = await load({
    url: `${url}/api/quote-requests`,
    method: 'POST',
    headers: { 'content-type': parts.contentType },
    body,
    duration,
    connections,
  });
  return { ...figures, rssPeakMB: mb(sampler.stop()) };
};

/**
 * One upload streamed from the shared buffers (the client holds one 10 MB file, whatever the count).
 * @param {string} url
 * @param {ReturnType<typeof multipartParts>} parts
 * @returns {Promise<number>} the status
 */
const upload = (url, parts) =>
  new Promise((resolve) => {
    const req = http.request(
      `${url}/api/quote-requests`,
      {
        method: 'POST',
        headers: { 'content-type': parts.contentType, 'content-length': String(parts.length) },
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      }
    );
    req.on('error', () => resolve(0));
    req.write(parts.head);
    req.write(parts.file);
    req.end(parts.tail);
  });

/**
 * @param {{ url: string, rss: () => number, count?: number, size?: number }} options
 */
const measureParallelUploads = async ({ url, rss, count = 200, size = 10 * 1024 * 1024 }) => {
  const parts = multipartParts(validSubmission(1, { _gotcha: 'bench' }), pdfOfSize(size));
  await new Promise((r) => setTimeout(r, 1000));
  const before = rss();
  const sampler = rssSampler(rss);
  const started = Date.now();
  const statuses = await Promise.all(Array.from({ length: count }, () => upload(url, parts)));
  const seconds = (Date.now() - started) / 1000;
  const peak = sampler.stop();
  const accepted = statuses.filter((status) => status === 201).length;
  return {
    count,
    fileMB: mb(size),
    accepted,
    seconds: Math.round(seconds * 10) / 10,
    rssBeforeMB: mb(before),
    rssPeakMB: mb(peak),
    growthMB: mb(peak - before),
  };
};

module.exports = { measurePdfSubmissions, measureParallelUploads, multipartParts, pdfOfSize };

if (require.main === module) {
  const { arg, databaseArg, logger, run } = require('./lib/harness');
  const { compile, startServer } = require('../scripts/lib/server');
  const { createThrowawayDatabase } = require('./lib/database');
  const log = logger('attachments');
  run(async () => {
    await compile();
    const db = await createThrowawayDatabase(databaseArg(), 'bench_attach');
    const server = await startServer({
      env: { ...db.env, QUOTE_RATE_LIMIT_MAX: '0', EMAIL_OUTBOX_ENABLED: 'false' },
      label: 'attachments',
      log: 'bench/results/attachments-server.log',
    });
    try {
      const duration = Number(arg('duration', '5'));
      const connections = Number(arg('connections', '10'));
      const json = await load({
        url: `${server.url}/api/quote-requests`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: validSubmission(0) }),
        duration,
        connections,
      });
      const pdf = await measurePdfSubmissions({ url: server.url, rss: server.rss, duration, connections });
      log(`JSON submission: ${Math.round(json.requestsPerSec)} req/s, p50 ${json.p50} ms`);
      log(
        `submission + 1 MB PDF: ${Math.round(pdf.requestsPerSec)} req/s, p50 ${pdf.p50} ms, p99 ${pdf.p99} ms, non-2xx ${pdf.non2xx}, RSS peak ${pdf.rssPeakMB} MB`
      );
      const parallel = await measureParallelUploads({ url: server.url, rss: server.rss });
      log(
        `${parallel.count} parallel uploads of ${parallel.fileMB} MB: ${parallel.accepted} answered 201 in ${parallel.seconds} s; RSS ${parallel.rssBeforeMB} MB before, peak ${parallel.rssPeakMB} MB (+${parallel.growthMB} MB)`
      );
    } finally {
      await server.stop();
      await db.drop();
    }
  });
}
