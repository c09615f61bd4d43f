/**
 * Console requests: JSON under admin/api with the CSRF token on every
 * state-changing request (fetched from admin/api/session, renewed once when
 * the server says it expired). A 401 sends the user back to the login form.
 */
import { HttpError, requestJson } from '../lib/http.js';

let csrfToken = null;
let onLoggedOut = () => {};

/** Registers what to do when the session has ended. */
export function whenLoggedOut(fn) {
  onLoggedOut = fn;
}

/** Who is logged in (null when nobody), refreshing the CSRF token. */
export async function session() {
  const s = await requestJson('admin/api/session');
  csrfToken = s.csrfToken;
  return s.name;
}

/** A console API call; `path` is relative to admin/api/. */
export async function api(path, { method = 'GET', body, form } = {}) {
  const send = () => requestJson(`admin/api/${path}`, { method, body, form, headers: method === 'GET' ? {} : { 'x-csrf-token': csrfToken ?? '' } });
  try {
    return await send();
  } catch (err) {
    if (err instanceof HttpError && err.status === 403 && method !== 'GET') {
      await session();
      return send();
    }
    if (err instanceof HttpError && err.status === 401 && path !== 'login') onLoggedOut();
    throw err;
  }
}
