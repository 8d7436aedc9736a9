import type { Context } from 'koa';
import { getService } from '../../utils/get-service';

/** Submissions already counted (a multipart one is counted before its files are read). */
const counted = new WeakSet<Context>();

/**
 * Counts one submission attempt of this client, once per request, and says where it stands in the
 * RateLimit-* headers; a refused one (429) gets Retry-After. A multipart submission is counted before
 * any byte of its files is written: a flooding client is refused before it fills the disk.
 */
export const countSubmissionAttempt = async (ctx: Context): Promise<void> => {
  if (counted.has(ctx)) return;
  counted.add(ctx);
  try {
    const decision = await getService('quote-request').enforceRateLimit(ctx.request.ip);
    ctx.set('RateLimit-Limit', String(decision.limit));
    ctx.set('RateLimit-Remaining', String(decision.remaining));
    ctx.set('RateLimit-Reset', String(Math.ceil(decision.resetMs / 1000)));
  } catch (error) {
    const retryAfter = (error as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds;
    if (retryAfter) ctx.set('Retry-After', String(retryAfter));
    throw error;
  }
};
