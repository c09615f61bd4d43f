/**
 * Accessibility (适老化) in a real browser: axe-core finds no serious or
 * critical violation on the chat page (phone and desktop, large text on and
 * off, with an answer on screen), the widget embedded on a county page (the
 * launcher, its panel and the chat inside the frame) and the staff console's
 * login; the chat works from the keyboard alone.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebFixture, type WebFixture } from './web-fixture.ts';
import { CHROMIUM, hasChromium } from './fixtures/console-browser.ts';

if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (CI installs it with apt-get install chromium)`);

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SHOTS = fileURLToPath(new URL('../artifacts/screenshots', import.meta.url));
const IN_SCOPE = '申请政府信息公开要收费吗？';

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

let fx: WebFixture;
let browser: Browser;
let county: http.Server;
let countyUrl: string;

/** The serious and critical violations axe finds in a page or frame, summarised so a failure says what and where. */
async function seriousViolations(scope: Page | Frame): Promise<string[]> {
  await scope.addScriptTag({ path: AXE });
  const violations = await scope.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join(' | ')}`);
}

/** A context that lets the test inject axe despite the pages' strict CSP (script-src 'self'). */
async function context(viewport: { width: number; height: number }, touch = false): Promise<BrowserContext> {
  return browser.newContext({ viewport, hasTouch: touch, isMobile: touch, locale: 'zh-CN', bypassCSP: true });
}

async function chatPage(ctx: BrowserContext): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${fx.url}/`);
  await page.locator('.msg--bot').first().waitFor();
  return page;
}

async function answer(page: Page, question: string) {
  await page.fill('#question', question);
  await page.click('#send');
  await page.locator('.msg--bot .source').first().waitFor();
  await page.locator('.msg--bot[aria-busy]').waitFor({ state: 'detached' });
}

describe.skipIf(!hasChromium)('accessibility (axe-core) in chromium', () => {
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    fx = await startWebFixture();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    county = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>冠县人民政府</title></head>
<body><header><p>冠县人民政府门户网站</p></header><main><h1>政务公开</h1><p>右下角可以打开政策问答。</p></main>
<script src="${fx.url}/widget.js" defer></script></body></html>`);
    });
    await new Promise<void>((resolve) => county.listen(0, '127.0.0.1', resolve));
    countyUrl = `http://localhost:${(county.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => county?.close(resolve));
    await fx?.close();
  });

  it('the check itself sees a violation when there is one (an unlabelled button, pale grey text on white)', async () => {
    const ctx = await context({ width: 1280, height: 800 });
    const page = await chatPage(ctx);
    await page.evaluate(() => {
      const broken = document.createElement('div');
      broken.innerHTML = '<button type="button"></button><p style="color:#c8c8c8;background:#fff">看不清的字</p>';
      document.getElementById('composer')!.append(broken);
    });
    const found = await seriousViolations(page);
    expect(found.some((v) => v.includes('button-name'))).toBe(true);
    expect(found.some((v) => v.includes('color-contrast'))).toBe(true);
    await ctx.close();
  }, 60_000);

  it('the chat page on a phone, with an answer, in normal and large text', async () => {
    const ctx = await context({ width: 390, height: 844 }, true);
    const page = await chatPage(ctx);
    expect(await seriousViolations(page)).toEqual([]);
    await answer(page, IN_SCOPE);
    await page.locator('#lookup > summary').click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('#lookup > summary').click();
    await page.locator('#text-size').click();
    expect(await page.locator('html').getAttribute('class')).toContain('large-text');
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  }, 120_000);

  it('the chat page on a desktop', async () => {
    const ctx = await context({ width: 1280, height: 800 });
    const page = await chatPage(ctx);
    await answer(page, IN_SCOPE);
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  }, 120_000);

  it('the widget on a county page: launcher, open panel and the chat inside it', async () => {
    const ctx = await context({ width: 1280, height: 800 });
    const page = await ctx.newPage();
    await page.goto(countyUrl);
    const launcher = page.locator('.gb-launcher');
    await expect.poll(() => launcher.isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await launcher.click();
    await page.frameLocator('iframe.gb-frame').locator('.msg--bot').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const frame = page.frames().find((f) => f.url().includes('embed=1'))!;
    expect(frame).toBeDefined();
    expect(await seriousViolations(frame)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'chat-desktop-widget-open.png') });
    await ctx.close();
  }, 120_000);

  it('the staff console login page', async () => {
    const ctx = await context({ width: 1280, height: 800 });
    const page = await ctx.newPage();
    await page.goto(`${fx.url}/admin`);
    await page.locator('#login-form').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await ctx.close();
  }, 60_000);

  it('the chat works from the keyboard alone', async () => {
    const ctx = await context({ width: 1280, height: 800 });
    const page = await chatPage(ctx);
    // Tab order: the large-text switch, the lookup, the persona choice, …, the text box.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('text-size');
    await page.keyboard.press('Enter');
    expect(await page.locator('#text-size').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('persona');
    // Arrow keys move within the radio group: 冠小芝.
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('input[value="xiaozhi"]').isChecked()).toBe(true);
    let guard = 0;
    while ((await page.evaluate(() => document.activeElement?.id)) !== 'question' && guard++ < 10) await page.keyboard.press('Tab');
    await page.keyboard.type(IN_SCOPE);
    await page.keyboard.press('Enter');
    await page.locator('.msg--bot .source').first().waitFor();
    await page.locator('.msg--bot[aria-busy]').waitFor({ state: 'detached' });
    // The answer is announced: the log is a polite live region and the new message is in it.
    expect(await page.locator('#log').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#log .msg--bot').last().getAttribute('aria-label')).toBe('冠小芝');
    // Back up from the text box to the last answer's buttons: 转人工, then 没帮助, then 有帮助.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('有帮助');
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('.actions__status').last().textContent()).toContain('谢谢');
    await ctx.close();
  }, 120_000);
});
