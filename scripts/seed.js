#!/usr/bin/env node
'use strict';
// `npm run seed` imports database/seed/ into the configured database: creates what is missing,
// keeps what editors changed. `npm run seed -- --force` overwrites seeded documents with the seed.
const path = require('path');
const { compileStrapi, createStrapi } = require('@strapi/strapi');

/**
 * @param {unknown} compiled what dist/src/bootstrap/seed/import-seed.js exports
 * @returns {compiled is typeof import('../src/bootstrap/seed/import-seed')}
 */
const isSeedModule = (compiled) =>
  typeof compiled === 'object' &&
  compiled !== null &&
  'importSeed' in compiled &&
  typeof compiled.importSeed === 'function';

const main = async () => {
  const force = process.argv.slice(2).includes('--force');
  // The import below is the one that counts: skip the start-up import so the report is this run's.
  process.env.SEED_ON_START = 'false';
  const ctx = await compileStrapi();
  const { distDir } = ctx;
  if (!distDir) throw new Error('compileStrapi() returned no dist directory');
  const app = await createStrapi({ ...ctx, autoReload: false, serveAdminPanel: false }).load();
  let exitCode = 0;
  try {
    /** @type {unknown} */
    const compiled = require(path.join(distDir, 'src', 'bootstrap', 'seed', 'import-seed'));
    if (!isSeedModule(compiled)) throw new Error(`no importSeed() in ${distDir}/src/bootstrap/seed/import-seed`);
    const report = await compiled.importSeed(app, { force });
    console.log(`Seed ${force ? '(forced) ' : ''}done: ${JSON.stringify(report)}`);
  } catch (error) {
    console.error('Seed failed:', error);
    exitCode = 1;
  } finally {
    await app.destroy();
  }
  process.exit(exitCode);
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
