// @ts-check
'use strict';
// The reference deployment (deploy/haproxy.cfg) on one machine: one outbox worker, two web instances
// with the outbox off, HAProxy in front of the web instances, all on one database. Used by
// `npm run deploy:local`, the fault run (e) and `npm run bench -- --instances 2`.
const fs = require('fs');
const path = require('path');
const { startServer, freePort } = require('./server');
const { startHaproxy } = require('./haproxy');
const { generateSecrets } = require('./secrets');

/**
 * @typedef {import('./server').AppServer} AppServer
 * @typedef {import('./haproxy').Haproxy} Haproxy
 */

/**
 * @typedef {object} Deployment
 * @property {string} url where clients connect (HAProxy)
 * @property {Haproxy} haproxy
 * @property {AppServer[]} web web1 and web2, in HAProxy's order
 * @property {AppServer} worker the outbox worker (not behind HAProxy)
 * @property {Record<string, string>} env what every instance shares (database, secrets, SMTP, …)
 * @property {() => Promise<void>} stop HAProxy, then the web instances, then the worker (each by its pid)
 */

/**
 * @typedef {object} DeploymentOptions
 * @property {Record<string, string>} env shared by every instance: the DATABASE_* variables at least; secrets
 *   are generated once for all (instances on one database must share them) unless given here
 * @property {Record<string, string>} [webEnv] for the web instances only
 * @property {Record<string, string>} [workerEnv] for the worker only
 * @property {string} [logDir] one log file per process there (else none)
 * @property {number} [port] HAProxy's port (else a free one)
 * @property {string} [bindHost] HAProxy's address, 127.0.0.1 unless told
 * @property {{ web1?: number, web2?: number, worker?: number }} [ports] fixed instance ports (else free ones)
 * @property {(line: string) => void} [progress]
 */

/**
 * Starts the worker first (on a new database it creates the schema and imports the seed alone), then
 * both web instances, then HAProxy once it sees them healthy.
 * @param {DeploymentOptions} options
 * @returns {Promise<Deployment>}
 */
const startDeployment = async ({
  env,
  webEnv = {},
  workerEnv = {},
  logDir,
  port,
  bindHost,
  ports = {},
  progress = () => undefined,
}) => {
  if (logDir) fs.mkdirSync(logDir, { recursive: true });
  /** @param {string} label */
  const logOf = (label) => (logDir ? path.join(logDir, `${label}.log`) : undefined);
  const shared = { ...generateSecrets(), ...env, IS_PROXIED: 'true', PROXY_TRUSTED_HOPS: '1' };
  /** @type {AppServer[]} */
  const started = [];
  /** @type {Haproxy | undefined} */
  let haproxy;
  const stopAll = async () => {
    if (haproxy) await haproxy.stop();
    // Web instances first (nothing is routed to them any more), the worker last: it finishes its pass.
    for (const server of [...started].reverse()) await server.stop();
  };

  try {
    progress('starting the outbox worker');
    const worker = await startServer({
      env: { ...shared, EMAIL_OUTBOX_ENABLED: 'true', ...workerEnv },
      label: 'worker',
      log: logOf('worker'),
      port: ports.worker,
    });
    started.push(worker);
    progress(`worker: pid ${worker.pid}, ${worker.url}`);

    const outcomes = await Promise.allSettled(
      /** @type {const} */ (['web1', 'web2']).map((label) =>
        startServer({
          env: { ...shared, EMAIL_OUTBOX_ENABLED: 'false', ...webEnv },
          label,
          log: logOf(label),
          port: ports[label],
        })
      )
    );
    /** @type {AppServer[]} */
    const web = [];
    for (const outcome of outcomes) if (outcome.status === 'fulfilled') web.push(outcome.value);
    started.push(...web);
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed && failed.status === 'rejected') throw failed.reason;
    for (const server of web) progress(`${server.label}: pid ${server.pid}, ${server.url}`);

    haproxy = await startHaproxy({
      port: port ?? (await freePort()),
      bindHost,
      web: [`127.0.0.1:${web[0].port}`, `127.0.0.1:${web[1].port}`],
      log: logOf('haproxy'),
    });
    progress(`haproxy: pid ${haproxy.pid}, ${haproxy.url}`);
    const proxy = haproxy;
    return { url: proxy.url, haproxy: proxy, web, worker, env: shared, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
};

module.exports = { startDeployment };
