// @ts-check
'use strict';
// A throwaway Redis server (Debian's `redis-server`) on a free loopback port, nothing persisted.
const { spawn } = require('child_process');
const net = require('net');
const { freePort } = require('./server');

/**
 * @typedef {object} RedisServer
 * @property {string} url redis://127.0.0.1:port
 * @property {number | undefined} pid
 * @property {() => Promise<void>} stop
 */

/**
 * @param {number} port
 * @returns {Promise<boolean>} whether it answers PING
 */
const pings = (port) =>
  new Promise((resolve) => {
    const socket = net.createConnection({ host: '127.0.0.1', port });
    let answer = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (/** @type {Buffer} */ chunk) => {
      answer += chunk.toString('utf8');
      if (answer.includes('\r\n')) socket.end();
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(answer.startsWith('+PONG')));
  });

/**
 * @param {{ binary?: string, timeoutMs?: number }} [options]
 * @returns {Promise<RedisServer>}
 */
const startRedis = async ({ binary = process.env.REDIS_SERVER_BIN || 'redis-server', timeoutMs = 10000 } = {}) => {
  const port = await freePort();
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  /** @type {{ error?: Error, exited: boolean }} */
  const state = { exited: false };
  child.on('error', (error) => {
    state.error = error;
  });
  child.on('exit', () => {
    state.exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (!(await pings(port))) {
    if (state.error || state.exited) {
      const why = state.error ? state.error.message : 'exited';
      throw new Error(`redis-server did not start (${why}): apt-get install -y redis-server`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server not answering after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid,
    async stop() {
      if (state.exited) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await done;
    },
  };
};

module.exports = { startRedis };
