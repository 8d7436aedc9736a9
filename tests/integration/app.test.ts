/**
 * One Strapi boot for every integration suite: each *.suite.ts registers its describe blocks here.
 * Booting per file would cost a compile and a migration run each time.
 */
import { smtp } from '../helpers/context';
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

beforeAll(async () => {
  const port = await smtp.start();
  await setupStrapi({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(port),
    SMTP_SECURE: 'false',
    SMTP_TIMEOUT_MS: '2000',
    EMAIL_FROM: 'Rouge Hexagone <devis@rouge-hexagone.test>',
    EMAIL_REPLY_TO: 'commercial@rouge-hexagone.test',
    QUOTE_ROUTING_BPO: 'bpo@rouge-hexagone.test',
    QUOTE_ROUTING_ITO: 'ito@rouge-hexagone.test, ito-lead@rouge-hexagone.test',
    QUOTE_ROUTING_KPO: 'kpo@rouge-hexagone.test',
    QUOTE_ROUTING_FALLBACK: 'commercial@rouge-hexagone.test',
    QUOTE_ROUTING_CC: 'direction@rouge-hexagone.test',
    QUOTE_RATE_LIMIT_MAX: '5',
    QUOTE_RATE_LIMIT_WINDOW_MS: '600000',
    QUOTE_SLA_HOURS: '4',
    // The privacy suite signs up an end user to prove a JWT reads no quote data either.
    USERS_REGISTRATION_ENABLED: 'true',
    EMAIL_OUTBOX_INTERVAL_MS: '150',
    EMAIL_OUTBOX_RETRY_BASE_MS: '100',
    EMAIL_OUTBOX_RETRY_MAX_MS: '300',
    EMAIL_OUTBOX_MAX_ATTEMPTS: '1000',
  });
});

afterAll(async () => {
  await teardownStrapi();
  await smtp.stop();
});

require('./content-reads.suite');
require('./quote-requests.suite');
require('./quote-privacy.suite');
require('./sales.suite');
