#!/usr/bin/env node
'use strict';
/**
 * npm run bench:start [-- --rounds 4]
 *
 * Start time of this application against an empty Strapi 5 app with the same version and plugins
 * (bench/lib/empty-app.js, built in a temporary folder), both as production starts them (`strapi start`,
 * NODE_ENV=production, no admin bundle served), each on its own SQLite file. The starts alternate (ours,
 * empty, ours, …) so both see the same machine. The first start of each creates its database (ours also
 * imports the seed); the following ones are restarts. Prints the medians and their ratio, and writes
 * bench/results/start-<timestamp>.json.
 */
const path = require('path');
const { compile, startServer } = require('../scripts/lib/server');
const { createThrowawayDatabase } = require('./lib/database');
const { createEmptyApp } = require('./lib/empty-app');
const { median } = require('./lib/load');
const { arg, writeResults, run, helpOnRequest } = require('./lib/harness');

if (require.main === module) helpOnRequest('npm run bench:start [-- --rounds 4]');

const ROUNDS = Number(arg('rounds', '4'));

/**
 * @typedef {{ rounds: number, node: string, startedAt: string, ours: number[], empty: number[],
 *   firstStart?: { ours: number, empty: number, ratio: number },
 *   restarts?: { ours: number, empty: number, ratio: number } }} StartResults
 */

/**
 * Measures start times: spawn to the first healthy /_health, then a graceful stop.
 * @param {() => Promise<{ startMs: number, stop: () => Promise<unknown> }>} start
 * @returns {Promise<number>}
 */
const once = async (start) => {
  const server = await start();
  await server.stop();
  return server.startMs;
};

/**
 * Alternated starts of this application (compiled beforehand) and of an empty app: `rounds` restarts
 * after a first start of each. Also used by `npm run bench`, which prints the restart beside the empty app's.
 * @param {number} rounds
 * @returns {Promise<StartResults>}
 */
const measureStarts = async (rounds) => {
  /** @type {StartResults} */
  const results = { rounds, node: process.version, startedAt: new Date().toISOString(), ours: [], empty: [] };
  const db = await createThrowawayDatabase('sqlite', 'bench_start');
  const empty = createEmptyApp();
  const emptyDb = path.join(empty.dir, '.tmp', 'data.db');
  try {
    for (let round = 0; round <= rounds; round += 1) {
      results.ours.push(await once(() => startServer({ env: { ...db.env }, label: 'ours' })));
      results.empty.push(
        await once(() => startServer({ appDir: empty.dir, env: { DATABASE_FILENAME: emptyDb }, label: 'empty' }))
      );
      console.log(`[start] round ${round}: ours ${results.ours[round]} ms, empty app ${results.empty[round]} ms`);
    }
  } finally {
    empty.remove();
    await db.drop();
  }
  const ratio = (/** @type {number} */ a, /** @type {number} */ b) => Math.round((a / b) * 100) / 100;
  const first = { ours: results.ours[0], empty: results.empty[0] };
  results.firstStart = { ...first, ratio: ratio(first.ours, first.empty) };
  const restarts = { ours: median(results.ours.slice(1)), empty: median(results.empty.slice(1)) };
  results.restarts = { ...restarts, ratio: ratio(restarts.ours, restarts.empty) };
  return results;
};

const main = async () => {
  await compile();
  const results = await measureStarts(ROUNDS);
  const first = /** @type {NonNullable<StartResults['firstStart']>} */ (results.firstStart);
  const restarts = /** @type {NonNullable<StartResults['restarts']>} */ (results.restarts);
  console.log(
    `First start: ${first.ours} ms against ${first.empty} ms for an empty app (${first.ratio}×); ` +
      `restarts, median of ${ROUNDS}: ${restarts.ours} ms against ${restarts.empty} ms (${restarts.ratio}×)`
  );
  const out = writeResults('start-', results.startedAt, results);
  console.log(`written to ${path.relative(process.cwd(), out)}`);
};

if (require.main === module) run(main);

module.exports = { measureStarts };
