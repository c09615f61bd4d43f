/**
 * Who may do what in the console (issue 12): every route registered under
 * /admin/api is collected as the server registers it, and each is called
 * with each of the four roles. A route that declares no capability, or a
 * role that gets through where the capability map says it may not, fails
 * here. Also: the session tells the console the role, role changes apply on
 * the next request, departments, and the bulk-close reason.
 */
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPABILITIES, may, OPEN_ACCESS, ROLES, type Role } from '../src/channels/web/staff/index.ts';
import { StaffClient, startWebFixture, type WebFixture } from './web-fixture.ts';
import { unresolved } from './fixtures/desk-setup.ts';

const PASSWORD = 'roles-test-password';
const ACCOUNTS: Record<Role, { name: string; department?: string }> = {
  admin: { name: 'guanli' },
  editor: { name: 'bianji', department: '县政府办' },
  handler: { name: 'jingban', department: '教体局' },
  viewer: { name: 'zhidu' },
};
const LABEL: Record<Role, string> = { admin: '管理员', editor: '编辑', handler: '经办人', viewer: '只读' };

let fx: WebFixture;
const routes: { method: string; url: string; access: unknown }[] = [];
const clients = {} as Record<Role, StaffClient>;

beforeAll(async () => {
  const collect = (route: RouteOptions) => {
    if (!route.url.startsWith('/admin/api')) return;
    for (const method of [route.method].flat()) {
      // fastify adds a HEAD twin to every GET; it shares the GET's handler and hooks.
      if (method !== 'HEAD') routes.push({ method, url: route.url, access: route.config?.access });
    }
  };
  fx = await startWebFixture({}, undefined, { onRoute: collect });
  for (const role of ROLES) {
    await fx.staff.accounts.add(ACCOUNTS[role].name, PASSWORD, { role, department: ACCOUNTS[role].department });
    clients[role] = new StaffClient(fx.url);
    expect((await clients[role].login(ACCOUNTS[role].name, PASSWORD)).status).toBe(200);
  }
}, 120_000);

afterAll(async () => {
  await fx?.close();
}, 120_000);

/** A URL for a route pattern: parameters get well-formed values that name nothing (404, never a change). */
function concrete(url: string): string {
  return url
    .replace(/^\/admin\/api\//, '')
    .replace(':ticket', 'GX20990101-0001')
    .replace(':id', 'no-such-document');
}

describe('every console route declares the capability it needs', () => {
  it('collects the console routes as they are registered', () => {
    // A sanity floor: the desk, corpus, hit test, report and audit routes are all there.
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining(['GET /admin/api/items', 'POST /admin/api/corpus/upload', 'GET /admin/api/audit/export']));
  });

  it('declares a known capability on each staff route, and open access only on login, logout and the session probe', () => {
    const open = routes.filter((r) => r.access === OPEN_ACCESS).map((r) => `${r.method} ${r.url}`);
    expect(open.sort()).toEqual(['GET /admin/api/session', 'POST /admin/api/login', 'POST /admin/api/logout']);
    const undeclared = routes.filter((r) => r.access !== OPEN_ACCESS && !(CAPABILITIES as readonly unknown[]).includes(r.access));
    expect(undeclared.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });
});

describe('each role, route by route', () => {
  it('refuses a role without the capability with a Chinese 403 and lets the others through', async () => {
    const outcomes: string[] = [];
    const wrong: string[] = [];
    for (const route of routes.filter((r) => r.access !== OPEN_ACCESS)) {
      for (const role of ROLES) {
        const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
        const r = await clients[role].call(route.method, concrete(route.url), hasBody ? {} : undefined);
        const allowed = may(role, route.access as (typeof CAPABILITIES)[number]);
        outcomes.push(`${route.method} ${route.url} ${role} ${r.status}`);
        if (allowed && (r.status === 403 || r.status === 401)) wrong.push(`${route.method} ${route.url}: ${role} refused (${r.status} ${JSON.stringify(r.body?.error)})`);
        if (!allowed) {
          const refusal = r.status === 403 && r.body?.code === 'forbidden' && String(r.body?.error).includes(`您的角色（${LABEL[role]}）不能使用这项功能`);
          if (!refusal) wrong.push(`${route.method} ${route.url}: ${role} not refused (${r.status} ${JSON.stringify(r.body)?.slice(0, 80)})`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // Every role was tried on every route.
    expect(outcomes.length).toBe(routes.filter((r) => r.access !== OPEN_ACCESS).length * ROLES.length);
  }, 180_000);

  it('names the roles that may, in the refusal', async () => {
    const r = await clients.viewer.call('POST', 'corpus/reindex', {});
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('您的角色（只读）不能使用这项功能，需要管理员、编辑。如确需使用，请联系管理员调整角色。');
    const desk = await clients.handler.call('GET', 'corpus');
    expect(desk.body.error).toContain('您的角色（经办人）');
  });
});

describe('the session and role changes', () => {
  it('tells the console the role, its Chinese name, the department and the capabilities', async () => {
    const r = await clients.handler.call('GET', 'session');
    expect(r.body).toMatchObject({ name: 'jingban', role: 'handler', roleLabel: '经办人', department: '教体局' });
    expect(r.body.capabilities).toEqual(['desk.read', 'desk.act', 'hittest', 'report.read', 'log.read']);
    const viewer = await clients.viewer.call('GET', 'session');
    expect(viewer.body.capabilities).toEqual(['report.read', 'log.read', 'audit.read']);
  });

  it('applies a role change on the next request, and keeps the last administrator', async () => {
    await fx.staff.accounts.add('linshi', PASSWORD, { role: 'editor' });
    const client = new StaffClient(fx.url);
    await client.login('linshi', PASSWORD);
    expect((await client.call('GET', 'corpus')).status).toBe(200);
    fx.staff.accounts.setRole('linshi', 'viewer');
    expect((await client.call('GET', 'corpus')).status).toBe(403);
    expect((await client.call('GET', 'report')).status).toBe(200);
    expect(() => fx.staff.accounts.setRole('guanli', 'viewer')).toThrow(expect.objectContaining({ rule: 'lastAdmin' }));
    expect(fx.staff.accounts.get('guanli')!.role).toBe('admin');
  });
});

describe('departments', () => {
  it('assigns a ticket to a department of the staff, refuses an unknown one, filters by it and audits it', async () => {
    const { ticket } = fx.app.desk.openItem(unresolved('冠县今年中考什么时候报名？', 'web', 'sess-dept'));
    const other = fx.app.desk.openItem(unresolved('冠县供暖费怎么交？', 'web', 'sess-dept-2')).ticket;
    const unknown = await clients.handler.call('POST', `items/${ticket}/department`, { department: '文旅局' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('没有工作人员属于部门“文旅局”。现有部门：教体局、县政府办。');

    const r = await clients.handler.call('POST', `items/${ticket}/department`, { department: '教体局' });
    expect(r.status).toBe(200);
    expect(r.body.item).toMatchObject({ ticket, department: '教体局', status: '待处理' });

    const filtered = await clients.handler.call('GET', `items?department=${encodeURIComponent('教体局')}`);
    expect(filtered.body.items.map((i: { ticket: string }) => i.ticket)).toEqual([ticket]);
    expect(filtered.body.departments).toEqual(['教体局', '县政府办']);
    const all = await clients.handler.call('GET', 'items');
    expect(all.body.items.map((i: { ticket: string }) => i.ticket)).toEqual(expect.arrayContaining([ticket, other]));

    const item = await clients.handler.call('GET', `items/${ticket}`);
    expect(item.body.item.history.map((h: { code: string; action: string }) => `${h.code}:${h.action}`)).toContain('department:分派到部门');
    expect(fx.staff.audit.list({ actor: 'jingban', action: 'item.department' })[0]).toMatchObject({ target: ticket, detail: JSON.stringify({ department: '教体局' }) });
  });

  it('refuses a bulk close without a reason and closes with one', async () => {
    const { ticket } = fx.app.desk.openItem(unresolved('冠县图书馆几点开门？', 'web', 'sess-bulk'));
    const noReason = await clients.handler.call('POST', 'items/bulk', { action: 'close', tickets: [ticket] });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toBe('批量关闭须写明关闭原因。');
    expect(fx.app.desk.getItem(ticket)!.status).toBe('待处理');
    const closed = await clients.handler.call('POST', 'items/bulk', { action: 'close', tickets: [ticket], reason: '重复留言' });
    expect(closed.body).toEqual({ done: [ticket], failed: [] });
  });
});
