import { SmtpSink } from '../../scripts/lib/smtp-sink';

/** Shared by the integration suites of one run: the SMTP sink Strapi sends to. */
export const smtp = new SmtpSink();

let ipCounter = 0;
/**
 * A fresh client per scenario, from the IPv6 documentation prefix. It only travels in the
 * X-Forwarded-For header (the app trusts it in tests), so rate limits do not leak between tests. Each
 * is in its own /64 (`2001:db8:1::1`, `2001:db8:2::1`…): the rate limit counts an IPv6 client by its
 * /64, so addresses of one /64 would all be one client. `2001:db8::/64` itself is never handed out.
 */
export const nextClientIp = (): string => {
  ipCounter += 1;
  return `2001:db8:${ipCounter.toString(16)}::1`;
};
