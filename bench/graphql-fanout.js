#!/usr/bin/env node
'use strict';
/**
 * node bench/graphql-fanout.js [--samples 20]
 *
 * The GraphQL fragment fan-out of issue 16 against a production start (SQLite): `fragment Fi { ...F(i-1)
 * ×4 }` for i = 1…levels (13 and 14 levels: under 1.1 KB, 4^13 and 4^14 selections once expanded).
 * Prints, per level, the median round trip to its 400 over loopback (the server's time plus a few
 * hundred microseconds) and the median /_health latency sent while each refusal is in flight, next to
 * /_health alone. Writes bench/results/graphql-fanout-<timestamp>.json.
 */
const path = require('path');
const { compile, startServer } = require('../scripts/lib/server');
const { createThrowawayDatabase } = require('./lib/database');
const { median } = require('./lib/load');
const { arg, writeResults, run } = require('./lib/harness');

const SAMPLES = Number(arg('samples', '20'));

/** @param {number} levels */
const fanOut = (levels) => {
  const fragments = ['fragment F0 on OutsourcingCategory { code }'];
  for (let i = 1; i <= levels; i += 1) {
    fragments.push(`fragment F${i} on OutsourcingCategory { ...F${i - 1} ...F${i - 1} ...F${i - 1} ...F${i - 1} }`);
  }
  return `${fragments.join('\n')}\n{ outsourcingCategories { ...F${levels} } }`;
};

/**
 * @param {string} url
 * @param {RequestInit} [init]
 * @returns {Promise<{ ms: number, status: number }>}
 */
const timed = async (url, init) => {
  const started = process.hrtime.bigint();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, status: res.status };
};

/**
 * @typedef {{ levels: number, bytes: number, statuses: number[], refusalMedianMs: number, refusalMaxMs: number,
 *   healthDuringMedianMs: number, healthDuringMaxMs: number }} FanOutFigure
 * @typedef {{ startedAt: string, node: string, samples: number, healthAloneMs?: number, levels: FanOutFigure[] }} FanOutResults
 */

const main = async () => {
  /** @type {FanOutResults} */
  const results = { startedAt: new Date().toISOString(), node: process.version, samples: SAMPLES, levels: [] };
  await compile();
  const db = await createThrowawayDatabase('sqlite', 'bench_fanout');
  const server = await startServer({ env: { ...db.env }, label: 'fanout' });
  try {
    const health = [];
    for (let i = 0; i < SAMPLES; i += 1) health.push((await timed(`${server.url}/_health`)).ms);
    const healthAloneMs = median(health);
    results.healthAloneMs = healthAloneMs;
    console.log(`/_health alone: median ${healthAloneMs.toFixed(2)} ms`);
    for (const levels of [13, 14]) {
      const body = JSON.stringify({ query: fanOut(levels) });
      const refusals = [];
      const healthDuring = [];
      /** @type {Set<number>} */
      const statuses = new Set();
      for (let i = 0; i < SAMPLES; i += 1) {
        const [refusal, during] = await Promise.all([
          timed(`${server.url}/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }),
          timed(`${server.url}/_health`),
        ]);
        refusals.push(refusal.ms);
        healthDuring.push(during.ms);
        statuses.add(refusal.status);
      }
      const figure = {
        levels,
        bytes: Buffer.byteLength(body),
        statuses: [...statuses],
        refusalMedianMs: median(refusals),
        refusalMaxMs: Math.max(...refusals),
        healthDuringMedianMs: median(healthDuring),
        healthDuringMaxMs: Math.max(...healthDuring),
      };
      results.levels.push(figure);
      console.log(
        `${levels} × 4 fan-out (${figure.bytes} bytes): status ${figure.statuses.join(',')}, refused in median ` +
          `${figure.refusalMedianMs.toFixed(2)} ms (max ${figure.refusalMaxMs.toFixed(2)}); /_health meanwhile ` +
          `median ${figure.healthDuringMedianMs.toFixed(2)} ms (max ${figure.healthDuringMaxMs.toFixed(2)})`
      );
    }
  } finally {
    await server.stop();
    await db.drop();
  }
  const out = writeResults('graphql-fanout-', results.startedAt, results);
  console.log(`written to ${path.relative(process.cwd(), out)}`);
};

run(main);
