/**
 * JSON requests. Errors carry the server's Chinese message (`{error}`), or a
 * network message when the server could not be reached.
 */
import { t } from './text.js';

export class HttpError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** Sends JSON (when `body` is given) and returns the parsed JSON answer. */
export async function requestJson(url, { method = 'GET', body, headers = {}, form } = {}) {
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: body !== undefined ? { 'content-type': 'application/json', ...headers } : headers,
      body: form ?? (body !== undefined ? JSON.stringify(body) : undefined),
      credentials: 'same-origin',
    });
  } catch {
    throw new HttpError(0, t('common.networkError'));
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new HttpError(response.status, data.error || t('common.networkError'), data);
  return data;
}
