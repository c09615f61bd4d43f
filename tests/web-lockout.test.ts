/**
 * The staff login lockout under pressure: parallel wrong passwords cannot
 * slip past the limit (each attempt is counted before the slow argon2 check),
 * and unknown names are counted and locked exactly like real ones, so the
 * "locked" answer does not reveal which names exist.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCKOUT_MS, MAX_FAILED_LOGINS, openStaffStore, type StaffStore } from '../src/channels/web/staff/index.ts';
import { StaffClient, startWebFixture, type WebFixture } from './web-fixture.ts';

const PASSWORD = 'correct-horse-battery';

describe('StaffAccounts.login', () => {
  let tmp: string;
  let store: StaffStore;
  let offset = 0;

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-'));
    offset = 0;
    store = openStaffStore(path.join(tmp, 'guanbot.db'), () => Date.now() + offset);
    await store.accounts.add('lisi', PASSWORD);
  });
  afterEach(() => {
    store.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('locks the account after 10 parallel wrong passwords', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => store.accounts.login('lisi', 'wrong-password')));
    expect(results.filter((r) => !r.ok && r.reason === 'locked').length).toBeGreaterThanOrEqual(10 - MAX_FAILED_LOGINS + 1);
    expect(await store.accounts.login('lisi', PASSWORD)).toMatchObject({ ok: false, reason: 'locked' });
    expect(store.accounts.get('lisi')!.lockedUntil).toBeGreaterThan(Date.now());
  });

  it('checks at most five guesses in one burst: the right password after them is refused', async () => {
    const guesses = [...Array.from({ length: MAX_FAILED_LOGINS }, () => 'wrong-password'), PASSWORD];
    const results = await Promise.all(guesses.map((p) => store.accounts.login('lisi', p)));
    expect(results.at(-1)).toMatchObject({ ok: false, reason: 'locked' });
    expect(results.some((r) => r.ok)).toBe(false);
  });

  it('counts unknown names like real ones: the same answers in the same order', async () => {
    const real: string[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < MAX_FAILED_LOGINS + 1; i += 1) {
      const a = await store.accounts.login('lisi', 'wrong-password');
      const b = await store.accounts.login('nobody-here', 'wrong-password');
      real.push(a.ok ? 'ok' : a.reason);
      unknown.push(b.ok ? 'ok' : b.reason);
    }
    expect(real).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'locked', 'locked']);
    expect(unknown).toEqual(real);
  });

  it('lets the right password in again once the lock has run out, with a fresh count', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i += 1) await store.accounts.login('lisi', 'wrong-password');
    offset += LOCKOUT_MS + 1000;
    expect(await store.accounts.login('lisi', 'wrong-password')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await store.accounts.login('lisi', PASSWORD)).toMatchObject({ ok: true, name: 'lisi' });
  });
});

describe('login over HTTP', () => {
  let fx: WebFixture;
  beforeEach(async () => {
    fx = await startWebFixture();
    await fx.staff.accounts.add('lisi', PASSWORD);
  });
  afterEach(async () => {
    await fx?.close();
  });

  it('10 parallel wrong logins lock the account; the right password then gets 423', async () => {
    // Ten browsers at once, each with its own CSRF token.
    const statuses = await Promise.all(Array.from({ length: 10 }, async () => (await new StaffClient(fx.url).login('lisi', 'wrong-password')).status));
    expect(statuses.filter((s) => s === 423).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 401 || s === 423)).toBe(true);
    const right = await new StaffClient(fx.url).login('lisi', PASSWORD);
    expect(right.status).toBe(423);
    expect(right.body.error).toMatch(/锁定/);
  });

  it('answers an unknown name with 423 after as many failures as a real one', async () => {
    const client = new StaffClient(fx.url);
    const real: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < MAX_FAILED_LOGINS; i += 1) {
      real.push((await client.login('lisi', 'wrong-password')).status);
      unknown.push((await client.login('no-such-staff', 'wrong-password')).status);
    }
    expect(real).toEqual([401, 401, 401, 401, 423]);
    expect(unknown).toEqual(real);
  });
});
