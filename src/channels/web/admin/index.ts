/**
 * The staff console API under /admin/api. Login is open (CSRF-protected);
 * everything else needs a staff session whose role has the capability the
 * route declares (access.ts), and every state-changing request must carry
 * the CSRF token from GET /admin/api/session.
 */
import type { FastifyPluginAsync } from 'fastify';
import csrf from '@fastify/csrf-protection';
import type { App } from '../../../app.ts';
import type { Translate } from '../text.ts';
import type { StaffStore } from '../staff/index.ts';
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

export interface AdminConsoleOptions {
  app: App;
  t: Translate;
  staff: StaffStore;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const adminConsole: FastifyPluginAsync<AdminConsoleOptions> = async (server, { app, t, staff }) => {
  await server.register(csrf, {
    cookieKey: 'guanbot_csrf',
    cookieOpts: ADMIN_COOKIE_OPTIONS,
  });
  server.decorateRequest('staffName', null);
  server.addHook('onRequest', (request, reply, done) => {
    if (SAFE_METHODS.has(request.method)) return done();
    server.csrfProtection(request, reply, done);
  });

  await server.register(authRoutes, { staff, t });

  const reindex = new ReindexJob(app);
  server.addHook('onClose', async () => reindex.idle());
  await server.register(async (guarded) => {
    guarded.addHook('preHandler', requireStaff(staff, t));
    guarded.addHook('preHandler', requireAccess(staff, t));
    await guarded.register(adminDeskRoutes, { app, t, staff, reindex });
    await guarded.register(adminCorpusRoutes, { app, t, staff, reindex });
    await guarded.register(hitTestRoutes, { app, t, staff });
    await guarded.register(reportRoutes, { app, t, staff });
    await guarded.register(logRoutes, { app, t, staff, reindex });
    await guarded.register(auditRoutes, { app, t, staff });
  });
};
