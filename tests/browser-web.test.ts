/**
 * The web channel in a real browser (Debian chromium through playwright-core):
 * a citizen asks in the widget embedded on a county page and sees a cited
 * answer; an out-of-scope question shows a ticket; staff log in, answer the
 * item and promote it to FAQ; the same question is then answered from the new
 * entry; an XSS attempt renders as text. Screenshots go to artifacts/screenshots/.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebFixture, type WebFixture } from './web-fixture.ts';
import { restatingModel, startFakeOpenAI } from './fixtures/fake-openai.ts';
import { CHROMIUM, hasChromium } from './fixtures/console-browser.ts';

if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (CI installs it with apt-get install chromium)`);

const SHOTS = fileURLToPath(new URL('../artifacts/screenshots', import.meta.url));
const STAFF = { name: 'zhaomin', password: 'browser-test-password' };
const IN_SCOPE = '申请政府信息公开要收费吗？';
const OUT_OF_SCOPE = '冠县图书馆周末几点开门？';
const ALSO_OUT_OF_SCOPE = '冠县哪里可以办理护照？';
const XSS = '<img src=x onerror=alert(1)>';

let fx: WebFixture;
let county: http.Server;
let countyUrl: string;
let context: BrowserContext;
let profile: string;
const dialogs: string[] = [];

async function shot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

/** A stand-in county web page on another origin that embeds the widget with one script tag. */
function countyPage(widgetSrc: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>冠县人民政府</title>
<style>body{margin:0;font-family:sans-serif;background:#f4f4f4}header{background:#b71c1c;color:#fff;padding:18px 24px;font-size:22px}main{padding:24px;line-height:1.8}</style></head>
<body><header>冠县人民政府门户网站</header><main><h2>政务公开</h2><p>这里是县政府网站的政务公开栏目。</p><p>右下角可以打开政策问答。</p></main>
<script src="${widgetSrc}" defer></script></body></html>`;
}

/** Logs the staff member in on the console (each test stands alone). */
async function staffLogin(page: Page) {
  await context.clearCookies();
  await page.goto(`${fx.url}/admin`);
  await page.fill('#login-name', STAFF.name);
  await page.fill('#login-password', STAFF.password);
  await page.click('#login-form button[type="submit"]');
  await page.locator('#app-view').waitFor();
  expect(await page.locator('#login-view').isVisible()).toBe(false);
}

async function newPage(viewport = { width: 390, height: 844 }): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  return page;
}

describe.skipIf(!hasChromium)('web channel in chromium', () => {
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    fx = await startWebFixture();
    await fx.staff.accounts.add(STAFF.name, STAFF.password);
    county = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(countyPage(`${fx.url}/widget.js`));
    });
    await new Promise<void>((resolve) => county.listen(0, '127.0.0.1', resolve));
    // localhost vs 127.0.0.1: a different origin from the guanbot server, like a real county site.
    countyUrl = `http://localhost:${(county.address() as AddressInfo).port}/`;
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      locale: 'zh-CN',
    });
  });

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => county?.close(resolve));
    await fx?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  /** The chat's script has attached its handlers once it has shown the welcome message (typing earlier would be lost). */
  async function chatReady(scope: Page | FrameLocator): Promise<void> {
    await scope.locator('.msg--bot').first().waitFor();
  }

  it('a citizen opens the widget on the county page and sees a cited answer', async () => {
    const page = await newPage({ width: 1280, height: 860 });
    await page.goto(countyUrl);
    const launcher = page.locator('.gb-launcher');
    await expect.poll(() => launcher.isVisible()).toBe(true);
    await shot(page, '01-county-page-widget-closed');
    await launcher.focus();
    await page.keyboard.press('Enter');
    expect(await launcher.getAttribute('aria-expanded')).toBe('true');
    const chat = page.frameLocator('iframe.gb-frame');
    await chatReady(chat);
    await chat.locator('#question').fill(IN_SCOPE);
    await chat.locator('#question').press('Enter');
    const card = chat.locator('.source').first();
    await card.waitFor();
    await card.locator('summary').click();
    const passage = card.locator('.source__text');
    await expect.poll(() => passage.isVisible()).toBe(true);
    expect(await passage.textContent()).toContain('不收取费用');
    expect(await chat.locator('.msg--bot .bubble').last().textContent()).toContain('不收取费用');
    await shot(page, '02-widget-cited-answer');
    await chat.locator('button', { hasText: '有帮助' }).last().click();
    await expect.poll(() => chat.locator('.actions__status').last().textContent()).toContain('谢谢');
    await page.keyboard.press('Escape');
    await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('false');
    await page.close();
  }, 120_000);

  it('an out-of-scope question shows a ticket, and an XSS attempt renders as text', async () => {
    const page = await newPage();
    await page.goto(`${fx.url}/`);
    await chatReady(page);
    await page.locator('label.persona', { hasText: '冠小芝' }).click();
    await page.fill('#question', ALSO_OUT_OF_SCOPE);
    await page.click('#send');
    const ticket = page.locator('.ticket__number');
    await ticket.waitFor();
    expect(await ticket.textContent()).toMatch(/^GX\d{8}-\d{4,}$/);
    await shot(page, '03-mobile-out-of-scope-ticket');

    await page.fill('#question', XSS);
    await page.keyboard.press('Enter');
    await page.locator('.msg--bot[aria-busy]').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.bubble--user').last().textContent()).toBe(XSS);
    expect(await page.locator('#log img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await shot(page, '04-mobile-xss-as-text');
    await page.close();

    // Staff see the same question as text in the queue.
    const staffPage = await newPage({ width: 1366, height: 900 });
    await staffLogin(staffPage);
    await expect.poll(() => staffPage.locator('#desk-table', { hasText: XSS }).count()).toBe(1);
    expect(await staffPage.locator('#desk-table img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await staffPage.close();
  }, 180_000);

  it('staff log in, answer the item, the citizen finds the reply, staff promote it to FAQ, and the bot answers from it', async () => {
    const citizen = await newPage();
    await citizen.goto(`${fx.url}/`);
    await chatReady(citizen);
    await citizen.fill('#question', OUT_OF_SCOPE);
    await citizen.click('#send');
    const ticket = (await citizen.locator('.ticket__number').last().textContent())!.trim();
    expect(ticket).toMatch(/^GX\d{8}-\d{4,}$/);

    const page = await newPage({ width: 1366, height: 900 });
    await context.clearCookies();
    await page.goto(`${fx.url}/admin`);
    await page.fill('#login-name', STAFF.name);
    await page.fill('#login-password', 'wrong-password');
    await page.click('#login-form button[type="submit"]');
    await expect.poll(() => page.locator('#login-error').textContent()).toContain('不正确');
    await shot(page, '05-admin-login-error');
    await page.fill('#login-password', STAFF.password);
    await page.click('#login-form button[type="submit"]');
    await page.locator('#desk-table tbody tr').first().waitFor();
    expect(await page.locator('#login-view').isVisible()).toBe(false);
    // A second citizen asks the same question: the reply lists them before it is sent, and goes out only once confirmed.
    const neighbour = await newPage();
    await neighbour.goto(`${fx.url}/`);
    await chatReady(neighbour);
    await neighbour.fill('#question', '请问冠县图书馆周末几点开门');
    await neighbour.click('#send');
    const other = (await neighbour.locator('.ticket__number').last().textContent())!.trim();
    expect(other).not.toBe(ticket);
    await neighbour.close();
    await page.reload();
    await page.locator('#desk-table tbody tr').first().waitFor();
    const row = page.locator('#desk-table tbody tr', { hasText: ticket });
    await row.locator('button.link').click();
    await page.locator('#reply-form textarea').fill('冠县图书馆周六、周日9:00至17:00开放。');
    await page.locator('#reply-form button[type="submit"]').click();
    await page.locator('#reply-confirm .recipients').waitFor();
    expect(await page.locator('#reply-confirm .recipients').textContent()).toContain(other);
    expect(await page.locator('#desk-detail .facts').textContent()).toContain('待处理');
    await shot(page, '06a-admin-reply-recipients');
    await page.locator('#reply-confirm-send').click();
    await page.locator('#promote-form').waitFor();
    expect(await page.locator('#desk-detail .flash').textContent()).toContain('已答复');
    await shot(page, '06-admin-replied');

    await citizen.goto(`${fx.url}/`);
    // This browser asked the question: the chat shows the staff reply on its own and opens the lookup box.
    await expect.poll(() => citizen.locator('.msg--staff').first().textContent()).toContain('9:00至17:00');
    expect(await citizen.locator('#lookup').getAttribute('open')).not.toBeNull();
    await citizen.fill('#lookup-ticket', ticket);
    await citizen.locator('#lookup-form button').click();
    await expect.poll(() => citizen.locator('#lookup-result').textContent()).toContain('9:00至17:00');
    await shot(citizen, '07-mobile-ticket-lookup-reply');

    // Promotion first shows what would be published, in editable fields; only the confirmation writes it.
    await page.locator('#promote-form button[type="submit"]').click();
    await page.locator('#promote-draft textarea[name="question"]').waitFor();
    expect(await page.locator('#promote-draft textarea[name="answer"]').inputValue()).toContain('9:00至17:00');
    expect(await page.locator('#desk-detail .facts').textContent()).toContain('已答复');
    await shot(page, '08a-admin-promote-preview');
    await page.locator('#promote-confirm').click();
    // Promotion rebuilds the index before it answers: allow for a loaded machine.
    await expect.poll(() => page.locator('#desk-detail .flash').textContent(), { timeout: 90_000 }).toContain('常见问答');
    expect(await page.locator('#desk-detail .facts').textContent()).toContain('已转为问答');
    await shot(page, '08-admin-promoted');

    await citizen.fill('#question', OUT_OF_SCOPE);
    await citizen.click('#send');
    await citizen.locator('.msg--bot .source').last().waitFor();
    const last = citizen.locator('.msg--bot').last();
    expect(await last.locator('.bubble').first().textContent()).toContain('9:00至17:00');
    expect(await last.locator('.source__title').textContent()).toContain('图书馆');
    expect(await last.locator('.ticket').count()).toBe(0);
    await shot(citizen, '09-mobile-answered-from-new-faq');
    expect(dialogs).toEqual([]);
    await citizen.close();
    await page.close();
  }, 240_000);

  it('the console shows corpus, hit testing and the weekly report', async () => {
    const page = await newPage({ width: 1366, height: 900 });
    await staffLogin(page);
    await page.locator('#tab-corpus').click();
    await page.locator('#corpus-table tbody tr').first().waitFor();
    await page.locator('#corpus-table tbody tr').first().locator('button', { hasText: '编辑' }).click();
    await page.locator('.chunk-list li').first().waitFor();
    await page.locator('#editor h2').scrollIntoViewIfNeeded();
    await shot(page, '10-admin-corpus-editor', false);
    await page.locator('#tab-hittest').click();
    await page.fill('#hittest-q', '申请政府信息公开多久能答复？');
    await page.locator('#hittest-form button').click();
    await page.locator('#hittest-result table.passages').waitFor();
    expect(await page.locator('.verdict').textContent()).toContain('会作答');
    // The trace says why: the closest bank question and each feature's contribution.
    expect(await page.locator('#hittest-result .trace').textContent()).toContain('最像的问题库问法');
    expect(await page.locator('#hittest-result .trace table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#hittest-result .answer-kind').textContent()).toBe('问题要的是期限。引用的句子写明了期限。');
    await shot(page, '11-admin-hittest');
    await page.locator('#tab-report').click();
    await page.locator('#report-body svg.chart').first().waitFor();
    await shot(page, '12-admin-weekly-report');
    await page.close();
  }, 120_000);

  it('a console action that fails shows its message instead of vanishing as an unhandled rejection', async () => {
    const page = await newPage({ width: 1366, height: 900 });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await staffLogin(page);
    await page.locator('#desk-table tbody tr').first().waitFor();
    // The server fails opening an item (e.g. the database is busy).
    await page.route('**/admin/api/items/GX*', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: '抱歉，系统暂时出了点问题，请稍后再试。' }) }),
    );
    await page.locator('#desk-table tbody tr').first().locator('button.link').click();
    await expect.poll(() => page.locator('#console-error').textContent()).toContain('系统暂时出了点问题');
    expect(await page.locator('#console-error').isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
    // Switching tabs starts afresh.
    await page.unroute('**/admin/api/items/GX*');
    await page.locator('#tab-audit').click();
    expect(await page.locator('#console-error').isVisible()).toBe(false);
    await page.close();
  }, 60_000);

  it('streamed model text is shown as a draft until the checked final answer replaces it', async () => {
    const fake = await startFakeOpenAI();
    // Every reply states a figure found in no passage: the grounding check throws it away.
    const inventing = restatingModel(1);
    fake.setFallback((request) => ({ ...inventing(request), chunkDelayMs: 250 }));
    const llm = await startWebFixture({ GUANBOT_LLM_BASE_URL: fake.baseURL, GUANBOT_LLM_MODEL: 'fake-chat', GUANBOT_LLM_TIMEOUT_MS: '20000' });
    const page = await newPage();
    try {
      await page.goto(`${llm.url}/`);
      await page.fill('#question', IN_SCOPE);
      await page.click('#send');
      const draft = page.locator('.msg--bot.msg--draft');
      await draft.waitFor();
      expect(await draft.getAttribute('aria-busy')).toBe('true');
      expect(await draft.locator('.msg__draft-note').textContent()).toContain('正在整理');
      await expect.poll(() => draft.locator('.bubble').first().textContent()).toContain('根据资料');
      await shot(page, '13-mobile-streaming-draft');
      await draft.waitFor({ state: 'detached' });
      const last = page.locator('.msg--bot').last();
      expect(await last.getAttribute('aria-busy')).toBeNull();
      expect(await last.locator('.msg__draft-note').count()).toBe(0);
      const final = (await last.locator('.bubble').first().textContent()) ?? '';
      expect(final).not.toContain('98765');
      expect(final.length).toBeGreaterThan(10);
      await last.locator('.source').first().waitFor();
    } finally {
      await page.close();
      await llm.close();
      await fake.close();
    }
  }, 120_000);
});
