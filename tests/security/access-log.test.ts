/**
 * Issue 16, item 9: the HTTP access log is kept longer and read by more people than the data it
 * describes, so the URLs it records carry no secret (a preview link's token) and no personal data (an
 * address in an export filter, a name typed in the Content Manager's search). Each test sends the
 * request to the real app and reads what the server's own logger received, not what a function would
 * return.
 */
import { adminToken } from '../helpers/admin';
import { nextClientIp } from '../helpers/context';
import { capturedLog } from '../helpers/log-capture';
import { httpServer, useStrapi } from '../helpers/strapi';

useStrapi({ QUOTE_RATE_LIMIT_MAX: '0' });

const PREVIEW_TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1aWQiOiJhcGk6Om91dHNvdXJjaW5nLWNhdGVnb3J5In0.c2lnbmF0dXJl';
const ADDRESS = 'eve@example.org';

// eslint-disable-next-line no-control-regex
const withoutColours = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

/** The access-log lines of `log` (Strapi's `http: GET /path (N ms) 200` format). */
const httpLines = (log: string): string[] =>
  withoutColours(log)
    .split('\n')
    .filter((line) => /\bhttp: [A-Z]+ \S+ \(\d+ ms\) \d{3}$/.test(line.trim()));

const get = async (path: string, headers: Record<string, string> = {}): Promise<number> => {
  const res = await fetch(`${httpServer()}${path}`, { headers: { 'X-Forwarded-For': nextClientIp(), ...headers } });
  await res.arrayBuffer();
  return res.status;
};

describe('the access log carries no secret and no personal data', () => {
  let superAdmin: string;
  beforeAll(async () => {
    superAdmin = await adminToken('strapi-super-admin');
  });

  it('redacts the preview token of an example-page link, keeping the line format', async () => {
    const path = `/example/?type=category&documentId=abc123&locale=fr&status=draft&previewToken=${PREVIEW_TOKEN}`;
    let status = 0;
    const log = await capturedLog(async () => {
      status = await get(path);
    });
    expect(status).toBe(200);
    expect(log).not.toContain('eyJ');
    const lines = httpLines(log);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /http: GET \/example\/\?type=\[redacted\]&documentId=\[redacted\]&locale=\[redacted\]&status=\[redacted\]&previewToken=\[redacted\] \(\d+ ms\) 200$/
    );
  });

  it('redacts the address of a CSV export filter and the Content Manager search, on every path spelling', async () => {
    const requests: [string, number][] = [
      [`/api/quote-requests/export?filters[email][$eq]=${ADDRESS}`, 200],
      [`/API/Quote-Requests/Export/?filters[email][$eq]=${encodeURIComponent(ADDRESS)}`, 200],
      ['/content-manager/collection-types/api::quote-request.quote-request?page=1&pageSize=10&_q=Eve%20Adams', 200],
      [
        '/content-manager/collection-types/api::quote-request.quote-request?_q=Eve+Adams&filters[$and][0][email][$eq]=eve@example.org',
        200,
      ],
    ];
    const statuses: number[] = [];
    const log = await capturedLog(async () => {
      for (const [path] of requests) statuses.push(await get(path, { Authorization: `Bearer ${superAdmin}` }));
    });
    expect(statuses).toEqual(requests.map(([, status]) => status));
    const plain = withoutColours(log);
    for (const forbidden of ['eve@example.org', 'eve%40example.org', 'Eve', 'Adams', 'eve']) {
      expect([forbidden, plain.includes(forbidden)]).toEqual([forbidden, false]);
    }
    const lines = httpLines(log);
    expect(lines).toHaveLength(requests.length);
    expect(lines[0]).toContain('GET /api/quote-requests/export?filters[email][$eq]=[redacted] (');
    expect(lines[1]).toContain('GET /API/Quote-Requests/Export/?filters[email][$eq]=[redacted] (');
    expect(lines[2]).toContain('?page=[redacted]&pageSize=[redacted]&_q=[redacted] (');
  });

  it('keeps the public content API’s parameters, without an address or a credential in them', async () => {
    const path = `/api/outsourcing-categories?locale=en&filters[slug][$eq]=${ADDRESS}&token=s3cret-value`;
    const log = await capturedLog(async () => {
      // `token` is no content-API parameter: refused (400), and logged like any request.
      expect(await get(path)).toBe(400);
    });
    expect(log).not.toContain(ADDRESS);
    expect(log).not.toContain('s3cret-value');
    expect(httpLines(log)).toEqual([
      expect.stringMatching(
        /GET \/api\/outsourcing-categories\?locale=en&filters\[slug\]\[\$eq\]=\[redacted-email\]&token=\[redacted\] \(\d+ ms\) 400$/
      ),
    ]);
  });
});
