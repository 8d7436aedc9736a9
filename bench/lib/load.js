'use strict';
const autocannon = require('autocannon');

/**
 * The figures we report for one load run.
 * @typedef {object} LoadFigures
 * @property {number} requestsPerSec
 * @property {number} p50 latency, ms
 * @property {number} p99 latency, ms
 * @property {number} total
 * @property {number} non2xx
 * @property {number} errors connection errors and timeouts
 * @property {import('autocannon').Result['statusCodeStats']} statusCodes
 */

/**
 * One autocannon run (10 connections for 5 s unless `options` says otherwise).
 * @param {import('autocannon').Options} options
 * @returns {Promise<LoadFigures>}
 */
const load = (options) =>
  new Promise((resolve, reject) => {
    autocannon({ connections: 10, duration: 5, ...options }, (error, result) => {
      if (error) return reject(error instanceof Error ? error : new Error(String(error)));
      resolve({
        requestsPerSec: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        total: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        statusCodes: result.statusCodeStats,
      });
    });
  });

/** @param {number[]} values */
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

module.exports = { load, median };
