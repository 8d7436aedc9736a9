'use strict';
const autocannon = require('autocannon');

/** One autocannon run; returns the figures we report. */
const load = (options) =>
  new Promise((resolve, reject) => {
    autocannon({ connections: 10, duration: 5, ...options }, (error, result) => {
      if (error) return reject(error);
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

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

module.exports = { load, median };
