import { env } from '@strapi/utils';
import quotesConfig from '../../../config/quotes';

const SALES_DESK_VARIABLES = [
  'QUOTE_SLA_HOURS',
  'QUOTE_BUSINESS_TIMEZONE',
  'QUOTE_BUSINESS_HOURS',
  'QUOTE_HOLIDAYS_COUNTRY',
  'QUOTE_SLA_SWEEP_INTERVAL_MS',
  'QUOTE_ESCALATION_EMAIL',
  'QUOTE_STATS_TTL_MS',
];

/** config/quotes.ts read with exactly these sales-desk variables set (the others unset). */
const load = (values: Record<string, string>) => {
  const saved = Object.fromEntries(SALES_DESK_VARIABLES.map((key) => [key, process.env[key]]));
  for (const key of SALES_DESK_VARIABLES) delete process.env[key];
  Object.assign(process.env, values);
  try {
    return quotesConfig({ env });
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
};

describe('sales desk configuration', () => {
  it('defaults to 4 business hours, Paris, mon-fri 09:00-18:00, French holidays, a sweep a minute', () => {
    const config = load({});
    expect(config.salesDesk).toEqual({
      slaHours: 4,
      timeZone: 'Europe/Paris',
      businessHours: 'mon-fri 09:00-18:00',
      holidaysCountry: 'FR',
    });
    expect(config.slaReminders).toEqual({ sweepIntervalMs: 60000, escalationEmail: [] });
    expect(config.stats).toEqual({ ttlMs: 60000 });
  });

  it('reads the variables; an empty holiday country disables holidays', () => {
    const config = load({
      QUOTE_SLA_HOURS: '2.5',
      QUOTE_BUSINESS_TIMEZONE: 'America/New_York',
      QUOTE_BUSINESS_HOURS: 'mon-thu 09:00-12:30,14:00-18:00; fri 09:00-16:00',
      QUOTE_HOLIDAYS_COUNTRY: '',
      QUOTE_SLA_SWEEP_INTERVAL_MS: '0',
      QUOTE_ESCALATION_EMAIL: 'Boss@Example.com, ops@example.com',
    });
    expect(config.salesDesk).toEqual({
      slaHours: 2.5,
      timeZone: 'America/New_York',
      businessHours: 'mon-thu 09:00-12:30,14:00-18:00; fri 09:00-16:00',
      holidaysCountry: '',
    });
    expect(config.slaReminders).toEqual({
      sweepIntervalMs: 0,
      escalationEmail: ['boss@example.com', 'ops@example.com'],
    });
  });

  it.each([
    [{ QUOTE_SLA_HOURS: 'four' }, /^QUOTE_SLA_HOURS="four" must be a number of hours/],
    [{ QUOTE_SLA_HOURS: '4h' }, /^QUOTE_SLA_HOURS="4h"/],
    [{ QUOTE_SLA_HOURS: '' }, /^QUOTE_SLA_HOURS=""/],
    [{ QUOTE_SLA_HOURS: '0' }, /^QUOTE_SLA_HOURS="0"/],
    [{ QUOTE_BUSINESS_TIMEZONE: 'Paris' }, /^QUOTE_BUSINESS_TIMEZONE="Paris" must be an IANA time zone/],
    [{ QUOTE_BUSINESS_HOURS: 'sat-sun closed' }, /^QUOTE_BUSINESS_HOURS="sat-sun closed" .*not a time range/],
    [{ QUOTE_BUSINESS_HOURS: ';' }, /^QUOTE_BUSINESS_HOURS=";" must list opening hours|never be open/],
    [{ QUOTE_HOLIDAYS_COUNTRY: 'France' }, /^QUOTE_HOLIDAYS_COUNTRY="France"/],
    [{ QUOTE_SLA_SWEEP_INTERVAL_MS: '-5' }, /^QUOTE_SLA_SWEEP_INTERVAL_MS must be a whole number/],
    [{ QUOTE_STATS_TTL_MS: 'soon' }, /^QUOTE_STATS_TTL_MS must be a whole number/],
    [{ QUOTE_ESCALATION_EMAIL: 'boss, ops@example.com' }, /^QUOTE_ESCALATION_EMAIL .*not an email address: boss/],
  ])('stops the start on %j with a message naming the variable', (values, message) => {
    expect(() => load(values)).toThrow(message);
  });
});
