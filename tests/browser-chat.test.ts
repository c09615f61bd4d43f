/**
 * The citizen chat as an elderly citizen meets it, in a real browser (Debian
 * chromium through playwright-core): on a phone (390×844, touch) and on a
 * desktop (1280×800). Compact header and composer, no keyboard hint and no
 * refocusing on touch, 转人工 only under real answers, the 👎 ticket shown,
 * the source line once and dated by the document it rests on, ticket numbers
 * kept on one line, a too-long message kept and explained, the conversation
 * and the large-text switch kept across a reload. Screenshots go to
 * artifacts/screenshots/chat-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWebFixture, type WebFixture } from './web-fixture.ts';
import { CHROMIUM, hasChromium } from './fixtures/console-browser.ts';

if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (CI installs it with apt-get install chromium)`);

const SHOTS = fileURLToPath(new URL('../artifacts/screenshots', import.meta.url));
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const DESKTOP = { viewport: { width: 1280, height: 800 } };
/** Answered from an FAQ that restates the 2019 regulation and the 2024 report (published 2025-01). */
const IN_SCOPE = '申请政府信息公开要收费吗？';
const OUT_OF_SCOPE = '冠县哪里可以办理护照？';
const TICKET = /GX\d{8}-\d{4,}/;

let fx: WebFixture;
let browser: Browser;
/** Script errors on any chat page; each test ends with none. */
const pageErrors: string[] = [];

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `chat-${name}.png`) });
}

async function open(device: typeof PHONE | typeof DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...device, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(`${fx.url}/`);
  // The script has attached its handlers once it has shown the welcome message.
  await page.locator('.msg--bot').first().waitFor();
  return { context, page };
}

/** Sends a question and waits for the final answer; returns that answer's message. */
async function askAndWait(page: Page, question: string) {
  const before = await page.locator('.msg--bot').count();
  await page.fill('#question', question);
  await page.click('#send');
  await expect.poll(() => page.locator('.msg--bot').count()).toBe(before + 1);
  await page.locator('.msg--bot[aria-busy]').waitFor({ state: 'detached' });
  return page.locator('.msg--bot').last();
}

/** Height of an element in CSS pixels. */
const height = (page: Page, selector: string) => page.locator(selector).evaluate((n) => n.getBoundingClientRect().height);

describe.skipIf(!hasChromium)('citizen chat in chromium', () => {
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    fx = await startWebFixture();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  it('on a phone: a slim header and composer, no Enter hint, no keyboard popping up after an answer', async () => {
    const { context, page } = await open(PHONE);
    // Header with the persona bar (the lookup lives in the header, closed), then the composer: was 190 px and 115 px.
    expect(await height(page, '.masthead')).toBeLessThanOrEqual(56);
    expect((await height(page, '.masthead')) + (await height(page, '.personas'))).toBeLessThanOrEqual(110);
    expect(await height(page, '.composer')).toBeLessThanOrEqual(90);
    expect(await page.locator('.composer__keys').isVisible()).toBe(false);
    expect(await page.locator('#question-hint').textContent()).toContain('身份证号');
    await shot(page, 'phone-welcome');

    await page.locator('#question').tap();
    const answer = await askAndWait(page, IN_SCOPE);
    await answer.locator('.source').first().waitFor();
    // The on-screen keyboard would cover the answer: the text box is left alone.
    expect(await page.evaluate(() => document.activeElement?.id)).not.toBe('question');
    await shot(page, 'phone-answer');

    // The lookup opens as a panel over the conversation and costs no height while closed.
    await page.locator('#lookup > summary').tap();
    await page.locator('#lookup-ticket').waitFor();
    expect(await height(page, '.masthead')).toBeLessThanOrEqual(56);
    await shot(page, 'phone-lookup-open');
    await context.close();
  }, 120_000);

  it('on a desktop: the Enter hint shows and the text box is ready for the next question', async () => {
    const { context, page } = await open(DESKTOP);
    expect(await page.locator('.composer__keys').isVisible()).toBe(true);
    expect(await page.locator('.masthead__subtitle').isVisible()).toBe(true);
    await page.locator('#question').focus();
    const answer = await askAndWait(page, IN_SCOPE);
    await answer.locator('.source').first().waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('question');
    await shot(page, 'desktop-answer');
    await context.close();
  }, 120_000);

  it('shows the source line once, dated by the report the FAQ rests on, not by when the FAQ was written', async () => {
    const { context, page } = await open(PHONE);
    const answer = await askAndWait(page, IN_SCOPE);
    const bubbles = (await answer.locator('.bubble').allTextContents()).join('\n');
    expect(bubbles).toContain('不收取费用');
    expect(bubbles).not.toContain('出处');
    const card = answer.locator('.source').first();
    const summary = (await card.locator('summary').textContent()) ?? '';
    expect(summary).toContain('依据');
    expect(summary).toContain('依据资料发布于 2025-01');
    // The FAQ's own front-matter date (when it was written) is not the date of its facts.
    expect(summary).not.toContain('2026-11-28');
    await card.locator('summary').tap();
    expect(await card.locator('.source__text').textContent()).toContain('不收取费用');
    await context.close();
  }, 120_000);

  it('offers 转人工 under a real answer only, never under a greeting or thanks', async () => {
    const { context, page } = await open(PHONE);
    expect(await page.locator('.msg--bot').first().locator('button').count()).toBe(0);
    const greeting = await askAndWait(page, '你好');
    expect(await greeting.locator('button', { hasText: '转人工' }).count()).toBe(0);
    const thanks = await askAndWait(page, '谢谢你，小梨！');
    expect(await thanks.locator('.bubble').first().textContent()).toContain('不客气');
    expect(await thanks.locator('button').count()).toBe(0);
    const emoji = await askAndWait(page, '👍👍');
    expect(await emoji.locator('button').count()).toBe(0);
    const answer = await askAndWait(page, IN_SCOPE);
    expect(await answer.locator('button', { hasText: '转人工' }).count()).toBe(1);
    await shot(page, 'phone-smalltalk-no-handoff');
    await context.close();
  }, 120_000);

  it('shows the ticket 👎 opens, and ticket numbers never break across lines', async () => {
    const { context, page } = await open(PHONE);
    const answer = await askAndWait(page, IN_SCOPE);
    await answer.locator('button', { hasText: '没帮助' }).tap();
    const badge = answer.locator('.ticket__number');
    await badge.waitFor();
    const ticket = (await badge.textContent())!.trim();
    expect(ticket).toMatch(TICKET);
    await expect.poll(() => answer.locator('.actions__status').textContent()).toContain(ticket);
    // The ticket is this browser's: the lookup finds it.
    const lookup = await page.evaluate(
      async ([number]) => (await fetch('api/tickets/lookup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticket: number, sessionId: localStorage.getItem('guanbot.session') }) })).status,
      [ticket],
    );
    expect(lookup).toBe(200);

    const refusal = await askAndWait(page, OUT_OF_SCOPE);
    const inBubble = refusal.locator('.bubble .nowrap');
    expect(await inBubble.first().textContent()).toMatch(TICKET);
    // Every ticket number on the page sits on one line box.
    const numbers = page.locator('.nowrap, .ticket__number');
    expect(await numbers.count()).toBeGreaterThanOrEqual(4);
    for (const n of await numbers.all()) {
      expect(await n.evaluate((node) => getComputedStyle(node).whiteSpace)).toBe('nowrap');
      expect(await n.evaluate((node) => node.getClientRects().length)).toBe(1);
    }
    expect(await refusal.locator('button', { hasText: '转人工' }).count()).toBe(0);
    await shot(page, 'phone-feedback-ticket');
    await context.close();
  }, 120_000);

  it('keeps a too-long message in the box and says why it was not sent', async () => {
    const { context, page } = await open(PHONE);
    const long = '我想问一下申请政府信息公开的事情。'.repeat(40);
    const n = [...long].length;
    expect(n).toBeGreaterThan(500);
    await page.fill('#question', long);
    await page.click('#send');
    await expect.poll(() => page.locator('#question-error').textContent()).toContain(`${n} 字`);
    expect(await page.locator('#question-error').textContent()).toContain('500 字');
    expect(await page.inputValue('#question')).toBe(long);
    expect(await page.locator('.bubble--user').count()).toBe(0);
    await shot(page, 'phone-too-long');
    await page.fill('#question', IN_SCOPE);
    expect(await page.locator('#question-error').isVisible()).toBe(false);
    await context.close();
  }, 60_000);

  it('keeps the conversation and the large-text choice across a reload', async () => {
    const { context, page } = await open(PHONE);
    const normal = await page.locator('html').evaluate((n) => parseFloat(getComputedStyle(n).fontSize));
    await page.locator('#text-size').tap();
    expect(await page.locator('#text-size').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('html').evaluate((n) => parseFloat(getComputedStyle(n).fontSize))).toBeGreaterThanOrEqual(normal * 1.2);
    const answer = await askAndWait(page, IN_SCOPE);
    await answer.locator('button', { hasText: '有帮助' }).tap();
    await expect.poll(() => answer.locator('.actions__status').textContent()).toContain('谢谢');
    await askAndWait(page, OUT_OF_SCOPE);
    const ticket = (await page.locator('.msg--bot').last().locator('.ticket__number').textContent())!.trim();
    await shot(page, 'phone-large-text');

    await page.reload();
    await page.locator('.msg--bot').first().waitFor();
    expect(await page.locator('html').getAttribute('class')).toContain('large-text');
    expect(await page.locator('.bubble--user').allTextContents()).toEqual([IN_SCOPE, OUT_OF_SCOPE]);
    const restored = page.locator('.msg--bot').nth(1);
    expect(await restored.locator('.source').count()).toBeGreaterThan(0);
    // What the citizen did is remembered too: the rating stays given.
    expect(await restored.locator('button', { hasText: '有帮助' }).getAttribute('aria-pressed')).toBe('true');
    expect(await restored.locator('button', { hasText: '没帮助' }).isDisabled()).toBe(true);
    expect(await page.locator('.msg--bot').last().locator('.ticket__number').textContent()).toBe(ticket);
    await shot(page, 'phone-restored');

    // A new tab (a new visit) starts afresh.
    const other = await context.newPage();
    await other.goto(`${fx.url}/`);
    await other.locator('.msg--bot').first().waitFor();
    expect(await other.locator('.bubble--user').count()).toBe(0);
    await context.close();
  }, 120_000);
});
