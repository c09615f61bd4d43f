/**
 * The answer to each callback, shared by the platform's retries of it. The
 * platform waits 5 seconds for a passive reply, then retries (three times in
 * all). A callback answered in time gets its reply passively (a retry gets the
 * same reply); one whose answer is later than the deadline is acknowledged
 * with `success` and its answer goes out once, through the customer-service
 * API, when it is ready. Whether an answer is late is decided in one place,
 * synchronously, so it is sent exactly one way.
 */

/** How long an exchange is kept for the platform's retries. */
const KEEP_MS = 60_000;

interface Exchange {
  reply: Promise<string | null>;
  /** Set when a deadline passed first: the answer then goes through `sendLate`. */
  late: boolean;
  settled: boolean;
  value: string | null;
}

export interface Exchanges {
  /** Starts answering a callback seen for the first time, from follower `openid`. */
  start(key: string, openid: string, answer: () => Promise<string | null>): void;
  /**
   * The passive reply for `key` within `deadlineMs`, or null (reply `success`): nothing to say, the answer is late
   * and will be sent later, or the callback is unknown here (a retry after a restart, already answered before).
   */
  passiveReply(key: string, deadlineMs: number): Promise<string | null>;
  /** Resolves when every answer in flight has settled (and late ones were handed to `sendLate`). */
  idle(): Promise<void>;
}

/**
 * @param sendLate sends an answer that missed the passive deadline (customer-service message); it logs its own failures
 */
export function createExchanges(sendLate: (openid: string, text: string, key: string) => Promise<void>): Exchanges {
  const byKey = new Map<string, Exchange>();
  const inFlight = new Set<Promise<unknown>>();

  return {
    start(key, openid, answer) {
      // The answerer writes its own apology for a failure; a rejection here must still settle as "nothing to say".
      const ex: Exchange = { reply: answer().catch(() => null), late: false, settled: false, value: null };
      byKey.set(key, ex);
      const done = ex.reply.then(async (value) => {
        ex.settled = true;
        ex.value = value;
        setTimeout(() => byKey.delete(key), KEEP_MS).unref();
        if (ex.late && value) await sendLate(openid, value, key);
      }).catch(() => undefined); // sendLate logs its own failures
      inFlight.add(done);
      void done.finally(() => inFlight.delete(done));
    },
    passiveReply(key, deadlineMs) {
      const ex = byKey.get(key);
      if (!ex || ex.late) return Promise.resolve(null);
      if (ex.settled) return Promise.resolve(ex.value);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          ex.late = true;
          resolve(null);
        }, deadlineMs);
        void ex.reply.then((value) => {
          clearTimeout(timer);
          resolve(ex.late ? null : value);
        });
      });
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
