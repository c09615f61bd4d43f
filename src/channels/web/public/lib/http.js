/**
 * JSON requests. Errors carry the server's Chinese message (`{error}`), or a
 * network message when the server could not be reached.
 */
import { t } from './text.js';

/**
 * What an error answer carries: the Chinese message, and for some routes a code or the problems found.
 * @typedef {{ error?: string; code?: string; problems?: { line: number; message: string }[] }} ErrorBody
 */

export class HttpError extends Error {
  /**
   * @param {number} status the HTTP status, 0 when the server could not be reached
   * @param {string} message
   * @param {ErrorBody} [body]
   */
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/**
 * `fetch` that throws an HttpError when the server could not be reached (network message) or answered
 * with an error status (its `{error}` message); returns the response otherwise.
 * @param {string} url
 * @param {RequestInit} [init]
 * @returns {Promise<Response>}
 */
export async function fetchOk(url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new HttpError(0, t('common.networkError'));
  }
  if (!response.ok) {
    /** @type {ErrorBody} */
    const data = await response.json().catch(() => ({}));
    throw new HttpError(response.status, data.error || t('common.networkError'), data);
  }
  return response;
}

/**
 * @typedef {object} RequestOptions
 * @property {string} [method]
 * @property {unknown} [body] sent as JSON
 * @property {Record<string, string>} [headers]
 * @property {FormData} [form] sent as multipart instead of `body`
 */

/**
 * Sends JSON (when `body` is given) and returns the parsed JSON answer; the caller names its shape.
 * @param {string} url
 * @param {RequestOptions} [options]
 * @returns {Promise<unknown>}
 */
export async function requestJson(url, { method = 'GET', body, headers = {}, form } = {}) {
  const response = await fetchOk(url, {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json', ...headers } : headers,
    body: form ?? (body !== undefined ? JSON.stringify(body) : undefined),
    credentials: 'same-origin',
  });
  return response.json().catch(() => ({}));
}
