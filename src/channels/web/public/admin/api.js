/**
 * Console requests: JSON under admin/api with the CSRF token on every
 * state-changing request (fetched from admin/api/session, renewed once when
 * the server says it expired). A 401 sends the user back to the login form.
 */
import { HttpError, requestJson } from '../lib/http.js';

let csrfToken = null;
let current = { name: null, role: null, roleLabel: null, department: null, capabilities: [] };
let onLoggedOut = () => {};

/** Registers what to do when the session has ended. */
export function whenLoggedOut(fn) {
  onLoggedOut = fn;
}

/** Who is logged in (null when nobody), refreshing the CSRF token and the role. */
export async function session() {
  const s = await requestJson('admin/api/session');
  csrfToken = s.csrfToken;
  current = { name: s.name, role: s.role, roleLabel: s.roleLabel, department: s.department, capabilities: s.capabilities ?? [] };
  return s.name;
}

/** The logged-in staff member: name, role, its Chinese name, department. */
export function me() {
  return current;
}

/** True when the logged-in role has `capability` (the server checks again on every request). */
export function can(capability) {
  return current.capabilities.includes(capability);
}

/** A console API call; `path` is relative to admin/api/. */
export async function api(path, { method = 'GET', body, form } = {}) {
  const send = () => requestJson(`admin/api/${path}`, { method, body, form, headers: method === 'GET' ? {} : { 'x-csrf-token': csrfToken ?? '' } });
  try {
    return await send();
  } catch (err) {
    // A 403 is an expired CSRF token (renew and retry once) unless the role is refused.
    if (err instanceof HttpError && err.status === 403 && method !== 'GET' && err.body?.code !== 'forbidden') {
      await session();
      return send();
    }
    if (err instanceof HttpError && err.status === 401 && path !== 'login') onLoggedOut();
    throw err;
  }
}
