/**
 * Which mails the outbox sends first. A sales notification, an SLA reminder or a delivery alert is a
 * person at the provider waiting to act on a request; a confirmation only tells the requester what the
 * HTTP answer already told them. Under a flood, strictly first-in first-out made each sales mail queue
 * behind every confirmation before it (p95 137 s measured), so the urgent kinds are claimed first, each
 * class in the order it was queued, and confirmations keep a fixed share of every claim so that they
 * are delayed, never starved.
 */
export const URGENT_PRIORITY = 0;
export const CONFIRMATION_PRIORITY = 1;

/** One mail in this many goes to the oldest confirmation while urgent mail waits. */
export const CONFIRMATION_SHARE = 5;

/** The stored `priority` of a notification of this kind (lower is claimed first). */
export const priorityOf = (kind: unknown): number =>
  kind === 'confirmation' ? CONFIRMATION_PRIORITY : URGENT_PRIORITY;

export interface ClaimPlan {
  /** The rows to claim, urgent ones first, each class oldest first. */
  ids: number[];
  /** The confirmation share not used yet, carried to this dispatcher's next claim. */
  credit: number;
}

/**
 * Picks up to `batchSize` rows from the due urgent rows and the due confirmations (each list oldest
 * first). Every claim earns `batchSize / share` slots for confirmations; a batch of 50 reserves 10 of
 * them, a batch of 1 takes a confirmation every fifth claim (the fraction is carried in `credit`, never
 * more than one claim's share, so a long stretch without confirmations does not hand a later one a
 * whole batch). Slots urgent mail does not need go to confirmations as well: with no urgent mail waiting
 * the outbox drains confirmations at full speed.
 */
export const planClaim = (
  urgent: readonly number[],
  confirmations: readonly number[],
  batchSize: number,
  credit: number,
  share: number = CONFIRMATION_SHARE
): ClaimPlan => {
  const size = Math.max(1, Math.floor(batchSize));
  const perClaim = size / share;
  const earned = Math.min(Math.max(1, perClaim), credit + perClaim);
  // The epsilon absorbs binary fractions: five fifths of a slot make one slot.
  const reserved = urgent.length > 0 ? Math.min(confirmations.length, Math.floor(earned + 1e-9)) : 0;
  const takenUrgent = urgent.slice(0, size - reserved);
  const takenConfirmations = confirmations.slice(0, size - takenUrgent.length);
  return { ids: [...takenUrgent, ...takenConfirmations], credit: Math.max(0, earned - reserved) };
};
