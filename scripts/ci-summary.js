#!/usr/bin/env node
'use strict';
// Adds up the jest JSON reports CI wrote and prints one closing line: "<n> passed, <n> failed".
const fs = require('fs');

/**
 * @param {string} file a report written by `jest --json --outputFile=<file>`
 * @returns {{ passed: number, failed: number }}
 */
const readReport = (file) => {
  /** @type {unknown} */
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (report && typeof report === 'object' && 'numPassedTests' in report && 'numFailedTests' in report) {
    const { numPassedTests, numFailedTests } = report;
    if (typeof numPassedTests === 'number' && typeof numFailedTests === 'number') {
      return { passed: numPassedTests, failed: numFailedTests };
    }
  }
  throw new Error(`${file} is not a jest JSON report`);
};

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  const report = readReport(file);
  passed += report.passed;
  failed += report.failed;
  console.log(`${file}: ${report.passed} passed, ${report.failed} failed`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
