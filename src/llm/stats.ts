/** Counters the evaluation report prints: how generation went since start. */

/** attempts = passed + failedGrounding + errors; skipped calls are not attempts. (A type alias: assignable to Record<string, number>.) */
export type GeneratorStats = {
  /** Requests sent to the model. */
  attempts: number;
  /** Answers that passed the grounding check and were shown. */
  passed: number;
  /** Answers that failed the grounding check (the extractive answer was shown). */
  failedGrounding: number;
  /** Timeouts, HTTP errors (429, 5xx, …), network errors and aborted requests. */
  errors: number;
  /** Questions answered extractively without asking because the circuit breaker was open. */
  skippedByBreaker: number;
};

/** A fresh, zeroed set of counters. */
export function emptyStats(): GeneratorStats {
  return { attempts: 0, passed: 0, failedGrounding: 0, errors: 0, skippedByBreaker: 0 };
}
