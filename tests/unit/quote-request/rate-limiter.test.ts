import { FixedWindowRateLimiter } from '../../../src/api/quote-request/rate-limiter';

describe('FixedWindowRateLimiter', () => {
  it('allows max requests per window per key, then refuses until the window resets', () => {
    let now = 1_000_000;
    const limiter = new FixedWindowRateLimiter(2, 60_000, () => now);
    expect(limiter.consume('a')).toMatchObject({ allowed: true, remaining: 1 });
    expect(limiter.consume('a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.consume('a')).toMatchObject({ allowed: false, remaining: 0, resetMs: 60_000 });
    expect(limiter.consume('b').allowed).toBe(true);
    now += 60_000;
    expect(limiter.consume('a')).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('is disabled with max <= 0', () => {
    const limiter = new FixedWindowRateLimiter(0, 1000);
    for (let i = 0; i < 100; i += 1) expect(limiter.consume('a').allowed).toBe(true);
  });
});
