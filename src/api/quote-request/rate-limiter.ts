export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/**
 * Fixed-window counter per client key, in memory. Per instance by design: with N instances behind a
 * load balancer the effective limit is N × max, which is acceptable for abuse damping (the stored
 * requests and the honeypot do the rest). `max <= 0` disables the limit (benchmarks).
 */
export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now
  ) {}

  consume(key: string): RateDecision {
    const now = this.now();
    if (this.max <= 0) return { allowed: true, limit: 0, remaining: Number.POSITIVE_INFINITY, resetMs: 0 };
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return {
      allowed: window.count <= this.max,
      limit: this.max,
      remaining: Math.max(0, this.max - window.count),
      resetMs: window.resetAt - now,
    };
  }

  /** Drops expired windows at most once per window, so memory stays bounded by active clients. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) {
      if (window.resetAt <= now) this.windows.delete(key);
    }
  }
}
