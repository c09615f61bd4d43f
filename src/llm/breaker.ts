/**
 * A circuit breaker for the model endpoint: after `threshold` consecutive failures it opens
 * and the model is skipped for `cooldownMs`; then one probe request is let through
 * (half-open). The probe's success closes the breaker, its failure opens it again.
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker (default 3). */
  threshold?: number;
  /** How long the breaker stays open (default 30 s). */
  cooldownMs?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

export interface CircuitBreaker {
  /** True when a request may go out now; in half-open state only the first caller gets true. */
  allow(): boolean;
  success(): void;
  failure(): void;
  /** The request ended without a verdict on the endpoint (the caller gave up): frees a half-open probe slot. */
  release(): void;
  readonly state: BreakerState;
}

/** Creates a breaker in the closed state. */
export function createBreaker(options: BreakerOptions = {}): CircuitBreaker {
  const threshold = options.threshold ?? 3;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const now = options.now ?? Date.now;
  let failures = 0;
  let openedAt: number | null = null;
  let probing = false;

  const state = (): BreakerState => {
    if (openedAt === null) return 'closed';
    return now() - openedAt >= cooldownMs ? 'half-open' : 'open';
  };

  return {
    allow() {
      const s = state();
      if (s === 'closed') return true;
      if (s === 'open' || probing) return false;
      probing = true;
      return true;
    },
    success() {
      failures = 0;
      openedAt = null;
      probing = false;
    },
    failure() {
      failures += 1;
      // A failed probe re-opens at once; otherwise open on reaching the threshold.
      if (probing || failures >= threshold) openedAt = now();
      probing = false;
    },
    release() {
      probing = false;
    },
    get state() {
      return state();
    },
  };
}
