/**
 * deploy/varnish.vcl's rules, each against a scripted backend in Varnish's own test tool (varnishtest,
 * tests/varnish/*.vtc): what is stored and for whom, the GraphQL CSRF rule, PURGE by surrogate key and
 * its localhost-only ACL (through a PROXY-protocol listener, so a purge can come from another address).
 * The application behind the real cache: tests/integration/varnish-cache.test.ts.
 *
 * Needs Debian's `varnish` and `varnish-modules` (.ci/run installs them); skipped only without varnishd.
 */
import { spawn } from 'child_process';
import fs from 'fs';
import path from 'path';
import { findBinary, findVarnishd, VCL } from '../../scripts/lib/varnish';

const VTC_DIR = path.join(__dirname, '..', 'varnish');
const cases = fs
  .readdirSync(VTC_DIR)
  .filter((file) => file.endsWith('.vtc'))
  .sort();

const runVarnishtest = (file: string): Promise<{ code: number | null; output: string }> =>
  new Promise((resolve, reject) => {
    const varnishtest = findBinary('varnishtest', 'VARNISHTEST_BIN');
    if (!varnishtest) {
      reject(new Error('varnishd is installed but varnishtest is not (Debian package `varnish`)'));
      return;
    }
    // -q: only a failing case prints its log; -D: the VCL under test, by absolute path.
    const child = spawn(varnishtest, ['-q', '-t', '60', '-D', `deploy_vcl=${VCL}`, path.join(VTC_DIR, file)]);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });

(findVarnishd() ? describe : describe.skip)('deploy/varnish.vcl (varnishtest)', () => {
  it('has cases to run', () => {
    expect(cases).toEqual(['credentials.vtc', 'graphql-csrf.vtc', 'purge.vtc', 'storage-rules.vtc']);
  });

  it.each(cases)('%s', async (file) => {
    const { code, output } = await runVarnishtest(file);
    // The failing step and what led to it, not the whole shared-memory log.
    const report = output
      .split('\n')
      .filter((line) => !line.includes('vsl|'))
      .slice(-80)
      .join('\n');
    if (code !== 0) console.error(report);
    expect(code).toBe(0);
  }, 90_000);
});
