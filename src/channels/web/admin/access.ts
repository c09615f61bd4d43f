/**
 * Role checks of the console. Every route declares in its `config.access`
 * the capability it needs (roles.ts maps capabilities to roles), or
 * OPEN_ACCESS for login, logout and the session probe. The guard refuses with
 * a Chinese 403 when the logged-in role lacks the capability; a route that
 * declares nothing is refused to everyone, so a forgotten declaration fails
 * closed (and the route-by-route test names it).
 */
import type { FastifyRequest } from 'fastify';
import { WebError } from '../errors.ts';
import type { Translate } from '../text.ts';
import { isCapability, may, ROLES_FOR, type Access, type Capability, type StaffStore } from '../staff/index.ts';
import type { Role } from '../staff/roles.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs: a capability of roles.ts, or OPEN_ACCESS. */
    access?: Access;
  }
}

/** Route options that declare the capability a console route needs: `server.get('/x', needs(CAPABILITY.deskRead), …)`. */
export function needs(capability: Capability): { config: { access: Capability } } {
  return { config: { access: capability } };
}

/** The 403 a role without `capability` gets, naming its role and the roles that may. */
export function forbidden(t: Translate, role: Role, capability: Capability | undefined): WebError {
  const allowed = capability ? ROLES_FOR[capability].map((r) => t(`staff.roles.${r}`)).join('、') : t('staff.roles.admin');
  return new WebError(403, t('api.errors.forbidden', { role: t(`staff.roles.${role}`), allowed }), { code: 'forbidden' });
}

/** preHandler after `requireStaff`: 403 unless the staff member's role has the route's capability. */
export function requireAccess(staff: StaffStore, t: Translate) {
  return async (request: FastifyRequest) => {
    const declared = request.routeOptions.config.access;
    const account = staff.accounts.get(request.staffName!);
    // requireStaff found a live session of an enabled account; it can only be gone if deleted this instant.
    const role = account?.role ?? 'viewer';
    if (!isCapability(declared)) {
      request.log.error({ url: request.routeOptions.url }, 'console route declares no capability: refused');
      throw forbidden(t, role, undefined);
    }
    if (!account || !may(role, declared)) throw forbidden(t, role, declared);
  };
}
