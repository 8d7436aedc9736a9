import { firstResponseTime } from '../../../src/api/quote-request/domain/first-response';

const now = new Date('2026-11-26T12:00:00Z');

describe('firstResponseTime', () => {
  it('is set when the stage first leaves "new"', () => {
    expect(firstResponseTime({ stage: 'new', firstResponseAt: null }, 'contacted', now)).toBe(now);
    expect(firstResponseTime({ stage: 'new' }, 'spam', now)).toBe(now);
  });

  it('is not set when the stage stays "new" or is not part of the change', () => {
    expect(firstResponseTime({ stage: 'new' }, 'new', now)).toBeUndefined();
    expect(firstResponseTime({ stage: 'new' }, undefined, now)).toBeUndefined();
  });

  it('is never overwritten', () => {
    expect(
      firstResponseTime({ stage: 'contacted', firstResponseAt: '2026-11-25T09:00:00Z' }, 'won', now)
    ).toBeUndefined();
    expect(
      firstResponseTime({ stage: 'qualified', firstResponseAt: '2026-11-25T09:00:00Z' }, 'new', now)
    ).toBeUndefined();
  });
});
