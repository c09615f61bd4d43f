/**
 * Staff session cookie and the guard every console route but login uses.
 * The console's cookies are HttpOnly, SameSite=Strict, limited to /admin, and
 * Secure whenever the request came over HTTPS.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { StaffStore } from '../staff/index.ts';
import { SESSION_TTL_MS } from '../staff/index.ts';
import { WebError } from '../errors.ts';
import type { Translate } from '../text.ts';

export const SESSION_COOKIE = 'guanbot_staff';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in staff member's name (set by the guard). */
    staffName: string | null;
  }
}

/** Options of every console cookie (the session and the CSRF secret). */
export const ADMIN_COOKIE_OPTIONS: Readonly<CookieSerializeOptions> = { path: '/admin', httpOnly: true, sameSite: 'strict', secure: 'auto' };

export function setSessionCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, { ...ADMIN_COOKIE_OPTIONS, maxAge: Math.floor(SESSION_TTL_MS / 1000) });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, ADMIN_COOKIE_OPTIONS);
}

export function sessionToken(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE];
}

/** preHandler: 401 unless the request carries a live session of an enabled account. */
export function requireStaff(staff: StaffStore, t: Translate) {
  return async (request: FastifyRequest) => {
    const name = staff.sessions.resolve(sessionToken(request));
    if (!name) throw new WebError(401, t('api.errors.loginRequired'));
    request.staffName = name;
  };
}
