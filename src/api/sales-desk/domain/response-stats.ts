/** One request of the window, as the statistics see it (no personal data). */
export interface ResponseSample {
  expectedResponseBy: Date;
  /** When sales first moved the request out of `new`; null while unanswered. */
  firstResponseAt: Date | null;
  /** Business minutes from receipt to the first response, or, unanswered, to now. */
  businessMinutes: number;
}

export interface ResponseStats {
  /** Median business minutes to the first response; null without samples. */
  medianMinutes: number | null;
  /** Share of the sample answered by the promised time, 0 to 1 (2 decimals); null without samples. */
  withinPromiseRate: number | null;
  sampleSize: number;
}

/** Median of whole minutes, rounded to the minute. */
export const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return Math.round(sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
};

/**
 * Whether a request's outcome is known at `now`: answered, or still unanswered after its promised time
 * (the promise is broken whatever happens next). Requests still inside their promise are left out, so
 * a quiet weekend does not flatter the figures.
 */
export const isDecided = (sample: Pick<ResponseSample, 'expectedResponseBy' | 'firstResponseAt'>, now: Date): boolean =>
  sample.firstResponseAt !== null || sample.expectedResponseBy.getTime() < now.getTime();

/**
 * The desk's figures over decided requests. An unanswered, overdue request counts as not kept, and in
 * the median with the business time elapsed so far (a lower bound of its response time): ignoring it
 * would make a desk that stops answering look faster.
 */
export const summariseResponses = (samples: ResponseSample[], now: Date): ResponseStats => {
  const decided = samples.filter((sample) => isDecided(sample, now));
  if (decided.length === 0) return { medianMinutes: null, withinPromiseRate: null, sampleSize: 0 };
  const kept = decided.filter(
    (sample) =>
      sample.firstResponseAt !== null && sample.firstResponseAt.getTime() <= sample.expectedResponseBy.getTime()
  ).length;
  return {
    medianMinutes: median(decided.map((sample) => sample.businessMinutes)),
    withinPromiseRate: Math.round((kept / decided.length) * 100) / 100,
    sampleSize: decided.length,
  };
};
