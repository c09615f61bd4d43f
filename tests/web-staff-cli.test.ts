/** `guanbot staff add|list|disable|enable|passwd` as a real process on a temp data dir. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStaffStore } from '../src/channels/web/staff/index.ts';

const repoRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
let tmp: string;

function guanbot(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/guanbot.mjs'), ...args], {
    cwd: tmp,
    input,
    encoding: 'utf8',
    env: { ...process.env, GUANBOT_DATA_DIR: path.join(tmp, 'data'), GUANBOT_CORPUS_DIR: path.join(tmp, 'corpus'), GUANBOT_LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('guanbot staff', () => {
  it('adds an account from --password-stdin that can log in', async () => {
    const r = guanbot(['staff', 'add', '张伟', '--password-stdin'], 'a-long-password\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已添加工作人员账号：张伟');
    const store = openStaffStore(path.join(tmp, 'data', 'guanbot.sqlite'));
    try {
      expect((await store.accounts.login('张伟', 'a-long-password')).ok).toBe(true);
      expect(store.audit.list().some((e) => e.action === 'staff.add' && e.target === '张伟')).toBe(true);
    } finally {
      store.close();
    }
  });

  it('refuses a short password, a taken name and a bad name with Chinese errors', () => {
    const short = guanbot(['staff', 'add', 'zhaoliu', '--password-stdin'], 'short\n');
    expect(short.code).not.toBe(0);
    expect(short.stderr).toMatch(/密码太短/);
    const taken = guanbot(['staff', 'add', '张伟', '--password-stdin'], 'another-long-one\n');
    expect(taken.stderr).toMatch(/已经存在/);
    const bad = guanbot(['staff', 'add', 'a b', '--password-stdin'], 'another-long-one\n');
    expect(bad.stderr).toMatch(/用户名只能/);
  });

  it('asks for --password-stdin when stdin is not a terminal', () => {
    const r = guanbot(['staff', 'add', 'zhouqi'], '');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--password-stdin/);
  });

  it('lists, disables and enables accounts', () => {
    expect(guanbot(['staff', 'list']).stdout).toMatch(/张伟\t正常/);
    expect(guanbot(['staff', 'disable', '张伟']).stdout).toContain('已停用账号：张伟');
    expect(guanbot(['staff', 'list']).stdout).toMatch(/张伟\t已停用/);
    expect(guanbot(['staff', 'disable', 'nobody']).stderr).toMatch(/没有这个工作人员账号/);
    expect(guanbot(['staff', 'enable', '张伟']).code).toBe(0);
    expect(guanbot(['staff', 'passwd', '张伟', '--password-stdin'], 'brand-new-password\n').stdout).toContain('已重设');
  });

  it('passwd ends every session of that account and no other', async () => {
    expect(guanbot(['staff', 'add', 'lisi', '--password-stdin'], 'lisi-password-1\n').code).toBe(0);
    const dbPath = path.join(tmp, 'data', 'guanbot.sqlite');
    const before = openStaffStore(dbPath);
    const office = before.sessions.create('张伟');
    const phone = before.sessions.create('张伟');
    const other = before.sessions.create('lisi');
    expect(before.sessions.resolve(office)).toBe('张伟');
    before.close();

    const r = guanbot(['staff', 'passwd', '张伟', '--password-stdin'], 'second-new-password\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已重设 张伟 的密码，该账号已登录的 2 个会话已全部退出');

    const after = openStaffStore(dbPath);
    try {
      expect(after.sessions.resolve(office)).toBeUndefined();
      expect(after.sessions.resolve(phone)).toBeUndefined();
      expect(after.sessions.resolve(other)).toBe('lisi');
      expect((await after.accounts.login('张伟', 'brand-new-password')).ok).toBe(false);
      expect((await after.accounts.login('张伟', 'second-new-password')).ok).toBe(true);
      const entry = after.audit.list({ actor: 'cli' }).find((e) => e.action === 'staff.passwd');
      expect(entry).toMatchObject({ target: '张伟', detail: JSON.stringify({ sessionsEnded: 2 }) });
    } finally {
      after.close();
    }
  });
});

describe('guanbot staff list', () => {
  it('shows an account whose login is being slowed down from some address', async () => {
    // Failures recorded an hour ahead, so the wait is still running when the CLI looks.
    const store = openStaffStore(path.join(tmp, 'data', 'guanbot.sqlite'), () => Date.now() + 3_600_000);
    try {
      for (let i = 0; i < 6; i += 1) await store.accounts.login('lisi', 'wrong-password', '203.0.113.9');
    } finally {
      store.close();
    }
    expect(guanbot(['staff', 'list']).stdout).toMatch(/lisi\t登录受限（1 个地址须等待后再试）/);
  });
});

describe('password prompt', () => {
  it('reads a line without echo on a TTY, honouring backspace', async () => {
    const { PassThrough } = await import('node:stream');
    const { promptHidden } = await import('../src/channels/web/cli/read-password.ts');
    const input = Object.assign(new PassThrough(), { isRaw: false, rawCalls: [] as boolean[], setRawMode(on: boolean) { this.rawCalls.push(on); return this; } });
    const output = new PassThrough();
    let shown = '';
    output.on('data', (c) => (shown += c));
    const answer = promptHidden('密码：', input as unknown as NodeJS.ReadStream, output);
    input.write('secrex\u007ft\r');
    expect(await answer).toBe('secret');
    expect(shown).not.toContain('secre');
    expect(input.rawCalls).toEqual([true, false]);
  });
});
