import type { QuoteStage } from '../constants';

export interface StageSnapshot {
  stage?: QuoteStage | null;
  firstResponseAt?: string | Date | null;
}

/**
 * When the stage first leaves `new`, sales have responded: record the time once. Later moves
 * (contacted → proposal, back to new…) never overwrite it. Returns the value to set, or undefined.
 */
export const firstResponseTime = (previous: StageSnapshot, nextStage: unknown, now: Date): Date | undefined => {
  if (previous.firstResponseAt) return undefined;
  if (typeof nextStage !== 'string' || nextStage === 'new' || nextStage === previous.stage) return undefined;
  if (previous.stage !== 'new') return undefined;
  return now;
};
