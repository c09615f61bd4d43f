/**
 * API transformers that keep replies from being lost when the Bot API
 * misbehaves: @grammyjs/auto-retry for 429 (retry_after) and 5xx, and a bounded
 * retry of network errors and timeouts (auto-retry alone would retry those
 * forever, holding the chat's queue and shutdown hostage).
 */
import { HttpError, type Transformer } from 'grammy';
import { autoRetry } from '@grammyjs/auto-retry';
import type { Logger } from 'pino';

export interface ResilienceOptions {
  /** Retries of a 429 / 5xx answer before giving up (auto-retry backs off from 3 s). */
  maxRetryAttempts: number;
  /** Longest `retry_after` honoured, in seconds; longer waits fail the call. */
  maxDelaySeconds: number;
  /** Retries of a network error or timeout. */
  networkRetries: number;
  /** First wait before a network retry; doubles each time. */
  networkBackoffMs: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = { maxRetryAttempts: 5, maxDelaySeconds: 60, networkRetries: 4, networkBackoffMs: 1000 };

/** Retries calls that failed with an HttpError (network error or client timeout), a bounded number of times. */
export function retryNetworkErrors(retries: number, backoffMs: number, log: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (err) {
        // getUpdates has the runner's own retry loop; an aborted call is meant to stop.
        if (!(err instanceof HttpError) || method === 'getUpdates' || signal?.aborted || attempt >= retries) throw err;
        const wait = backoffMs * 2 ** attempt;
        log.warn({ method, attempt: attempt + 1, wait, err: err.message }, 'telegram: network error, retrying');
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  };
}

/** Both transformers, in the order to install them (the network retry wraps auto-retry). */
export function resilienceTransformers(opts: ResilienceOptions, log: Logger): Transformer[] {
  return [
    autoRetry({ maxRetryAttempts: opts.maxRetryAttempts, maxDelaySeconds: opts.maxDelaySeconds, rethrowHttpErrors: true }),
    retryNetworkErrors(opts.networkRetries, opts.networkBackoffMs, log),
  ];
}
