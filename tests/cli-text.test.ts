/**
 * The terminal's words come from prompts/messages (cli.yaml for help and error prefixes, desk.yaml for the
 * staff views): `guanbot --help` and `guanbot ask --help` print the descriptions written there, failures
 * carry the 错误： prefix, and the desk's detail page builds its headings and detail lines from desk.yaml.
 * The CLI runs as the real command (node bin/guanbot.mjs) on temp dirs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { messages } from '../src/messages/index.ts';
import { describeDelivery, renderItemDetail } from '../src/desk/render.ts';
import type { Item } from '../src/desk/types.ts';
import { emptyWorkspace, removeTempDirs, runCli, } from './fixtures/engine-workspace.ts';

const cli = messages('cli');
const desk = messages('desk');

afterAll(removeTempDirs);

describe('guanbot help text comes from cli.yaml', () => {
  it('`guanbot --help` prints the program and command descriptions', async () => {
    const r = await runCli(['--help'], emptyWorkspace());
    expect(r.code).toBe(0);
    // A known phrase guards against the key being emptied or renamed in both places at once.
    expect(r.stdout).toContain('冠县政策解读问答助手（冠小梨、冠小芝）');
    for (const key of ['help.program', 'help.ask.description', 'help.ticket.description', 'help.messages.description', 'help.corpus.description'] as const) {
      expect(r.stdout).toContain(cli(key));
    }
  });

  it('`guanbot ask --help` prints the ask description and its option help', async () => {
    const r = await runCli(['ask', '--help'], emptyWorkspace());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('提一个问题（政策解读问答）');
    for (const key of ['help.ask.description', 'help.ask.batch', 'help.options.persona', 'help.options.json'] as const) expect(r.stdout).toContain(cli(key));
    // Commander's own headings and help entry are Chinese as well, down to subcommands.
    expect(r.stdout).toContain('用法：');
    expect(r.stdout).toContain('选项：');
    expect(r.stdout).toContain(cli('help.helpOption'));
    expect(r.stdout).not.toMatch(/Usage:|Options:|display help for command/);
  });

  it('an unknown option shows the hint to use --help', async () => {
    const r = await runCli(['--no-such-option'], emptyWorkspace());
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(cli('help.afterError'));
  });

  it('command-line mistakes are explained in Chinese, with commander\'s suggestion kept', async () => {
    const ws = emptyWorkspace();
    const cases: [string[], string][] = [
      [['ask', '--jsn', '问题'], '错误：没有这个选项：--jsn（您是不是想输入 --json？）'],
      [['no-such-command'], '错误：没有这个命令：no-such-command'],
      [['corpus', 'add', 'x.md'], '错误：必须提供选项 --type <type>'],
      [['export', '--format'], '错误：选项 --format <format> 后面缺少取值'],
    ];
    for (const [args, line] of cases) {
      const r = await runCli(args, ws);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe(line);
      expect(r.stderr).not.toMatch(/error:|Did you mean/);
    }
  });
});

describe('CLI errors use the prefixes of cli.yaml', () => {
  it('a missing evaluation file is one 错误： line naming the file', async () => {
    const ws = emptyWorkspace();
    const missing = `${ws.tmp}/no-such-set.jsonl`;
    const r = await runCli(['eval', '--set', missing], ws);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`错误：找不到评测文件：${missing}\n`);
  });

  it('a bad --limit for `messages list` is refused with the desk message', async () => {
    const r = await runCli(['messages', 'list', '--limit', '0'], emptyWorkspace());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('错误：--limit 须为正整数：0\n');
  });
});

describe('desk detail page wording comes from desk.yaml', () => {
  const item: Item = {
    id: 1,
    ticket: 'GX20261128-0001',
    createdAt: '2026-11-28T02:00:00.000Z',
    channel: 'telegram',
    kind: '未解答',
    status: '已答复',
    question: '冠县低保标准是多少？',
    reply: '请咨询县民政局。',
    repliedAt: '2026-11-28T03:00:00.000Z',
    repliedBy: '张三',
    handle: 'TG-3f9a2c',
    topic: null,
    candidates: [],
    assignee: '张三',
    closeReason: null,
    groupId: null,
    turnId: null,
    history: [
      { at: '2026-11-28T02:00:00.000Z', actor: '系统', action: '收到留言' },
      { at: '2026-11-28T03:00:00.000Z', actor: '系统', action: '答复送达失败', detail: '第 3 次尝试失败：timeout' },
    ],
    delivery: { state: 'failed', attempts: 3, lastError: 'timeout', method: 'push' },
  };
  const ctx = { t: desk, timeZone: 'UTC' };

  it('a failed delivery names its last error after the state', () => {
    expect(describeDelivery(ctx, item.delivery)).toBe('送达失败（已尝试 3 次，不再重试）：timeout');
    const retrying = describeDelivery(ctx, { state: 'pending', attempts: 1, lastError: 'HTTP 502', nextAttemptAt: '2026-11-28T10:31:00.000Z' });
    expect(retrying).toBe('待重试（已失败 1 次，下次 2026-11-28 10:31）：HTTP 502');
    expect(describeDelivery(ctx, { state: 'pending', attempts: 0 })).toBe('待送达');
  });

  it('section headings and history details read as before', () => {
    const page = renderItemDetail(ctx, item).split('\n');
    expect(page).toContain('最接近的资料：');
    expect(page).toContain('  （无）');
    expect(page).toContain('办理记录：');
    expect(page).toContain('  2026-11-28 02:00  系统  收到留言');
    expect(page).toContain('  2026-11-28 03:00  系统  答复送达失败：第 3 次尝试失败：timeout');
  });
});
