#!/usr/bin/env node
'use strict';
// Creates .env from .env.example with fresh random secrets when it is missing, so a fresh clone
// starts with `npm run develop` and no manual editing. An existing .env is never touched.
// Run as a script (npm's pre-scripts) or called by other scripts (scripts/privacy.js, which npx runs
// without npm's scripts).
const fs = require('fs');
const path = require('path');
const { generateSecrets } = require('./lib/secrets');

const root = path.resolve(__dirname, '..');
const target = path.join(root, '.env');
const example = path.join(root, '.env.example');

/** @returns {boolean} whether .env was created now (false: it was already there) */
const ensureEnv = () => {
  if (fs.existsSync(target)) return false;
  const secrets = generateSecrets();
  const lines = fs
    .readFileSync(example, 'utf8')
    .split('\n')
    .map((line) => {
      const match = /^([A-Z0-9_]+)=/.exec(line);
      return match && secrets[match[1]] ? `${match[1]}=${secrets[match[1]]}` : line;
    });
  fs.writeFileSync(target, lines.join('\n'), { mode: 0o600 });
  return true;
};

const CREATED_MESSAGE = 'Created .env from .env.example with freshly generated secrets.';

if (require.main === module) {
  if (ensureEnv()) console.log(CREATED_MESSAGE);
}

module.exports = { ensureEnv, CREATED_MESSAGE };
