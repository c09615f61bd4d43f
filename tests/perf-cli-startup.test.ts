/**
 * `guanbot` start-up stays light: building the command tree (what `guanbot --help` does) loads commander and
 * the messages only, and a desk command such as `guanbot ticket` loads the desk but not the web server, the
 * Telegram bot or the engine's native indexes and tokenizer. Each check runs in a fresh Node process and lists
 * the CommonJS packages it loaded (ES-module-only packages are not visible this way).
 */
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs, repoRoot } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

/** Packages a fast command must not load: web server, bot, engine (native indexes, tokenizer), uploads, passwords. */
const HEAVY = ['fastify', 'grammy', '@grammyjs/runner', 'hnswlib-node', '@node-rs/jieba', 'mammoth', '@node-rs/argon2'];

/** Runs `script` (ES module, top-level await) under tsx in a fresh process; it must print the packages it loaded. */
function loadedPackages(script: string, env: Record<string, string> = {}): { packages: string[]; stdout: string; stderr: string } {
  const listPackages = `
    const { createRequire } = await import('node:module');
    const cache = createRequire(import.meta.url).cache;
    const names = new Set(Object.keys(cache).map((f) => f.match(/node_modules\\/((?:@[^/]+\\/)?[^/]+)/)?.[1]).filter(Boolean));
    process.stdout.write('\\nPACKAGES ' + JSON.stringify([...names]) + '\\n');`;
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `${script}\n${listPackages}`], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GUANBOT_LOG_LEVEL: 'silent', ...env },
  });
  const line = out.stdout.split('\n').find((l) => l.startsWith('PACKAGES '));
  if (!line) throw new Error(`probe failed: ${out.stderr}`);
  return { packages: JSON.parse(line.slice('PACKAGES '.length)) as string[], stdout: out.stdout, stderr: out.stderr };
}

describe('CLI start-up loads only what the command needs', () => {
  it('building the command tree and its help loads commander and the messages, nothing of the engine, desk or servers', () => {
    const r = loadedPackages(`
      const { buildProgram } = await import('./src/cli/main.ts');
      const program = buildProgram();
      process.stdout.write(program.helpInformation());
      for (const c of program.commands) process.stdout.write(c.name() + '\\n');`);
    // The tree is complete: every command is registered and described.
    for (const name of ['index', 'corpus', 'ask', 'chat', 'eval', 'model', 'messages', 'ticket', 'export', 'staff', 'serve']) {
      expect(r.stdout).toMatch(new RegExp(`^${name}$`, 'm'));
    }
    expect(r.stdout).toContain('凭留言编号查询办理状态和答复');
    expect(r.packages).toContain('commander');
    for (const heavy of [...HEAVY, 'better-sqlite3', 'exceljs', 'pino', 'cli-progress']) expect(r.packages).not.toContain(heavy);
  });

  it('`guanbot ticket` answers from the desk database without loading the engine, web server or bot', () => {
    const dataDir = makeTempDir();
    const r = loadedPackages(
      `
      const { main } = await import('./src/cli/main.ts');
      await main(['node', 'guanbot', 'ticket', 'GX00000000-0000']);`,
      { GUANBOT_DATA_DIR: dataDir },
    );
    expect(r.stderr).toContain('GX00000000-0000');
    expect(r.packages).toContain('better-sqlite3');
    for (const heavy of HEAVY) expect(r.packages).not.toContain(heavy);
  });
});
