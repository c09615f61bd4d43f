/**
 * Login, logout and the session probe of the console. Failed logins count
 * towards the account lockout; every attempt is audited.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { parseInput, WebError } from '../errors.ts';
import type { Translate } from '../text.ts';
import type { StaffStore } from '../staff/index.ts';
import { clearSessionCookie, sessionToken, setSessionCookie } from './session.ts';

export interface AuthRoutesOptions {
  staff: StaffStore;
  t: Translate;
}

export const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (server, { staff, t }) => {
  const loginSchema = z.object({
    name: z.string({ error: t('api.errors.loginMissing') }).trim().min(1, t('api.errors.loginMissing')).max(64),
    password: z.string({ error: t('api.errors.loginMissing') }).min(1, t('api.errors.loginMissing')).max(256),
  });

  /** Who is logged in, plus a CSRF token for the next state-changing request. */
  server.get('/session', async (request, reply) => {
    const name = staff.sessions.resolve(sessionToken(request)) ?? null;
    return { name, csrfToken: reply.generateCsrf() };
  });

  server.post('/login', { config: { rateLimit: { max: 20, timeWindow: 60_000 } } }, async (request, reply) => {
    const body = parseInput(loginSchema, request.body, t);
    const result = await staff.accounts.login(body.name, body.password);
    if (!result.ok) {
      staff.audit.record(body.name, result.reason === 'locked' ? 'login.locked' : 'login.failed', { ip: request.ip });
      if (result.reason === 'locked') throw new WebError(423, t('api.errors.loginLocked', { minutes: result.minutesLeft }));
      throw new WebError(401, t('api.errors.loginFailed'));
    }
    staff.sessions.destroy(sessionToken(request));
    setSessionCookie(reply, staff.sessions.create(result.name));
    staff.audit.record(result.name, 'login', { ip: request.ip });
    return { name: result.name };
  });

  server.post('/logout', async (request, reply) => {
    const token = sessionToken(request);
    const name = staff.sessions.resolve(token);
    staff.sessions.destroy(token);
    clearSessionCookie(reply);
    if (name) staff.audit.record(name, 'logout', { ip: request.ip });
    return { ok: true };
  });
};
