'use strict';
/**
 * An empty Strapi 5 application, for start-time comparisons: the same Strapi version and the same two
 * plugins (users-permissions, GraphQL), no content type, no bootstrap of its own. Written in a temporary
 * folder (JavaScript, so nothing to compile), with this project's node_modules linked in: nothing is
 * downloaded and the versions are exactly the project's.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ROOT } = require('../../scripts/lib/server');

const FILES = {
  'config/server.js': `module.exports = ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  app: { keys: env.array('APP_KEYS') },
});
`,
  'config/admin.js': `module.exports = ({ env }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET') },
  apiToken: { salt: env('API_TOKEN_SALT') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY') },
});
`,
  'config/database.js': `const path = require('path');
module.exports = ({ env }) => ({
  connection: {
    client: 'sqlite',
    connection: { filename: path.resolve(process.cwd(), env('DATABASE_FILENAME', '.tmp/data.db')) },
    useNullAsDefault: true,
  },
});
`,
  'config/middlewares.js': `module.exports = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
`,
  'config/plugins.js': `module.exports = ({ env }) => ({
  'users-permissions': { config: { jwtSecret: env('JWT_SECRET') } },
  graphql: { enabled: true, config: { endpoint: '/graphql', depthLimit: 10, defaultLimit: 25, maxLimit: 100 } },
});
`,
  'src/index.js': `module.exports = { register() {}, bootstrap() {} };
`,
  'public/robots.txt': '',
  'public/uploads/.gitkeep': '',
};

/**
 * @returns {{ dir: string, remove: () => void }} the app's folder, and how to delete it
 */
const createEmptyApp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outsourcing-cms-empty-strapi-'));
  /** @type {unknown} */
  const project = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const own =
    project && typeof project === 'object' && 'dependencies' in project && project.dependencies
      ? /** @type {Record<string, string>} */ (project.dependencies)
      : {};
  const pick = ['@strapi/strapi', '@strapi/plugin-users-permissions', '@strapi/plugin-graphql', 'better-sqlite3'];
  const dependencies = Object.fromEntries(pick.map((name) => [name, own[name]]));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'empty-strapi', private: true, version: '0.0.0', dependencies, strapi: { telemetryDisabled: true } }, null, 2)}\n`
  );
  for (const [file, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
};

module.exports = { createEmptyApp };
