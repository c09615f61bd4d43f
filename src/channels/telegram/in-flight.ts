/**
 * Counts updates being handled so a shutdown can stop fetching new ones and
 * then wait for the ones in flight (grammY's runner does not wait for them).
 */
import type { MiddlewareFn } from 'grammy';
import type { BotContext } from './context.ts';

export interface InFlight {
  /** The first middleware of the bot. */
  middleware: MiddlewareFn<BotContext>;
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
