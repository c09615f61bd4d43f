/** An error answer (`errcode` ≠ 0) of the platform's API, or a transport failure reaching it. */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat API error ${errcode}: ${errmsg}`);
    this.name = 'WechatApiError';
  }
}

/** errcodes meaning the access token is invalid or expired: fetch a new one and try again. */
export const STALE_TOKEN_CODES = new Set([40001, 40014, 42001]);
/** The follower is outside the 48-hour window (or has unfollowed): the message cannot be sent. */
export const OUT_OF_WINDOW_CODE = 45015;
/** The server's address is not in the account's IP allowlist. */
export const IP_NOT_ALLOWED_CODE = 40164;

/** Fetches JSON from the platform with a timeout; throws WechatApiError for an `errcode` ≠ 0. */
export async function callPlatform<T extends object>(
  fetchFn: typeof fetch,
  url: string,
  init: { method: 'GET' | 'POST'; body?: unknown; timeoutMs: number },
): Promise<T> {
  const res = await fetchFn(url, {
    method: init.method,
    headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs),
  });
  if (!res.ok) throw new Error(`WeChat API HTTP ${res.status}`);
  const data = (await res.json()) as T & { errcode?: number; errmsg?: string };
  if (typeof data.errcode === 'number' && data.errcode !== 0) throw new WechatApiError(data.errcode, data.errmsg ?? '');
  return data;
}
