import {
  CONFIRMATION_PRIORITY,
  CONFIRMATION_SHARE,
  planClaim,
  priorityOf,
  URGENT_PRIORITY,
} from '../../../src/api/quote-notification/domain/claim-priority';

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('priorityOf', () => {
  it('puts confirmations after sales notifications, reminders and alerts', () => {
    expect(['sales', 'reminder', 'alert', 'confirmation'].map(priorityOf)).toEqual([
      URGENT_PRIORITY,
      URGENT_PRIORITY,
      URGENT_PRIORITY,
      CONFIRMATION_PRIORITY,
    ]);
    expect(URGENT_PRIORITY).toBeLessThan(CONFIRMATION_PRIORITY);
  });
});

describe('planClaim', () => {
  it('takes urgent rows first and keeps one slot in CONFIRMATION_SHARE for the oldest confirmations', () => {
    const plan = planClaim(range(100, 80), range(1, 30), 50, 0);
    expect(plan.ids).toEqual([...range(100, 50 - 50 / CONFIRMATION_SHARE), ...range(1, 50 / CONFIRMATION_SHARE)]);
    expect(plan.credit).toBe(0);
  });

  it('gives the unused urgent slots to confirmations, and a batch without urgent mail wholly to them', () => {
    expect(planClaim([200, 201], range(1, 60), 50, 0).ids).toEqual([200, 201, ...range(1, 48)]);
    expect(planClaim([], range(1, 60), 50, 0).ids).toEqual(range(1, 50));
  });

  it('takes a confirmation every CONFIRMATION_SHARE-th claim of one row while urgent mail waits', () => {
    let credit = 0;
    const picks: string[] = [];
    for (let claim = 0; claim < 3 * CONFIRMATION_SHARE; claim += 1) {
      const plan = planClaim([1000 + claim], [claim], 1, credit);
      credit = plan.credit;
      picks.push(plan.ids[0] >= 1000 ? 'u' : 'c');
    }
    expect(picks.join('')).toBe('uuuuc'.repeat(3));
  });

  it('does not bank confirmation slots while no confirmation waits', () => {
    let credit = 0;
    for (let claim = 0; claim < 20; claim += 1) credit = planClaim([1, 2], [], 1, credit).credit;
    expect(credit).toBeLessThanOrEqual(1);
    // One slot at most then, not a batch of confirmations ahead of the sales mail.
    expect(planClaim(range(100, 50), range(1, 50), 50, 50).ids.filter((id) => id < 100)).toHaveLength(10);
  });
});
