// The promised response time is business time now: tests/unit/sales-desk/business-time.test.ts.
import { formatReference, retryDelayMs } from '../../../src/api/quote-request/domain/schedule';

describe('formatReference', () => {
  it('formats DEV-<year>-<6-digit id>', () => {
    expect(formatReference(new Date('2026-03-01T00:00:00Z'), 123)).toBe('DEV-2026-000123');
    expect(formatReference(new Date('2027-01-01T00:00:00Z'), 1234567)).toBe('DEV-2027-1234567');
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base delay and caps at the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, 1000, 10000))).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('adds at most 20 % jitter', () => {
    expect(retryDelayMs(2, 1000, 10000, 0.999)).toBeLessThanOrEqual(2400);
    expect(retryDelayMs(2, 1000, 10000, 0.5)).toBe(2200);
  });
});
