// When sales promised to answer is business time: src/api/sales-desk/domain/business-time.ts.

/** Human reference of a request, from its database id: DEV-2026-000123. */
export const formatReference = (receivedAt: Date, id: number): string =>
  `DEV-${receivedAt.getUTCFullYear()}-${String(id).padStart(6, '0')}`;

/**
 * Delay before the next delivery attempt after `attempts` failures: exponential from `baseMs`,
 * capped at `maxMs`, with up to 20 % jitter (`random` in [0, 1)) so instances do not retry in step.
 */
export const retryDelayMs = (attempts: number, baseMs: number, maxMs: number, random = 0): number => {
  const exponential = baseMs * 2 ** Math.max(0, attempts - 1);
  const capped = Math.min(exponential, maxMs);
  return Math.round(capped * (1 + 0.2 * random));
};
