/**
 * The staff console API under /admin/api. Login is open (CSRF-protected);
 * everything else needs a staff session whose role has the capability the
 * route declares (access.ts), and every state-changing request must carry
 * the CSRF token from GET /admin/api/session.
 */
import csrf from '@fastify/csrf-protection';
import { routeGroup } from '../ports.ts';
import { ADMIN_COOKIE_OPTIONS, requireStaff } from './session.ts';
import { authRoutes } from './auth-routes.ts';
import { requireAccess } from './access.ts';
import { adminDeskRoutes } from './desk-routes.ts';
import { adminCorpusRoutes } from './corpus-routes.ts';
import { hitTestRoutes } from './hittest-routes.ts';
import { reportRoutes } from './report-routes.ts';
import { logRoutes } from './log-routes.ts';
import { auditRoutes } from './audit-routes.ts';
import { ReindexJob } from './reindex-job.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const adminConsole = routeGroup('guanbot-admin-console', ['staffStore', 'webTexts', 'reindexer'], async (server) => {
  const { staffStore: staff, webTexts: t } = server;
  await server.register(csrf, {
    cookieKey: 'guanbot_csrf',
    cookieOpts: ADMIN_COOKIE_OPTIONS,
  });
  server.decorateRequest('staffName', null);
  server.addHook('onRequest', (request, reply, done) => {
    if (SAFE_METHODS.has(request.method)) return done();
    server.csrfProtection(request, reply, done);
  });

  await server.register(authRoutes);

  const reindex = new ReindexJob(server.reindexer, server.log);
  server.addHook('onClose', async () => reindex.idle());
  await server.register(async (guarded) => {
    guarded.addHook('preHandler', requireStaff(staff, t));
    guarded.addHook('preHandler', requireAccess(staff, t));
    await guarded.register(adminDeskRoutes, { reindex });
    await guarded.register(adminCorpusRoutes, { reindex });
    await guarded.register(hitTestRoutes);
    await guarded.register(reportRoutes);
    await guarded.register(logRoutes, { reindex });
    await guarded.register(auditRoutes);
  });
});
