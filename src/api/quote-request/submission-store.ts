import type { Core } from '@strapi/strapi';
import { describeDatabaseFailure } from '../../database/failure';
import { createGroupCommit, type GroupCommit, type TransactionRunner } from '../../database/group-commit';
import { getService } from '../../utils/get-service';
import type { QuoteSettings } from './settings';

/** How long a transaction of submissions waits while sales mail is late (QUOTE_SALES_MAIL_MAX_DELAY_MS). */
const FLOOD_PAUSE_MS = 50;
/** Past this many submissions waiting for a transaction, the pause is skipped. */
const MAX_WAITING_FOR_PAUSE = 128;

const seconds = (ms: number): string => `${ms < 10_000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000)} s`;

export interface SubmissionStore {
  /**
   * Runs a submission's writes in a transaction: shared with the submissions that arrived meanwhile when
   * group commit is on (QUOTE_GROUP_COMMIT), its own otherwise. `work` must be safe to run twice (a
   * shared transaction that failed is rolled back and its submissions run again alone).
   */
  store: <T>(work: () => Promise<T>) => Promise<T>;
}

/**
 * Where submissions are written, and how fast under a flood.
 *
 * Sales mail first: submissions and the outbox share the event loop of the embedded default, and a flood
 * of submissions leaves the outbox few turns of it. While the sales mail this instance's outbox last
 * claimed had waited longer than QUOTE_SALES_MAIL_MAX_DELAY_MS (until it is back under half of it), each
 * transaction of submissions waits FLOOD_PAUSE_MS first: the loop sends mail meanwhile, a flooding
 * client's next request comes later, and nothing is refused. Past MAX_WAITING_FOR_PAUSE waiting
 * submissions (clients that do not wait for their answer), the pause is skipped: memory, not mail, is
 * then the limit.
 */
export const createSubmissionStore = (strapi: Core.Strapi, settings: QuoteSettings): SubmissionStore => {
  // Strapi types the result as Promise<ReturnType<callback>>, a promise of a promise, which awaits flatten.
  const transaction: TransactionRunner = <T>(work: () => Promise<T>) =>
    strapi.db.transaction(work) as unknown as Promise<T>;

  let groupCommit: GroupCommit | undefined;
  let slowed = false;
  const floodPause = (): Promise<void> | undefined => {
    const limit = settings.salesMailMaxDelayMs;
    const delay = limit > 0 ? getService('quote-notification').urgentMailDelayMs() : 0;
    // Slowed past the limit, full speed again under half of it: the delay read at each claim jumps by a
    // batch, and a single threshold would switch at every claim.
    const late = slowed ? delay > limit / 2 : delay > limit;
    const slow = limit > 0 && late && (groupCommit?.waiting() ?? 0) <= MAX_WAITING_FOR_PAUSE;
    if (slow !== slowed) {
      slowed = slow;
      if (slow) {
        strapi.log.warn(
          `[quote] sales mail waited ${seconds(delay)} (limit ${seconds(limit)}): submissions slowed until the outbox catches up`
        );
      } else {
        strapi.log.info('[quote] sales mail back under half its limit: submissions at full speed');
      }
    }
    return slow ? new Promise((resolve) => setTimeout(resolve, FLOOD_PAUSE_MS)) : undefined;
  };

  if (settings.groupCommit) {
    groupCommit = createGroupCommit(transaction, {
      beforeGroup: floodPause,
      // The failure by its class and code only: the message of a failed statement may quote a row.
      onRetryAlone: (error, units) =>
        strapi.log.debug(
          `[quote] ${units} submissions stored one by one after a shared transaction failed: ${describeDatabaseFailure(error)}`
        ),
    });
  }
  const shared = groupCommit;

  return {
    store: async <T>(work: () => Promise<T>): Promise<T> => {
      if (shared) return shared.run(work);
      await floodPause();
      return transaction(work);
    },
  };
};
