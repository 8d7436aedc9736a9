import { SmtpSink } from '../../scripts/lib/smtp-sink';

/** Shared by the integration suites of one run: the SMTP sink Strapi sends to. */
export const smtp = new SmtpSink();

let ipCounter = 0;
/**
 * A fresh client address per scenario, from the IPv6 documentation prefix. It only travels in the
 * X-Forwarded-For header (the app trusts it in tests), so rate limits do not leak between tests.
 */
export const nextClientIp = (): string => {
  ipCounter += 1;
  return `2001:db8::${ipCounter.toString(16)}`;
};
