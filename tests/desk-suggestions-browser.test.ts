/**
 * The suggestion on an open ticket in the console, in a real browser (Debian chromium through playwright-core) on the
 * real web server: the queue marks it 可答, the item view shows the answer and its source, and 用建议答复 replies with
 * it in one step. Screenshot: artifacts/screenshots/desk-suggestion.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchConsoleBrowser, type ConsoleBrowser } from './fixtures/console-browser.ts';
import { startWebFixture, type WebFixture } from './web-fixture.ts';

const SHOTS = fileURLToPath(new URL('../artifacts/screenshots', import.meta.url));
const STAFF = { name: 'lina', password: 'browser-test-password' };
const ANSWER = '冠县城区居民集中供暖费按建筑面积每平方米每采暖季22元收取。';

let fx: WebFixture;
let browser: ConsoleBrowser;
let ticket: string;

describe.skipIf(!hasChromium)('a suggested answer in the console', () => {
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    fx = await startWebFixture();
    await fx.staff.accounts.add(STAFF.name, STAFF.password);
    const asked = await fx.app.ask('冠县城区集中供暖每平方米收费多少钱？', { channel: 'web', channelUserId: 'sess-s' });
    ticket = asked.ticket!;
    // What the re-asking after a reindex stores (that part is tested in desk-suggestions.test.ts).
    const stored = fx.app.desk.setSuggestion(ticket, {
      answer: ANSWER,
      kind: 'faq',
      citations: [{ docId: 'gx-heating-fee', title: '冠县城区集中供暖收费标准', section: '冠县城区集中供暖收费标准' }],
      at: new Date().toISOString(),
    });
    expect(stored).toBe(true);
    browser = await launchConsoleBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  it('marks the ticket, shows the suggestion with its source, and replies with it in one step', async () => {
    const page = await browser.signIn(fx.url, STAFF);
    const row = page.locator('#desk-table tbody tr', { hasText: ticket });
    await row.waitFor();
    expect(await row.locator('.tag--suggested').textContent()).toBe('可答');
    await row.locator('button.link').click();
    await page.locator('#desk-suggestion').waitFor();
    expect(await page.locator('#suggestion-answer').textContent()).toBe(ANSWER);
    expect(await page.locator('#desk-suggestion').textContent()).toContain('冠县城区集中供暖收费标准');
    // The channel and the delivery read as in the CLI.
    const facts = await page.locator('#desk-detail .facts').textContent();
    expect(facts).toContain('网页');
    expect(facts).toContain('无需推送');
    await page.screenshot({ path: path.join(SHOTS, 'desk-suggestion.png'), fullPage: true });

    await page.click('#use-suggestion');
    await page.locator('#desk-detail .flash').waitFor();
    const item = fx.app.desk.getFullItem(ticket)!;
    expect(item).toMatchObject({ status: '已答复', reply: ANSWER, repliedBy: STAFF.name, suggestion: null });
    expect(await page.locator('#desk-suggestion').count()).toBe(0);
    expect(await page.locator('#desk-detail .facts').textContent()).toContain('凭留言编号查询');
  });
});
