import type { QuoteStatus } from '../constants';

export interface StatusSnapshot {
  status?: QuoteStatus | null;
  firstResponseAt?: string | Date | null;
}

/**
 * When the status first leaves `new`, sales have responded: record the time once. Later moves
 * (contacted → proposal, back to new…) never overwrite it. Returns the value to set, or undefined.
 */
export const firstResponseTime = (previous: StatusSnapshot, nextStatus: unknown, now: Date): Date | undefined => {
  if (previous.firstResponseAt) return undefined;
  if (typeof nextStatus !== 'string' || nextStatus === 'new' || nextStatus === previous.status) return undefined;
  if (previous.status !== 'new') return undefined;
  return now;
};
