/**
 * The account's access token for the platform's API, from `/cgi-bin/stable_token`
 * (or the classic `/cgi-bin/token`), cached until shortly before it expires.
 * Concurrent callers share one fetch; a token the API called stale (40001,
 * 42001) is replaced once, however many callers noticed.
 */
import { callPlatform } from './api-error.ts';

export interface AccessTokenOptions {
  apiRoot: string;
  appId: string;
  secret: string;
  /** `stable` (default: stable_token, which other holders of the AppSecret do not invalidate) or `classic`. */
  endpoint?: 'stable' | 'classic';
  fetch?: typeof fetch;
  /** The clock (tests). */
  now?: () => number;
  timeoutMs?: number;
}

export interface AccessTokens {
  /** A valid token, fetched when none is cached or the cached one is about to expire. */
  get(): Promise<string>;
  /** Replaces `stale` (the API refused it) with a new token; a token already replaced is not fetched again. */
  refresh(stale: string): Promise<string>;
}

/** Refresh this long before the stated expiry, so a token never expires on the way. */
const EARLY_MS = 5 * 60_000;

export function createAccessTokens(opts: AccessTokenOptions): AccessTokens {
  const fetchFn = opts.fetch ?? fetch;
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let cached: { token: string; refreshAt: number } | undefined;
  let fetching: Promise<string> | undefined;

  async function fetchToken(force: boolean): Promise<string> {
    const data =
      opts.endpoint === 'classic'
        ? await callPlatform<{ access_token: string; expires_in: number }>(
            fetchFn,
            `${opts.apiRoot}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(opts.appId)}&secret=${encodeURIComponent(opts.secret)}`,
            { method: 'GET', timeoutMs },
          )
        : await callPlatform<{ access_token: string; expires_in: number }>(fetchFn, `${opts.apiRoot}/cgi-bin/stable_token`, {
            method: 'POST',
            body: { grant_type: 'client_credential', appid: opts.appId, secret: opts.secret, force_refresh: force },
            timeoutMs,
          });
    if (typeof data.access_token !== 'string' || !data.access_token) throw new Error('WeChat API: no access_token in the answer');
    const lifetimeMs = Math.max(0, Number(data.expires_in) || 0) * 1000;
    cached = { token: data.access_token, refreshAt: now() + Math.max(lifetimeMs - EARLY_MS, lifetimeMs / 2) };
    return data.access_token;
  }

  function once(force: boolean): Promise<string> {
    fetching ??= fetchToken(force).finally(() => {
      fetching = undefined;
    });
    return fetching;
  }

  return {
    get() {
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
      return once(false);
    },
    refresh(stale) {
      if (cached && cached.token !== stale && now() < cached.refreshAt) return Promise.resolve(cached.token);
      cached = undefined;
      return once(true);
    },
  };
}
