/**
 * Work a citizen need not wait for, run after the reply has gone out, one task at a time in the order given (the
 * 👍's bank write reads the whole bank the first time: 0.3–1.4 s that used to sit inside the request).
 */
import type { Logger } from 'pino';

export interface AfterReply {
  /** Runs `task` once the current request has been answered; a failure is logged, never thrown at the caller. */
  defer(name: string, task: () => void): void;
  /** Resolves when every task deferred so far has run (shutdown and tests wait for it). */
  settled(): Promise<void>;
}

export function afterReply(log: Logger): AfterReply {
  let tail: Promise<void> = Promise.resolve();
  return {
    defer(name, task) {
      tail = tail
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(task)
        .catch((err: unknown) => log.warn({ err, task: name }, 'deferred desk work failed'));
    },
    settled: () => tail,
  };
}
