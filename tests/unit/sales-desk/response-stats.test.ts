import {
  isDecided,
  median,
  summariseResponses,
  type ResponseSample,
} from '../../../src/api/sales-desk/domain/response-stats';
import { sweepCronRule } from '../../../src/api/sales-desk/services/sla-reminders';

const NOW = new Date('2026-11-30T12:00:00Z');
const sample = (minutes: number, answered: boolean, kept: boolean, dueInMinutes = -60): ResponseSample => ({
  businessMinutes: minutes,
  firstResponseAt: answered ? new Date(NOW.getTime() - 120 * 60_000) : null,
  expectedResponseBy: answered
    ? new Date(NOW.getTime() - 120 * 60_000 + (kept ? 1 : -1) * 60_000)
    : new Date(NOW.getTime() + dueInMinutes * 60_000),
});

describe('median', () => {
  it('takes the middle value, or the rounded mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([95])).toBe(95);
    expect(median([600, 20, 95])).toBe(95);
    expect(median([10, 21])).toBe(16);
  });
});

describe('summariseResponses', () => {
  it('counts answered requests and unanswered ones past their promise as broken', () => {
    const stats = summariseResponses(
      [sample(30, true, true), sample(90, true, true), sample(300, true, false), sample(500, false, false)],
      NOW
    );
    expect(stats).toEqual({ medianMinutes: 195, withinPromiseRate: 0.5, sampleSize: 4 });
  });

  it('leaves out requests still inside their promise', () => {
    const pending = sample(10, false, false, +60);
    expect(isDecided(pending, NOW)).toBe(false);
    expect(summariseResponses([pending], NOW)).toEqual({ medianMinutes: null, withinPromiseRate: null, sampleSize: 0 });
    expect(summariseResponses([pending, sample(40, true, true)], NOW)).toEqual({
      medianMinutes: 40,
      withinPromiseRate: 1,
      sampleSize: 1,
    });
  });

  it('rounds the rate to two decimals', () => {
    const samples = [sample(1, true, true), sample(2, true, true), sample(3, true, false)];
    expect(summariseResponses(samples, NOW).withinPromiseRate).toBe(0.67);
  });
});

describe('sweepCronRule', () => {
  it('turns the interval into a cron rule with seconds', () => {
    expect(sweepCronRule(60000)).toBe('0 */1 * * * *');
    expect(sweepCronRule(15000)).toBe('*/15 * * * * *');
    expect(sweepCronRule(150)).toBe('*/1 * * * * *');
    expect(sweepCronRule(5 * 60000)).toBe('0 */5 * * * *');
    expect(sweepCronRule(2 * 3600000)).toBe('0 0 */2 * * *');
  });
});
