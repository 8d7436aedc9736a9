import type { Core } from '@strapi/strapi';
import { assertValidEnvironmentSettings } from '../src/api/sales-desk/domain/desk-settings';
import { parseAddressList } from '../src/api/quote-request/domain/routing';
import { DEFAULT_EMAIL_FROM, displayNameOf } from '../src/utils/mail-identity';
import { publicUrl } from '../src/utils/origins';

const nonNegativeInt = (value: number, name: string): number => {
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number of milliseconds, 0 or more`);
  return value;
};

/** QUOTE_RATE_LIMIT_IPV6_PREFIX: how many leading bits of an IPv6 address name one client. */
const ipv6PrefixLength = (value: number): number => {
  if (!Number.isInteger(value) || value < 1 || value > 128) {
    throw new Error('QUOTE_RATE_LIMIT_IPV6_PREFIX must be a whole number of bits from 1 to 128 (64: one subscriber)');
  }
  return value;
};

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;
const addressList = (value: string, name: string): string[] => {
  const addresses = parseAddressList(value);
  const bad = addresses.filter((address) => !EMAIL.test(address));
  if (bad.length > 0) throw new Error(`${name} holds something that is not an email address: ${bad.join(', ')}`);
  return addresses;
};

/** Quote request handling: SLA, abuse limits, email outbox, first-run routing. Read via src/api/quote-request/settings.ts. */
const config = ({ env }: Core.Config.Shared.ConfigParams) => ({
  // The sales desk's promise. These seed the `sales-desk` single type on the first start (the admin
  // owns it afterwards); a value that cannot be used stops the start with the variable's name (a holiday
  // region is checked here as written, and against date-holidays' regions by the first start, which uses it).
  salesDesk: assertValidEnvironmentSettings({
    slaHours: env('QUOTE_SLA_HOURS', '4'),
    timeZone: env('QUOTE_BUSINESS_TIMEZONE', 'Europe/Paris'),
    businessHours: env('QUOTE_BUSINESS_HOURS', 'mon-fri 09:00-18:00'),
    holidaysCountry: env('QUOTE_HOLIDAYS_COUNTRY', 'FR'),
  }),
  stats: {
    // GET /api/quote-stats (and GraphQL quoteStats) are computed at most this often per instance; 0: on every read.
    ttlMs: nonNegativeInt(env.int('QUOTE_STATS_TTL_MS', 60000), 'QUOTE_STATS_TTL_MS'),
  },
  slaReminders: {
    // How often this instance looks for requests past their promise (rounded to whole seconds); 0: never.
    sweepIntervalMs: nonNegativeInt(env.int('QUOTE_SLA_SWEEP_INTERVAL_MS', 60000), 'QUOTE_SLA_SWEEP_INTERVAL_MS'),
    // Also told of every broken promise, besides the routed team; empty: nobody else.
    escalationEmail: addressList(env('QUOTE_ESCALATION_EMAIL', ''), 'QUOTE_ESCALATION_EMAIL'),
  },
  mail: {
    // Signs the requester's confirmation; by default the display name of EMAIL_FROM.
    companyName: env('COMPANY_NAME', '') || displayNameOf(env('EMAIL_FROM', DEFAULT_EMAIL_FROM)),
    // The admin panel's absolute URL, for the sales mail's link to the request; by default PUBLIC_URL + /admin.
    adminUrl: (env('ADMIN_URL', '') || `${publicUrl(env)}/admin`).replace(/\/+$/, ''),
  },
  ipHashSalt: env('IP_HASH_SALT', ''),
  // false: no hashed IP is stored with a request (the rate limit still counts by hashed IP, in its own store).
  storeIp: env.bool('QUOTE_STORE_IP', true),
  // Files a prospect attaches to a request (multipart POST /api/quote-requests): stored outside public/,
  // read back only through the admin's download route.
  attachments: {
    maxCount: env.int('QUOTE_ATTACHMENTS_MAX', 3),
    maxBytes: env.int('QUOTE_ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024),
    dir: env('QUOTE_ATTACHMENTS_DIR', '.tmp/quote-attachments'),
  },
  privacy: {
    // Salt of the address hash written to the privacy log; empty: IP_HASH_SALT.
    hashSalt: env('PRIVACY_HASH_SALT', ''),
    // Requests are anonymised this many days after their last activity (creation, stage change, note); 0: never.
    retentionDays: env.int('QUOTE_RETENTION_DAYS', 1095),
    // Spam requests are deleted this many days after their last activity; 0: never.
    spamRetentionDays: env.int('QUOTE_SPAM_RETENTION_DAYS', 30),
    // This instance runs the retention sweep at start and on this schedule (cron syntax, server time).
    sweepEnabled: env.bool('QUOTE_RETENTION_SWEEP_ENABLED', true),
    sweepSchedule: env('QUOTE_RETENTION_SCHEDULE', '17 3 * * *'),
  },
  // Submissions arriving while one is being stored share the next transaction (group commit). On by
  // default on SQLite, whose one writer runs transactions one at a time anyway; PostgreSQL and MySQL run
  // each submission's transaction alongside the others.
  groupCommit: env.bool('QUOTE_GROUP_COMMIT', env('DATABASE_CLIENT', 'sqlite') === 'sqlite'),
  // Sales mail first under a flood: while this instance's outbox finds its oldest waiting sales mail (or
  // alert, reminder) older than this, new submissions wait 50 ms per transaction before being stored, so
  // the event loop they share with the outbox sends mail; none is refused. 0: never.
  salesMailMaxDelayMs: env.int('QUOTE_SALES_MAIL_MAX_DELAY_MS', 20000),
  rateLimit: {
    max: env.int('QUOTE_RATE_LIMIT_MAX', 5),
    windowMs: env.int('QUOTE_RATE_LIMIT_WINDOW_MS', 10 * 60 * 1000),
    // An IPv6 client is its network of this many bits: a provider hands each subscriber a /64 (or more),
    // so a single address would let one client rotate freely.
    ipv6PrefixLength: ipv6PrefixLength(env.int('QUOTE_RATE_LIMIT_IPV6_PREFIX', 64)),
    // Shared by every instance: Redis when set (redis://[user:password@]host:port/db), else the database.
    redisUrl: env('REDIS_URL', ''),
  },
  outbox: {
    enabled: env.bool('EMAIL_OUTBOX_ENABLED', true),
    intervalMs: env.int('EMAIL_OUTBOX_INTERVAL_MS', 15000),
    maxAttempts: env.int('EMAIL_OUTBOX_MAX_ATTEMPTS', 12),
    retryBaseMs: env.int('EMAIL_OUTBOX_RETRY_BASE_MS', 15000),
    retryMaxMs: env.int('EMAIL_OUTBOX_RETRY_MAX_MS', 60 * 60 * 1000),
    batchSize: env.int('EMAIL_OUTBOX_BATCH_SIZE', 50),
    // Parallel sends, one pooled SMTP connection each (SMTP_MAX_CONNECTIONS matches it). Under a flood of
    // submissions every SMTP round trip waits for a turn of the event loop: the outbox's rate grows with
    // the sends in flight (issue 18: 5 sent about 8 mails/s during a flood, 10 about twice that).
    concurrency: env.int('EMAIL_OUTBOX_CONCURRENCY', 10),
    // A claimed row whose instance died is taken over after this lease (longer than any SMTP timeout).
    leaseMs: env.int('EMAIL_OUTBOX_LEASE_MS', 2 * 60 * 1000),
    // A send that neither succeeds nor fails (half-open connection) is abandoned after the transport's
    // connection + greeting + socket timeouts, plus margin.
    sendTimeoutMs: env.int('SMTP_TIMEOUT_MS', 10000) * 3 + 1000,
  },
  routing: {
    bpo: env('QUOTE_ROUTING_BPO', ''),
    ito: env('QUOTE_ROUTING_ITO', ''),
    kpo: env('QUOTE_ROUTING_KPO', ''),
    fallback: env('QUOTE_ROUTING_FALLBACK', ''),
    cc: env('QUOTE_ROUTING_CC', ''),
  },
  // Who hears about a sales notification that was not (fully) delivered; empty: the routing's fallback.
  alertEmail: env('QUOTE_ALERT_EMAIL', ''),
});

export default config;
