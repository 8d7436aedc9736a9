// @ts-check
'use strict';
/**
 * What every bench scenario (bench/<scenario>.js) shares: its command-line arguments and --help, the
 * description of the machine, compiling the app, the clean-ups, writing
 * bench/results/<prefix><timestamp>.json, and running `main` when the file is run directly.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { compile, ROOT } = require('../../scripts/lib/server');

/**
 * `--name value` from the command line, or the fallback.
 * @param {string} name
 * @param {string} fallback
 * @returns {string}
 */
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > -1 ? (process.argv[i + 1] ?? fallback) : fallback;
};

/** @param {string} name `--name` is on the command line */
const flag = (name) => process.argv.includes(`--${name}`);

/**
 * Prints the usage and exits when `--help` is given.
 * @param {string} usage
 */
const helpOnRequest = (usage) => {
  if (flag('help')) {
    console.log(usage);
    process.exit(0);
  }
};

/** @returns {'sqlite' | 'postgres'} `--db`, SQLite unless PostgreSQL is asked for */
const databaseArg = () => (arg('db', 'sqlite') === 'postgres' ? 'postgres' : 'sqlite');

/**
 * @param {string} tag
 * @returns {(...args: unknown[]) => void} a logger to stderr, each line tagged
 */
const logger =
  (tag) =>
  (...args) =>
    console.error(`[${tag}]`, ...args);

/** @param {number} bytes */
const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
/** @param {number} n */
const round = (n, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** @returns {{ cpus: number, cpuModel: string | undefined, memoryGiB: number, node: string }} */
const machine = () => ({
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  memoryGiB: round(os.totalmem() / 2 ** 30, 1),
  node: process.version,
});

/**
 * Compiles the app, unless `--no-compile` says the last build is current.
 * @param {(...args: unknown[]) => void} log
 */
const compileUnlessSkipped = async (log) => {
  if (!flag('no-compile')) {
    log('compiling');
    await compile();
  }
};

/**
 * Runs the clean-ups, last registered first; one that fails is logged and the others still run.
 * @param {(() => Promise<unknown>)[]} cleanups
 * @param {(...args: unknown[]) => void} log
 */
const runCleanups = async (cleanups, log) => {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      log('cleanup failed:', error instanceof Error ? error.message : error);
    }
  }
};

/**
 * Writes bench/results/<prefix><startedAt>.json.
 * @param {string} prefix e.g. `export-`
 * @param {string} startedAt ISO time
 * @param {unknown} figures
 * @returns {string} the file written
 */
const writeResults = (prefix, startedAt, figures) => {
  const file = path.join(ROOT, 'bench', 'results', `${prefix}${startedAt.replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
  return file;
};

/**
 * Runs a scenario; an error ends the process with status 1.
 * @param {() => Promise<unknown>} main
 */
const run = (main) => {
  main().catch((/** @type {unknown} */ error) => {
    console.error(error);
    process.exit(1);
  });
};

module.exports = {
  ROOT,
  arg,
  flag,
  helpOnRequest,
  databaseArg,
  logger,
  mb,
  round,
  machine,
  compileUnlessSkipped,
  runCleanups,
  writeResults,
  run,
};
