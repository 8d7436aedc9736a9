#!/usr/bin/env node
'use strict';
// Creates .env from .env.example with fresh random secrets when it is missing, so a fresh clone
// starts with `npm run develop` and no manual editing. An existing .env is never touched.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const target = path.join(root, '.env');
const example = path.join(root, '.env.example');

const secret = () => crypto.randomBytes(24).toString('base64');
const generated = {
  APP_KEYS: () => [secret(), secret(), secret(), secret()].join(','),
  API_TOKEN_SALT: secret,
  ADMIN_JWT_SECRET: secret,
  TRANSFER_TOKEN_SALT: secret,
  JWT_SECRET: secret,
  ENCRYPTION_KEY: secret,
  IP_HASH_SALT: secret,
};

if (fs.existsSync(target)) {
  process.exit(0);
}

const lines = fs.readFileSync(example, 'utf8').split('\n').map((line) => {
  const match = /^([A-Z0-9_]+)=/.exec(line);
  if (match && generated[match[1]]) {
    return `${match[1]}=${generated[match[1]]()}`;
  }
  return line;
});

fs.writeFileSync(target, lines.join('\n'), { mode: 0o600 });
console.log('Created .env from .env.example with freshly generated secrets.');
