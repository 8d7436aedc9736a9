import { firstResponseTime } from '../../../src/api/quote-request/domain/first-response';

const now = new Date('2026-11-26T12:00:00Z');

describe('firstResponseTime', () => {
  it('is set when the status first leaves "new"', () => {
    expect(firstResponseTime({ status: 'new', firstResponseAt: null }, 'contacted', now)).toBe(now);
    expect(firstResponseTime({ status: 'new' }, 'spam', now)).toBe(now);
  });

  it('is not set when the status stays "new" or is not part of the change', () => {
    expect(firstResponseTime({ status: 'new' }, 'new', now)).toBeUndefined();
    expect(firstResponseTime({ status: 'new' }, undefined, now)).toBeUndefined();
  });

  it('is never overwritten', () => {
    expect(
      firstResponseTime({ status: 'contacted', firstResponseAt: '2026-11-25T09:00:00Z' }, 'won', now)
    ).toBeUndefined();
    expect(
      firstResponseTime({ status: 'qualified', firstResponseAt: '2026-11-25T09:00:00Z' }, 'new', now)
    ).toBeUndefined();
  });
});
