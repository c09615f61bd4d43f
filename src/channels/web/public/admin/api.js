/**
 * Console requests: JSON under admin/api with the CSRF token on every
 * state-changing request (fetched from admin/api/session, renewed once when
 * the server says it expired). A 401 sends the user back to the login form.
 */
import { HttpError, requestJson } from '../lib/http.js';

/**
 * The console session as `admin/api/session` sends it (admin/auth-routes.ts).
 * @typedef {object} StaffSession
 * @property {string | null} name null when nobody is logged in
 * @property {string | null} [role]
 * @property {string | null} [roleLabel] the role's Chinese name
 * @property {string | null} [department]
 * @property {string[]} [capabilities]
 * @property {string} csrfToken
 */
/** @typedef {{ name: string | null; role: string | null; roleLabel: string | null; department: string | null; capabilities: string[] }} Me */
/** @typedef {import('../lib/http.js').RequestOptions} RequestOptions */

/** @type {string | null} */
let csrfToken = null;
/** @type {Me} */
let current = { name: null, role: null, roleLabel: null, department: null, capabilities: [] };
let onLoggedOut = () => {};

/**
 * Registers what to do when the session has ended.
 * @param {() => void} fn
 */
export function whenLoggedOut(fn) {
  onLoggedOut = fn;
}

/**
 * Who is logged in (null when nobody), refreshing the CSRF token and the role.
 * @returns {Promise<string | null>}
 */
export async function session() {
  const s = /** @type {StaffSession} */ (await requestJson('admin/api/session'));
  csrfToken = s.csrfToken;
  current = { name: s.name, role: s.role ?? null, roleLabel: s.roleLabel ?? null, department: s.department ?? null, capabilities: s.capabilities ?? [] };
  return s.name;
}

/**
 * The logged-in staff member: name, role, its Chinese name, department.
 * @returns {Me}
 */
export function me() {
  return current;
}

/**
 * True when the logged-in role has `capability` (the server checks again on every request).
 * @param {string} capability
 */
export function can(capability) {
  return current.capabilities.includes(capability);
}

/**
 * A console API call; `path` is relative to admin/api/. The caller names the answer's shape.
 * @param {string} path
 * @param {Omit<RequestOptions, 'headers'>} [options]
 * @returns {Promise<unknown>}
 */
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
