import {
  computeExpectedResponseBy,
  formatReference,
  retryDelayMs,
} from '../../../src/api/quote-request/domain/schedule';

describe('computeExpectedResponseBy', () => {
  it('adds the SLA hours to the received time', () => {
    const received = new Date('2026-11-26T09:30:00.000Z');
    expect(computeExpectedResponseBy(received, 4).toISOString()).toBe('2026-11-26T13:30:00.000Z');
    expect(computeExpectedResponseBy(received, 0.5).toISOString()).toBe('2026-11-26T10:00:00.000Z');
  });

  it('never promises an answer before the request was received', () => {
    const received = new Date('2026-11-26T09:30:00.000Z');
    expect(computeExpectedResponseBy(received, -3).getTime()).toBe(received.getTime());
  });
});

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
