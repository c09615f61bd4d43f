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

/**
 * `fetch` that throws an HttpError when the server could not be reached (network message) or answered
 * with an error status (its `{error}` message); returns the response otherwise.
 */
export async function fetchOk(url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new HttpError(0, t('common.networkError'));
  }
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    throw new HttpError(response.status, data.error || t('common.networkError'), data);
  }
  return response;
}

/** Sends JSON (when `body` is given) and returns the parsed JSON answer. */
export async function requestJson(url, { method = 'GET', body, headers = {}, form } = {}) {
  const response = await fetchOk(url, {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json', ...headers } : headers,
    body: form ?? (body !== undefined ? JSON.stringify(body) : undefined),
    credentials: 'same-origin',
  });
  return response.json().catch(() => ({}));
}
