/**
 * Counts updates being handled so a shutdown can stop fetching new ones and
 * then wait for the ones in flight (grammY's runner does not wait for them).
 */
import type { MiddlewareFn } from 'grammy';

export interface InFlight {
  /** The first middleware of the bot. */
  middleware: MiddlewareFn<any>;
  /** Resolves once nothing is in flight. */
  idle(): Promise<void>;
}

export function trackInFlight(): InFlight {
  const running = new Set<Promise<unknown>>();
  return {
    middleware: async (_ctx, next) => {
      const task = next();
      running.add(task);
      try {
        await task;
      } finally {
        running.delete(task);
      }
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
