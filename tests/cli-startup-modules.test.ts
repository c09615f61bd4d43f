/**
 * `guanbot` starts light: it runs the compiled JavaScript with plain node (no TypeScript loader, no `.ts` module),
 * `guanbot --help` loads commander and the messages only, a desk command such as `guanbot ticket` loads the desk
 * but not the web server, the bot or the engine, and a one-shot `guanbot ask` without a chat model or a bot token
 * loads neither the openai SDK nor fastify nor grammY. Each check runs the real command in a fresh process and
 * lists every module it loaded (ES modules through a loader hook, CommonJS ones from require's cache).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs, repoRoot } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

/** Packages a fast command must not load: web server, bot, engine (native indexes, tokenizer), uploads, passwords. */
const HEAVY = ['fastify', 'grammy', '@grammyjs/runner', 'hnswlib-node', '@node-rs/jieba', 'mammoth', '@node-rs/argon2'];
/** What only a configured chat model, the website or a bot token needs. */
const OPTIONAL = ['openai', 'fastify', 'grammy', '@grammyjs/runner'];

interface Traced {
  code: number;
  stdout: string;
  stderr: string;
  /** Every module file loaded, as a path or URL. */
  modules: string[];
  /** Package names among them. */
  packages: string[];
}

/** Runs `node bin/guanbot.mjs …args` with the module tracer. */
function traced(args: string[], env: Record<string, string> = {}): Promise<Traced> {
  const traceFile = path.join(makeTempDir(), 'modules.txt');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', path.join(repoRoot, 'tests/fixtures/module-trace.mjs'), path.join(repoRoot, 'bin/guanbot.mjs'), ...args],
      { cwd: repoRoot, env: { PATH: process.env.PATH, HOME: process.env.HOME, GUANBOT_LOG_LEVEL: 'silent', MODULE_TRACE_FILE: traceFile, ...env } },
      (err, stdout, stderr) => {
        const modules = fs.readFileSync(traceFile, 'utf8').split('\n').filter(Boolean);
        const packages = [...new Set(modules.map((f) => f.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1]).filter((p): p is string => !!p))];
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr, modules, packages });
      },
    );
  });
}

/** Loaded our own code as compiled JavaScript, and nothing through a TypeScript loader. */
function expectPlainJavaScript(r: Traced): void {
  expect(r.modules.some((m) => m.includes('/dist/cli/main.js'))).toBe(true);
  expect(r.modules.filter((m) => /\.ts$/.test(m))).toEqual([]);
  expect(r.packages).not.toContain('tsx');
  expect(r.packages).not.toContain('typescript');
}

describe('CLI start-up loads only what the command needs', () => {
  it('`guanbot --help` lists every command and loads commander and the messages, nothing of the engine, desk or servers', async () => {
    const r = await traced(['--help']);
    expect(r.code).toBe(0);
    for (const name of ['index', 'corpus', 'ask', 'chat', 'eval', 'model', 'messages', 'ticket', 'export', 'staff', 'serve']) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${name}\\b`, 'm'));
    }
    expect(r.stdout).toContain('凭留言编号查询办理状态和答复');
    expectPlainJavaScript(r);
    expect(r.packages).toContain('commander');
    for (const heavy of [...HEAVY, ...OPTIONAL, 'better-sqlite3', 'exceljs', 'pino', 'cli-progress']) expect(r.packages).not.toContain(heavy);
  });

  it('`guanbot ticket` answers from the desk database without loading the engine, web server or bot', async () => {
    const r = await traced(['ticket', 'GX00000000-0000'], { GUANBOT_DATA_DIR: makeTempDir() });
    expect(r.stderr).toContain('GX00000000-0000');
    expectPlainJavaScript(r);
    expect(r.packages).toContain('better-sqlite3');
    for (const heavy of [...HEAVY, 'openai']) expect(r.packages).not.toContain(heavy);
  });

  it('a one-shot `guanbot ask --json` with no chat model and no bot token answers without the openai SDK, fastify or grammY', async () => {
    const r = await traced(['ask', '--json', '申请政府信息公开多久能答复？'], { GUANBOT_DATA_DIR: makeTempDir() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ resolved: true, kind: expect.stringMatching(/^(answer|faq)$/) });
    expectPlainJavaScript(r);
    // The engine did load (the trace is not empty for lack of hooks): its native index and tokenizer are there.
    expect(r.packages).toEqual(expect.arrayContaining(['hnswlib-node', '@node-rs/jieba', 'better-sqlite3']));
    for (const optional of OPTIONAL) expect(r.packages).not.toContain(optional);
  });
});
