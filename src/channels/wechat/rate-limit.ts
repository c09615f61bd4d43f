/**
 * Per-follower limit on questions: at most `limit` per `windowMs`. The first
 * question over the limit in a window gets a polite notice, later ones are
 * acknowledged silently. Retried callbacks are deduplicated before they get
 * here, so the platform's retries never count.
 */

export type RateDecision = 'allow' | 'notice' | 'drop';

export interface FollowerRateLimit {
  check(openid: string, at: Date): RateDecision;
}

export function createRateLimit(opts: { limit: number; windowMs: number }): FollowerRateLimit {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    check(openid, at) {
      const now = at.getTime();
      // Forget finished windows now and then, so the map holds only recent followers.
      if (windows.size > 10_000) for (const [k, w] of windows) if (now - w.start >= opts.windowMs) windows.delete(k);
      let w = windows.get(openid);
      if (!w || now - w.start >= opts.windowMs) {
        w = { start: now, count: 0 };
        windows.set(openid, w);
      }
      w.count++;
      if (w.count <= opts.limit) return 'allow';
      return w.count === opts.limit + 1 ? 'notice' : 'drop';
    },
  };
}
