'use strict';
// The secrets a Strapi instance of this project needs, freshly generated. One list for .env creation
// (scripts/ensure-env.js), the test boots, the bench/fault servers and the browser tests.
const { randomBytes } = require('crypto');

const secret = () => randomBytes(24).toString('base64');

/** @returns {Record<string, string>} */
const generateSecrets = () => ({
  APP_KEYS: [secret(), secret(), secret(), secret()].join(','),
  API_TOKEN_SALT: secret(),
  ADMIN_JWT_SECRET: secret(),
  TRANSFER_TOKEN_SALT: secret(),
  JWT_SECRET: secret(),
  ENCRYPTION_KEY: secret(),
  IP_HASH_SALT: secret(),
  PRIVACY_HASH_SALT: secret(),
  // Standard Webhooks' form (whsec_ + base64 of 32 bytes): the key that signs publish events.
  FRONTEND_REVALIDATE_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
});

module.exports = { generateSecrets };
