/**
 * `guanbot serve` as a deployer runs it: a real process on 127.0.0.1 with the built-in corpus, answering over HTTP,
 * picking up an index rebuilt by another process, and stopping cleanly on SIGTERM.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, repoCorpusWorkspace, repoRoot, writeFile } from './fixtures/engine-workspace.ts';

const bin = path.join(repoRoot, 'bin/guanbot.mjs');
const run = promisify(execFile);
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  removeTempDirs();
});

function env(ws: { corpusDir: string; dataDir: string }, port: number) {
  return { ...process.env, GUANBOT_CORPUS_DIR: ws.corpusDir, GUANBOT_DATA_DIR: ws.dataDir, GUANBOT_PORT: String(port), GUANBOT_LOG_LEVEL: 'warn', TELEGRAM_BOT_TOKEN: '' };
}

/** Starts `guanbot serve` and resolves with its base URL once it says it has started. */
function startServe(ws: { corpusDir: string; dataDir: string }): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [bin, 'serve'], { env: env(ws, 0), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = out.match(/已启动：(http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
}

async function ask(url: string, question: string) {
  const res = await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question, sessionId: 'serve-test' }) });
  return (await res.json()) as { resolved: boolean; kind: string; answer: string; citations: { docId: string }[] };
}

describe('guanbot serve', () => {
  it('answers over HTTP, picks up an index built by another process, and stops cleanly on SIGTERM', async () => {
    const ws = repoCorpusWorkspace();
    const { child, url, output } = await startServe(ws);

    const first = await ask(url, '申请政府信息公开多久能答复？');
    expect(first.resolved).toBe(true);
    expect(first.answer).toContain('20个工作日');

    // Staff add an entry and rebuild from another process; the running server must answer from it without a restart.
    writeFile(ws.corpusDir, 'faq/faq-serve-test.md', [
      '---', 'id: faq-serve-test', 'title: 政务服务热线的测试问题', 'type: 问答', 'source: 测试用条目', 'published: 2026-11-28',
      'question: 冠县冠小梨测试热线条目在哪里', 'variants: [冠小梨测试热线条目]', '---', '', '这是测试用的答复：冠小梨测试热线条目已收到。', '',
    ].join('\n'));
    await run(process.execPath, [bin, 'index', '--json'], { env: env(ws, 0) });
    let after = await ask(url, '冠县冠小梨测试热线条目在哪里');
    for (let i = 0; i < 40 && !after.citations.some((c) => c.docId === 'faq-serve-test'); i++) {
      await new Promise((r) => setTimeout(r, 250));
      after = await ask(url, '冠县冠小梨测试热线条目在哪里');
    }
    expect(after.citations.map((c) => c.docId)).toContain('faq-serve-test');

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toContain('服务已停止');
  });

  it('says in Chinese that the port is taken, and exits', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const ws = repoCorpusWorkspace();
    try {
      const err = await run(process.execPath, [bin, 'serve'], { env: env(ws, port), timeout: 60_000 }).then(
        () => null,
        (e: { code?: number; stderr?: string }) => e,
      );
      expect(err?.code).not.toBe(0);
      expect(err?.stderr).toContain(`${port} 已被占用`);
    } finally {
      blocker.close();
    }
  });
});

