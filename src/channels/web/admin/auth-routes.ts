/**
 * Login, logout and the session probe of the console. Failed logins slow
 * down further attempts from the same address at the same name (never the
 * account as a whole); every attempt is audited.
 */
import { normalizeIP } from '@fastify/rate-limit';
import { z } from 'zod';
import { parseInput, WebError } from '../errors.ts';
import { capabilitiesOf, OPEN_ACCESS } from '../staff/index.ts';
import { routeGroup } from '../ports.ts';
import { limitError, MINUTE, waitText } from '../rate-limits.ts';
import { clearSessionCookie, sessionToken, setSessionCookie } from './session.ts';

export const authRoutes = routeGroup('guanbot-admin-auth', ['staffStore', 'webTexts'], async (server) => {
  const { staffStore: staff, webTexts: t } = server;
  const loginSchema = z.object({
    name: z.string({ error: t('api.errors.loginMissing') }).trim().min(1, t('api.errors.loginMissing')).max(64),
    password: z.string({ error: t('api.errors.loginMissing') }).min(1, t('api.errors.loginMissing')).max(256),
  });

  const open = { access: OPEN_ACCESS };

  /**
   * Who is logged in, with the role, department and capabilities the console shows and hides by,
   * plus a CSRF token for the next state-changing request.
   */
  server.get('/session', { config: open }, async (request, reply) => {
    const name = staff.sessions.resolve(sessionToken(request)) ?? null;
    const account = name ? staff.accounts.get(name) : undefined;
    return {
      name,
      role: account?.role ?? null,
      roleLabel: account ? t(`staff.roles.${account.role}`) : null,
      department: account?.department ?? null,
      capabilities: account ? capabilitiesOf(account.role) : [],
      csrfToken: reply.generateCsrf(),
    };
  });

  // Per address across all names (spraying many names); the per-name throttle is in the staff store.
  const addressLimit = { max: 20, timeWindow: MINUTE, errorResponseBuilder: limitError(t, 'api.errors.loginThrottled') };

  server.post('/login', { config: { ...open, rateLimit: addressLimit } }, async (request, reply) => {
    const body = parseInput(loginSchema, request.body, t);
    // IPv6 clients by /64 (the rate limiter's rule), so one client cannot rotate through its own addresses.
    const result = await staff.accounts.login(body.name, body.password, normalizeIP(request.ip));
    if (!result.ok) {
      staff.audit.record(body.name, result.reason === 'throttled' ? 'login.throttled' : 'login.failed', { ip: request.ip });
      if (result.reason === 'invalid') throw new WebError(401, t('api.errors.loginFailed'));
      reply.header('retry-after', Math.ceil(result.retryAfterMs / 1000));
      throw new WebError(429, t('api.errors.loginThrottled', { wait: waitText(t, result.retryAfterMs) }));
    }
    staff.sessions.destroy(sessionToken(request));
    setSessionCookie(reply, staff.sessions.create(result.name));
    staff.audit.record(result.name, 'login', { ip: request.ip });
    return { name: result.name };
  });

  server.post('/logout', { config: open }, async (request, reply) => {
    const token = sessionToken(request);
    const name = staff.sessions.resolve(token);
    staff.sessions.destroy(token);
    clearSessionCookie(reply);
    if (name) staff.audit.record(name, 'logout', { ip: request.ip });
    return { ok: true };
  });
});
