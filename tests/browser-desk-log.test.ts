/**
 * The console's 对话记录 view and its 修正 flow in a real browser (Debian chromium through playwright-core), on the
 * real web server and a copy of the repo's corpus: answered and refused turns are listed with their tickets and
 * feedback, filters and the passages cited by title and section work, and a correction answers the refused question
 * at once. Screenshots go to artifacts/screenshots/desk-log-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchConsoleBrowser, type ConsoleBrowser } from './fixtures/console-browser.ts';
import { startWebFixture, type WebFixture } from './web-fixture.ts';

if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (CI installs it with apt-get install chromium)`);

const SHOTS = fileURLToPath(new URL('../artifacts/screenshots', import.meta.url));
const STAFF = { name: 'zhaomin', password: 'browser-test-password' };
const ANSWERED = '申请政府信息公开要收费吗？';
const REFUSED = '冠县图书馆周末几点开门？';
const ANSWER = '冠县图书馆周六、周日开放时间为上午9:00至下午5:00，法定节假日另行通知。';

let fx: WebFixture;
let browser: ConsoleBrowser;
let answeredTurn: number;
let refusedTurn: number;
let refusedTicket: string;
let feedbackTicket: string;
let citedTitle: string;

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `desk-log-${name}.png`), fullPage: true });

describe.skipIf(!hasChromium)('the conversation log in the console', () => {
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    fx = await startWebFixture();
    await fx.staff.accounts.add(STAFF.name, STAFF.password);
    const answered = await fx.app.ask(ANSWERED, { channel: 'web', channelUserId: 'sess-a' });
    const refused = await fx.app.ask(`${REFUSED}我的手机13812345678`, { channel: 'telegram', channelUserId: '5001' });
    await fx.app.ask('你好', { channel: 'web', channelUserId: 'sess-b' });
    expect([answered.resolved, refused.kind]).toEqual([true, 'unresolved']);
    answeredTurn = answered.turnId!;
    citedTitle = answered.citations[0]!.title;
    refusedTurn = refused.turnId!;
    refusedTicket = refused.ticket!;
    feedbackTicket = fx.app.desk.feedback(answeredTurn, false).ticket!;
    browser = await launchConsoleBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  it('lists every turn, filters it, shows cited passages by title, and a 修正 answers the question at once', async () => {
    const page = await browser.signIn(fx.url, STAFF);
    await page.click('#tab-log');
    const rows = page.locator('#log-table tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const refusedRow = page.locator(`#log-table tbody tr[data-turn="${refusedTurn}"]`);
    expect(await refusedRow.textContent()).toContain(refusedTicket);
    expect(await refusedRow.textContent()).toContain('138****5678');
    expect(await refusedRow.textContent()).not.toContain('13812345678');
    expect(await page.locator(`#log-table tbody tr[data-turn="${answeredTurn}"]`).textContent()).toContain('👎');
    expect(await page.locator('#log-page-info').textContent()).toContain('共 3 条');
    await shot(page, '01-list');

    // The passages of an answer, by document title and section, with their text: never raw ids.
    await page.locator(`#log-table tbody tr[data-turn="${answeredTurn}"] button.link`).click();
    const citations = page.locator('#log-citations li');
    await expect.poll(() => citations.count()).toBeGreaterThan(0);
    expect(await citations.first().locator('strong').textContent()).toContain(citedTitle);
    expect(await citations.first().textContent()).not.toMatch(/#\d/);
    await shot(page, '02-detail');

    await page.selectOption('#log-resolved', 'no');
    await expect.poll(() => rows.count()).toBe(1);
    await page.selectOption('#log-resolved', '');
    await page.selectOption('#log-feedback', 'down');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-turn')).toBe(String(answeredTurn));
    await page.selectOption('#log-feedback', '');
    await page.selectOption('#log-kind', 'unresolved');
    await expect.poll(() => rows.count()).toBe(1);

    // The 👎 ticket on the desk shows the rejected answer and its passages by title, not raw ids.
    await page.click('#tab-desk');
    await page.locator('#desk-table tbody tr', { hasText: feedbackTicket }).locator('button.link').click();
    await page.locator('#rejected-passages li').first().waitFor();
    expect(await page.locator('#rejected-answer').textContent()).toBe(fx.app.desk.getTurn(answeredTurn)!.answer);
    expect(await page.locator('#rejected-passages').textContent()).not.toMatch(/#\d/);
    await shot(page, '05-feedback-ticket');
    await page.click('#tab-log');
    await expect.poll(() => rows.count()).toBe(1);

    // 修正: preview (the number removed from the question), edit, publish.
    await page.locator(`#log-table tbody tr[data-turn="${refusedTurn}"] button.link`).click();
    await page.locator('#log-detail h2', { hasText: `第 ${refusedTurn} 轮问答` }).waitFor();
    await page.fill('#correct-answer', ANSWER);
    await page.click('#correct-preview');
    await page.locator('#correct-draft').waitFor();
    expect(await page.inputValue('#correct-question')).toBe('冠县图书馆周末几点开门？我的手机');
    expect(await page.locator('#correct-draft .warnings').textContent()).toContain('已删除');
    await page.fill('#correct-question', REFUSED);
    await page.fill('#correct-variants', '冠县图书馆周六开门吗');
    await shot(page, '03-correct-preview');
    await page.click('#correct-confirm');
    await page.locator('#log-detail .flash').waitFor({ timeout: 120_000 });
    expect(await page.locator('#log-detail .flash').textContent()).toContain(`faq-turn-${refusedTurn}`);
    expect(await page.locator('#log-corrected').textContent()).toContain(STAFF.name);
    await shot(page, '04-corrected');

    const again = await fx.app.ask(REFUSED, { channel: 'web', channelUserId: 'sess-c' });
    expect(again.kind).toBe('faq');
    expect(again.citations[0]!.docId).toBe(`faq-turn-${refusedTurn}`);
    expect(fx.staff.audit.list({ limit: 5 }).map((e) => e.action)).toContain('turn.correct');
    await page.close();
  }, 300_000);
});
