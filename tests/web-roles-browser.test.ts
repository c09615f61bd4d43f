/**
 * The console by role in a real browser (Debian chromium through playwright-core):
 * a 只读 account sees only the report and the audit log (in Chinese, with filters
 * and export links); a 经办人 sees the desk without FAQ promotion and can assign
 * a ticket to a department; bulk close asks for a reason and a confirmation.
 * Screenshots go to artifacts/screenshots/roles-*.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebFixture, type WebFixture } from './web-fixture.ts';
import { unresolved } from './fixtures/desk-setup.ts';
import { CHROMIUM, hasChromium } from './fixtures/console-browser.ts';

if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (CI installs it with apt-get install chromium)`);

const SHOTS = fileURLToPath(new URL('../artifacts/screenshots', import.meta.url));
const PASSWORD = 'browser-roles-password';

let fx: WebFixture;
let context: BrowserContext;
let profile: string;
const tickets: string[] = [];

async function login(name: string): Promise<Page> {
  await context.clearCookies();
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.goto(`${fx.url}/admin`);
  await page.fill('#login-name', name);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-form button[type="submit"]');
  await page.locator('#app-view').waitFor();
  return page;
}

describe.skipIf(!hasChromium)('the console by role in chromium', () => {
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    fx = await startWebFixture();
    await fx.staff.accounts.add('guanli', PASSWORD, { role: 'admin', department: '县政府办' });
    await fx.staff.accounts.add('jingban', PASSWORD, { role: 'handler', department: '教体局' });
    await fx.staff.accounts.add('zhidu', PASSWORD, { role: 'viewer' });
    for (const q of ['冠县中考体育考试怎么安排？', '冠县公交卡在哪里办？', '冠县公交卡补办要带什么？']) {
      tickets.push(fx.app.desk.openItem(unresolved(q, 'web', `sess-${q.length}-${tickets.length}`)).ticket);
    }
    fx.staff.audit.record('guanli', 'item.close', { target: tickets[0], detail: { reason: '已电话联系13812345678答复' }, ip: '127.0.0.1' });
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      locale: 'zh-CN',
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await fx?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  it('a read-only account sees the conversation log, the report and the audit log in Chinese, nothing else', async () => {
    const page = await login('zhidu');
    expect(await page.locator('#user-name').textContent()).toBe('当前用户：zhidu（只读）');
    const visibleTabs = await page.locator('[role="tab"]:visible').allTextContents();
    expect(visibleTabs).toEqual(['对话记录', '周报', '操作日志']);
    expect(await page.locator('#panel-desk').isVisible()).toBe(false);
    // The first tab it may use is opened.
    expect(await page.locator('#tab-report').getAttribute('aria-selected')).toBe('true');
    await page.locator('#tab-audit').click();
    const row = page.locator('#audit-table tbody tr[data-action="item.close"]');
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/), 'guanli', '关闭留言', tickets[0], '原因：已电话联系138****5678答复', '127.0.0.1']);
    expect(await page.locator('#audit-table').textContent()).not.toContain('13812345678');
    await page.screenshot({ path: path.join(SHOTS, 'roles-viewer-audit.png'), fullPage: true });
    // Filter to one action; the export links carry the filter.
    await page.selectOption('#audit-action', 'login');
    await expect.poll(() => page.locator('#audit-table tbody tr[data-action="item.close"]').count()).toBe(0);
    expect(await page.locator('#audit-table tbody tr').first().locator('td').nth(2).textContent()).toBe('登录');
    expect(await page.locator('#audit-export-xlsx').getAttribute('href')).toBe('admin/api/audit/export?action=login&format=xlsx');
    // The server refuses what the console hides.
    const refused = await page.evaluate(async () => (await fetch('admin/api/items')).json());
    expect(refused.error).toContain('您的角色（只读）不能使用这项功能');
    await page.close();
  }, 60_000);

  it('a 经办人 works the desk without FAQ promotion and assigns a ticket to a department', async () => {
    const page = await login('jingban');
    expect(await page.locator('[role="tab"]:visible').allTextContents()).toEqual(['待办留言', '对话记录', '命中测试', '周报']);
    await page.locator(`#desk-table tbody tr[data-ticket="${tickets[0]}"] button.link`).click();
    const form = page.locator('#department-form');
    await form.waitFor();
    await form.locator('select').selectOption('教体局');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => page.locator('#desk-detail .flash').textContent()).toBe('已分派到 教体局。');
    expect(await page.locator('#desk-detail').textContent()).toContain('分派到部门（教体局）');
    expect(await page.locator('#promote-form').count()).toBe(0);
    // The department filter lists the departments and shows only that department's tickets.
    await page.selectOption('#desk-department', '教体局');
    await expect.poll(() => page.locator('#desk-table tbody tr').count()).toBe(1);
    expect(await page.locator('#desk-table tbody tr').first().getAttribute('data-ticket')).toBe(tickets[0]);
    await page.screenshot({ path: path.join(SHOTS, 'roles-handler-department.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('bulk close asks for a reason and a confirmation before closing anything', async () => {
    const page = await login('guanli');
    await page.locator('#desk-table tbody tr').first().waitFor();
    for (const ticket of tickets.slice(1)) await page.locator(`#desk-table tbody tr[data-ticket="${ticket}"] .row-check`).check();
    await page.click('#bulk-close');
    const box = page.locator('#bulk-close-confirm');
    expect(await box.isVisible()).toBe(true);
    expect(await page.locator('#bulk-close-title').textContent()).toBe('批量关闭选中的 2 条留言');
    // No reason: nothing is sent.
    await page.click('#bulk-close-ok');
    expect(await page.locator('#bulk-close-error').textContent()).toBe('请写明关闭原因。');
    expect(fx.app.desk.getItem(tickets[1]!)!.status).toBe('待处理');
    await page.fill('#bulk-close-reason', '重复留言');
    expect(await page.locator('#bulk-close-error').textContent()).toBe('');
    await page.screenshot({ path: path.join(SHOTS, 'roles-bulk-close-confirm.png'), fullPage: true });
    await page.click('#bulk-close-ok');
    await expect.poll(() => page.locator('#bulk-status').textContent()).toBe('已处理 2 条，失败 0 条。');
    expect(await box.isVisible()).toBe(false);
    for (const ticket of tickets.slice(1)) expect(fx.app.desk.getFullItem(ticket)).toMatchObject({ status: '已关闭', closeReason: '重复留言' });
    await page.close();
  }, 60_000);
});
