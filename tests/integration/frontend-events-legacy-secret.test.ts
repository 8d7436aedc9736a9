/**
 * An installation upgraded with the previous release's FRONTEND_REVALIDATE_SECRET (not in `whsec_` form)
 * keeps working for this release: the app starts with a deprecation warning (the secret itself never
 * logged), its events verify with the `standardwebhooks` library under `whsec_` + base64 of the same
 * secret, and the deprecated X-Signature is byte for byte the previous release's, so an old receiver too.
 */
import crypto from 'crypto';
import http from 'http';
import type { AddressInfo } from 'net';
import { Webhook } from 'standardwebhooks';
import { getStrapi, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';
import { frontendEvents, warnOfLegacySecret } from '../../src/frontend-events';
import { frontendEventSettings } from '../../src/frontend-events/settings';
import { capturedLog } from '../helpers/log-capture';
import type { FrontendEvent } from '../../src/frontend-events/event-payload';

const LEGACY_SECRET = 'previous-release-secret-Ünïcode';
const deliveries: { body: string; headers: Record<string, string> }[] = [];
let receiver: http.Server | undefined;
const logged: string[] = [];

const ENV: Record<string, string> = {
  ...INTEGRATION_ENV,
  FRONTEND_REVALIDATE_SECRET: LEGACY_SECRET,
  FRONTEND_REVALIDATE_INTERVAL_MS: '100',
  FRONTEND_REVALIDATE_MAX_ATTEMPTS: '1000',
};

beforeAll(async () => {
  // Strapi's console transport writes to the process's stdout (or through console.log under Jest): both
  // observed from before the boot, and still printed.
  const originalLog = console.log.bind(console);
  jest.spyOn(console, 'log').mockImplementation((...values: unknown[]) => {
    logged.push(values.map(String).join(' '));
    originalLog(...values);
  });
  const originalWrite = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => {
    logged.push(String(chunk));
    return originalWrite(chunk, ...rest);
  });
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : []))
      );
      deliveries.push({ body: Buffer.concat(chunks).toString('utf8'), headers });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  ENV.FRONTEND_REVALIDATE_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/revalidate`;
});
useStrapi(ENV);
afterAll(async () => {
  jest.restoreAllMocks();
  const server = receiver;
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
});

it('starts with a deprecation warning that does not print the secret', async () => {
  // What the start printed, where this file's console saw it (alone, it sees the boot; in a long run in
  // one process the boot's lines may reach Jest's console first), and the warning as the start writes it.
  expect(logged.join('\n')).not.toContain(LEGACY_SECRET);
  const warning = await capturedLog(async () => {
    warnOfLegacySecret(getStrapi(), frontendEventSettings(getStrapi()));
    await Promise.resolve();
  });
  expect(warning).toMatch(/^warn: \[frontend-events\] FRONTEND_REVALIDATE_SECRET is not in whsec_ form/);
  expect(warning).not.toContain(LEGACY_SECRET);
  expect(warning).not.toContain(Buffer.from(LEGACY_SECRET).toString('base64'));
});

it("signs with the secret's bytes: the library verifies under whsec_ + base64 of it, and X-Signature is the previous release's", async () => {
  const event: FrontendEvent = {
    id: `legacy-${Date.now()}`,
    event: 'publish',
    contentType: 'outsourcing-category',
    uid: 'api::outsourcing-category.outsourcing-category',
    documentId: 'doc',
    locale: 'fr',
    slug: 'bpo',
    urls: [],
    tags: [],
    occurredAt: new Date().toISOString(),
  };
  await frontendEvents(getStrapi()).enqueue([event]);
  const deadline = Date.now() + 10000;
  let delivery = deliveries.find((d) => d.headers['webhook-id'] === event.id);
  while (!delivery && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    delivery = deliveries.find((d) => d.headers['webhook-id'] === event.id);
  }
  if (!delivery) throw new Error('the event was not delivered');
  const whsec = `whsec_${Buffer.from(LEGACY_SECRET, 'utf8').toString('base64')}`;
  expect(new Webhook(whsec).verify(delivery.body, delivery.headers)).toEqual(event);
  // What the previous release's README receiver computed.
  expect(delivery.headers['x-signature']).toBe(
    `sha256=${crypto.createHmac('sha256', LEGACY_SECRET).update(delivery.body).digest('hex')}`
  );
  expect(delivery.headers['x-event-id']).toBe(event.id);
});
