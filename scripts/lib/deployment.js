// @ts-check
'use strict';
// The reference deployment (deploy/haproxy.cfg) on one machine: one outbox worker, two web instances
// with the outbox off, HAProxy in front of the web instances, all on one database; with `cache`, Varnish
// (deploy/varnish.vcl) in front of HAProxy and the purger the publish events drive. Used by
// `npm run deploy:local`, the fault run (e) and `npm run bench -- --instances 2`.
const { randomBytes } = require('crypto');
const fs = require('fs');
const path = require('path');
const { startServer, freePort } = require('./server');
const { startHaproxy } = require('./haproxy');
const { generateSecrets } = require('./secrets');
const { startCachePurger, startVarnish } = require('./varnish');

/**
 * @typedef {import('./server').AppServer} AppServer
 * @typedef {import('./haproxy').Haproxy} Haproxy
 * @typedef {import('./varnish').Varnish} Varnish
 * @typedef {import('./varnish').CachePurger} CachePurger
 */

/**
 * @typedef {object} Deployment
 * @property {string} url where clients connect (Varnish with `cache`, else HAProxy)
 * @property {Haproxy} haproxy
 * @property {{ varnish: Varnish, purger: CachePurger } | undefined} cache Varnish and its purger (with `cache`)
 * @property {AppServer[]} web web1 and web2, in HAProxy's order
 * @property {AppServer} worker the outbox worker (not behind HAProxy)
 * @property {Record<string, string>} env what every instance shares (database, secrets, SMTP, …)
 * @property {() => Promise<void>} stop Varnish, HAProxy, the web instances, the worker, the purger (each by its pid)
 */

/**
 * @typedef {object} DeploymentOptions
 * @property {Record<string, string>} env shared by every instance: the DATABASE_* variables at least; secrets
 *   are generated once for all (instances on one database must share them) unless given here
 * @property {Record<string, string>} [webEnv] for the web instances only
 * @property {Record<string, string>} [workerEnv] for the worker only
 * @property {string} [logDir] one log file per process there (else none)
 * @property {number} [port] where clients connect: HAProxy's port, Varnish's with `cache` (else a free one)
 * @property {string} [bindHost] that address, 127.0.0.1 unless told
 * @property {boolean} [cache] Varnish in front of HAProxy (which then listens on a free loopback port), and
 *   the purger: the instances send their publish events there (FRONTEND_REVALIDATE_URL), signed with
 *   FRONTEND_REVALIDATE_SECRET from `env` (a `whsec_` secret is generated when it has none)
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
  cache = false,
  progress = () => undefined,
}) => {
  if (logDir) fs.mkdirSync(logDir, { recursive: true });
  /** @param {string} label */
  const logOf = (label) => (logDir ? path.join(logDir, `${label}.log`) : undefined);
  /** @type {Record<string, string>} */
  const shared = { ...generateSecrets(), ...env, IS_PROXIED: 'true', PROXY_TRUSTED_HOPS: '1' };
  /** @type {AppServer[]} */
  const started = [];
  /** @type {Haproxy | undefined} */
  let haproxy;
  /** @type {Varnish | undefined} */
  let varnish;
  /** @type {CachePurger | undefined} */
  let purger;
  const stopAll = async () => {
    if (varnish) await varnish.stop();
    if (haproxy) await haproxy.stop();
    // Web instances first (nothing is routed to them any more), the worker last: it finishes its pass.
    for (const server of [...started].reverse()) await server.stop();
    // The purger last: events of the instances' last passes still reach it.
    if (purger) await purger.stop();
  };
  const publicPort = port ?? (await freePort());

  try {
    if (cache) {
      if (!(shared.FRONTEND_REVALIDATE_SECRET ?? '').startsWith('whsec_')) {
        shared.FRONTEND_REVALIDATE_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
      }
      purger = await startCachePurger({
        port: await freePort(),
        varnishUrl: `http://127.0.0.1:${publicPort}`,
        secret: shared.FRONTEND_REVALIDATE_SECRET,
        log: logOf('cache-purger'),
      });
      progress(`cache purger: pid ${purger.pid}, ${purger.url}`);
      shared.FRONTEND_REVALIDATE_URL = purger.url;
      // Varnish appends the client's address to X-Forwarded-For, HAProxy then appends Varnish's: the
      // client's is the second entry from the right.
      shared.PROXY_TRUSTED_HOPS = '2';
    }

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
      // Behind Varnish, HAProxy is reached from this machine only.
      port: cache ? await freePort() : publicPort,
      bindHost: cache ? '127.0.0.1' : bindHost,
      web: [`127.0.0.1:${web[0].port}`, `127.0.0.1:${web[1].port}`],
      log: logOf('haproxy'),
    });
    progress(`haproxy: pid ${haproxy.pid}, ${haproxy.url}`);
    const proxy = haproxy;
    if (cache && purger) {
      varnish = await startVarnish({
        port: publicPort,
        bindHost,
        backend: proxy.url.replace(/^http:\/\//, ''),
        log: logOf('varnish'),
      });
      progress(`varnish: pid ${varnish.pid}, ${varnish.url}`);
      const front = varnish;
      return {
        url: front.url,
        haproxy: proxy,
        cache: { varnish: front, purger },
        web,
        worker,
        env: shared,
        stop: stopAll,
      };
    }
    return { url: proxy.url, haproxy: proxy, cache: undefined, web, worker, env: shared, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
};

module.exports = { startDeployment };
