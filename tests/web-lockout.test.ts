/**
 * Staff login throttling (issue 11, "lockout as a weapon"): failures slow
 * down only the address that made them, at the name it tried, with delays
 * that double up to a cap. Five wrong passwords from an attacker no longer
 * keep the real staff member out; parallel guesses still cannot slip past
 * (each attempt is counted before the slow argon2 check); unknown names are
 * throttled exactly like real ones; the 429 has its own Chinese message.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { delayAfter, FIRST_DELAY_MS, FREE_FAILURES, MAX_DELAY_MS, openStaffStore, type LoginResult, type StaffStore } from '../src/channels/web/staff/index.ts';
import { StaffClient, startWebFixture, type WebFixture } from './web-fixture.ts';

const PASSWORD = 'correct-horse-battery';
const ATTACKER = '203.0.113.9';
const OFFICE = '198.51.100.7';

const outcome = (r: LoginResult) => (r.ok ? 'ok' : r.reason);

describe('delayAfter', () => {
  it('is free for the first failures, then doubles from one second up to the cap', () => {
    expect(Array.from({ length: FREE_FAILURES }, (_, i) => delayAfter(i))).toEqual(Array(FREE_FAILURES).fill(0));
    expect(delayAfter(FREE_FAILURES)).toBe(FIRST_DELAY_MS);
    expect(delayAfter(FREE_FAILURES + 1)).toBe(2 * FIRST_DELAY_MS);
    expect(delayAfter(FREE_FAILURES + 4)).toBe(16 * FIRST_DELAY_MS);
    expect(delayAfter(FREE_FAILURES + 30)).toBe(MAX_DELAY_MS);
    expect(delayAfter(100_000)).toBe(MAX_DELAY_MS);
    expect(MAX_DELAY_MS).toBe(15 * 60 * 1000);
  });
});

describe('StaffAccounts.login', () => {
  let tmp: string;
  let store: StaffStore;
  let offset = 0;

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-'));
    offset = 0;
    // A clock that moves only when the test says so, so waits are exact.
    const start = Date.now();
    store = openStaffStore(path.join(tmp, 'guanbot.db'), () => start + offset);
    await store.accounts.add('lisi', PASSWORD);
  });
  afterEach(() => {
    store.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lets the right password in from another address while one address is throttled', async () => {
    for (let i = 0; i < 20; i += 1) await store.accounts.login('lisi', 'wrong-password', ATTACKER);
    expect(await store.accounts.login('lisi', PASSWORD, ATTACKER)).toMatchObject({ ok: false, reason: 'throttled' });
    expect(await store.accounts.login('lisi', PASSWORD, OFFICE)).toEqual({ ok: true, name: 'lisi' });
    expect(store.accounts.get('lisi')!.throttledAddresses).toBe(1);
  });

  it('checks at most five guesses of 10 parallel ones from one address', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => store.accounts.login('lisi', 'wrong-password', ATTACKER)));
    expect(results.filter((r) => outcome(r) === 'invalid')).toHaveLength(FREE_FAILURES);
    expect(results.filter((r) => outcome(r) === 'throttled')).toHaveLength(10 - FREE_FAILURES);
  });

  it('refuses the right password that comes after a burst of five guesses from the same address', async () => {
    const guesses = [...Array.from({ length: FREE_FAILURES }, () => 'wrong-password'), PASSWORD];
    const results = await Promise.all(guesses.map((p) => store.accounts.login('lisi', p, ATTACKER)));
    expect(results.at(-1)).toMatchObject({ ok: false, reason: 'throttled' });
    expect(results.some((r) => r.ok)).toBe(false);
  });

  it('doubles the wait with every failure past the free ones, up to 15 minutes', async () => {
    for (let i = 0; i < FREE_FAILURES; i += 1) expect(outcome(await store.accounts.login('lisi', 'wrong-password', ATTACKER))).toBe('invalid');
    const waits: number[] = [];
    for (let i = 0; i < 13; i += 1) {
      const refused = await store.accounts.login('lisi', 'wrong-password', ATTACKER);
      if (refused.ok || refused.reason !== 'throttled') throw new Error(`expected a refusal, got ${JSON.stringify(refused)}`);
      waits.push(refused.retryAfterMs);
      offset += refused.retryAfterMs;
      expect(outcome(await store.accounts.login('lisi', 'wrong-password', ATTACKER))).toBe('invalid');
    }
    expect(waits.slice(0, 10)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512].map((s) => s * 1000));
    expect(waits.slice(10)).toEqual([MAX_DELAY_MS, MAX_DELAY_MS, MAX_DELAY_MS]);
  });

  it('lets the right password in from the throttled address once its wait is over, with a fresh count', async () => {
    for (let i = 0; i < FREE_FAILURES + 1; i += 1) await store.accounts.login('lisi', 'wrong-password', ATTACKER);
    offset += 2 * FIRST_DELAY_MS;
    expect(await store.accounts.login('lisi', PASSWORD, ATTACKER)).toEqual({ ok: true, name: 'lisi' });
    for (let i = 0; i < FREE_FAILURES - 1; i += 1) expect(outcome(await store.accounts.login('lisi', 'wrong-password', ATTACKER))).toBe('invalid');
    expect(store.accounts.get('lisi')!.throttledAddresses).toBe(0);
  });

  it('throttles unknown names like real ones: the same answers in the same order', async () => {
    const real: string[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < FREE_FAILURES + 2; i += 1) {
      real.push(outcome(await store.accounts.login('lisi', 'wrong-password', ATTACKER)));
      unknown.push(outcome(await store.accounts.login('nobody-here', 'wrong-password', ATTACKER)));
    }
    expect(real).toEqual([...Array(FREE_FAILURES).fill('invalid'), 'throttled', 'throttled']);
    expect(unknown).toEqual(real);
  });

  it('re-enabling the account or a new password clears the waits', async () => {
    for (let i = 0; i < FREE_FAILURES + 1; i += 1) await store.accounts.login('lisi', 'wrong-password', ATTACKER);
    expect(store.accounts.enable('lisi')).toBe(true);
    expect(await store.accounts.login('lisi', PASSWORD, ATTACKER)).toEqual({ ok: true, name: 'lisi' });
    for (let i = 0; i < FREE_FAILURES + 1; i += 1) await store.accounts.login('lisi', 'wrong-password', ATTACKER);
    await store.accounts.setPassword('lisi', 'a-new-password-1');
    expect(await store.accounts.login('lisi', 'a-new-password-1', ATTACKER)).toEqual({ ok: true, name: 'lisi' });
  });
});

describe('login over HTTP behind a trusted proxy', () => {
  // One server for the three cases; each uses its own attacker address and names.
  let fx: WebFixture;
  beforeAll(async () => {
    fx = await startWebFixture({ GUANBOT_TRUST_PROXY: '127.0.0.1' });
    await fx.staff.accounts.add('lisi', PASSWORD);
    await fx.staff.accounts.add('wangwu', PASSWORD);
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('10 parallel wrong logins from one address throttle only that address; the staff member still logs in from the office', async () => {
    // Ten browsers at once on the attacker's address, each with its own CSRF token.
    const attempts = await Promise.all(Array.from({ length: 10 }, () => new StaffClient(fx.url, { 'x-forwarded-for': ATTACKER }).login('lisi', 'wrong-password')));
    const statuses = attempts.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(FREE_FAILURES);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10 - FREE_FAILURES);
    const refused = attempts.find((a) => a.status === 429)!;
    expect(refused.body.error).toMatch(/^登录失败的次数较多，为保护账号安全，请 \d+ 秒后再试。$/);
    expect(refused.body.error).not.toMatch(/提问/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    expect((await new StaffClient(fx.url, { 'x-forwarded-for': ATTACKER }).login('lisi', PASSWORD)).status).toBe(429);
    const office = new StaffClient(fx.url, { 'x-forwarded-for': OFFICE });
    expect((await office.login('lisi', PASSWORD)).status).toBe(200);
    expect(await office.session()).toBe('lisi');

    // Every attempt stays in the audit log, with its address.
    const entries = fx.staff.audit.list({ actor: 'lisi' });
    expect(entries.filter((e) => e.action === 'login.failed' && e.ip === ATTACKER)).toHaveLength(FREE_FAILURES);
    expect(entries.filter((e) => e.action === 'login.throttled' && e.ip === ATTACKER)).toHaveLength(10 - FREE_FAILURES + 1);
    expect(entries[0]).toMatchObject({ action: 'login', ip: OFFICE });
  });

  it('answers an unknown name with the same statuses as a real one', async () => {
    const client = new StaffClient(fx.url, { 'x-forwarded-for': '203.0.113.10' });
    const real: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < FREE_FAILURES + 1; i += 1) {
      real.push((await client.login('wangwu', 'wrong-password')).status);
      unknown.push((await client.login('no-such-staff', 'wrong-password')).status);
    }
    expect(real).toEqual([...Array(FREE_FAILURES).fill(401), 429]);
    expect(unknown).toEqual(real);
  });

  it('limits one address trying many names with the login message, not the question one', async () => {
    const client = new StaffClient(fx.url, { 'x-forwarded-for': '203.0.113.11' });
    const statuses: number[] = [];
    let last: Awaited<ReturnType<StaffClient['login']>> | undefined;
    for (let i = 0; i < 21; i += 1) {
      last = await client.login(`name-${i}`, 'wrong-password');
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(last!.status).toBe(429);
    expect(last!.body.error).toMatch(/^登录失败的次数较多，为保护账号安全，请 \d+ (秒|分钟)后再试。$/);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await new StaffClient(fx.url, { 'x-forwarded-for': OFFICE }).login('lisi', PASSWORD)).status).toBe(200);
  });
});
