import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BuildLockTimeoutError, OWNER_FILE, readBuildLockOwner, withBuildLock, type BuildLockWait } from '../src/retrieval/build-lock.ts';
import { buildIndex } from '../src/answer/index.ts';
import { currentIndexDir, loadIndexFiles } from '../src/retrieval/index-store.ts';
import { engineConfig, makeTempDir, removeTempDirs, repoCorpusWorkspace, repoRoot, writeFile, docText, emptyWorkspace } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

const CHILD = path.join(import.meta.dirname, 'fixtures', 'build-lock-child.ts');
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Starts `build-lock-child.ts` in its own process. */
function child(...args: string[]): ChildProcessWithoutNullStreams {
  const c = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: path.dirname(import.meta.dirname) });
  children.push(c);
  return c;
}

/** Resolves when the child prints `line` (rejects when it exits first). */
function printed(c: ChildProcessWithoutNullStreams, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    c.stderr.on('data', (d) => (err += d));
    c.stdout.on('data', (d) => {
      out += d;
      if (out.split('\n').includes(line)) resolve();
    });
    c.on('exit', (code) => reject(new Error(`child exited (${code}) before printing ${line}: ${err}`)));
  });
}

const exited = (c: ChildProcessWithoutNullStreams) => new Promise<number | null>((resolve) => (c.exitCode !== null ? resolve(c.exitCode) : c.on('exit', resolve)));

/** A process holding the lock of `dir` until `release()` closes its stdin. */
async function holder(dir: string) {
  const c = child('hold', dir);
  await printed(c, 'locked');
  return { pid: c.pid!, process: c, release: () => c.stdin.end() };
}

describe('index build lock', () => {
  it('runs overlapping builds one after the other', async () => {
    const dir = makeTempDir();
    const events: string[] = [];
    const job = (name: string) =>
      withBuildLock(dir, async () => {
        events.push(`${name} start`);
        await new Promise((r) => setTimeout(r, 150));
        events.push(`${name} end`);
      });
    await Promise.all([job('a'), job('b')]);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end']);
    expect(fs.existsSync(path.join(dir, 'build.lock'))).toBe(false);
  });

  it('takes over a lock left by a process that died', async () => {
    const dir = makeTempDir();
    // Far above any real pid on this machine (pid_max is at most 4194304).
    fs.writeFileSync(path.join(dir, 'build.lock'), '99999999');
    await expect(withBuildLock(dir, async () => 'built')).resolves.toBe('built');
  });

  it('releases the lock when the build fails', async () => {
    const dir = makeTempDir();
    await expect(withBuildLock(dir, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(fs.existsSync(path.join(dir, 'build.lock'))).toBe(false);
  });

  it('two builds started together both succeed and leave one loadable index', async () => {
    const config = engineConfig(repoCorpusWorkspace());
    const [a, b] = await Promise.all([buildIndex(config, { full: true }), buildIndex(config, { full: true })]);
    expect(a.chunks).toBe(b.chunks);
    const current = currentIndexDir(config.indexDir);
    expect(current).not.toBeNull();
    expect(loadIndexFiles(config.indexDir)?.chunks.length).toBe(a.chunks);
    const versions = fs.readdirSync(config.indexDir).filter((n) => n.startsWith('v-'));
    // The serving version and, as its fallback, the one before it.
    expect(versions).toContain(path.basename(current!));
    expect(versions.length).toBeLessThanOrEqual(2);
  });
});

describe('index build lock across processes', () => {
  it('a leftover build.lock naming another live process does not make a build wait', async () => {
    const dir = makeTempDir();
    // What an earlier build left behind, its PID since reused: here, the live test runner's parent.
    fs.writeFileSync(path.join(dir, 'build.lock'), String(process.ppid));
    const started = Date.now();
    await expect(withBuildLock(dir, async () => 'built')).resolves.toBe('built');
    expect(Date.now() - started).toBeLessThan(2000);
  }, 10_000);

  it('a waiting build says which process holds the lock, and enters the moment that process is killed', async () => {
    const dir = makeTempDir();
    const held = await holder(dir);
    expect(readBuildLockOwner(dir)).toMatchObject({ pid: held.pid });
    const waits: BuildLockWait[] = [];
    let entered = 0;
    const build = withBuildLock(dir, async () => {
      entered = Date.now();
    }, { onWait: (w) => waits.push(w) });
    await new Promise((r) => setTimeout(r, 400));
    expect(entered).toBe(0);
    expect(waits[0]!.owner).toMatchObject({ pid: held.pid, token: expect.any(String) });
    const killed = Date.now();
    held.process.kill('SIGKILL');
    await build;
    expect(entered - killed).toBeLessThan(1500);
  }, 15_000);

  it('gives up after maxWaitMs with a message naming the holder, and leaves the holder\'s lock alone', async () => {
    const dir = makeTempDir();
    const held = await holder(dir);
    const err = await withBuildLock(dir, async () => 'never', { maxWaitMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuildLockTimeoutError);
    expect((err as Error).message).toContain(`进程 ${held.pid}`);
    expect((err as Error).message).toContain('build-lock.db');
    // The failed waiter removed nothing: the holder still holds the lock and still owns the owner file.
    expect(readBuildLockOwner(dir)?.pid).toBe(held.pid);
    await expect(withBuildLock(dir, async () => 'never', { maxWaitMs: 200 })).rejects.toBeInstanceOf(BuildLockTimeoutError);
    held.release();
    expect(await exited(held.process)).toBe(0);
    expect(fs.existsSync(path.join(dir, OWNER_FILE))).toBe(false);
    await expect(withBuildLock(dir, async () => 'built', { maxWaitMs: 1000 })).resolves.toBe('built');
  }, 15_000);

  it('contending processes never hold the lock at the same time', async () => {
    const dir = makeTempDir();
    const log = path.join(dir, 'log.txt');
    const contenders = Array.from({ length: 5 }, () => child('contend', dir, log, '12'));
    expect(await Promise.all(contenders.map(exited))).toEqual([0, 0, 0, 0, 0]);
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(5 * 12 * 2);
    for (let i = 0; i < lines.length; i += 2) {
      const pid = lines[i]!.split(' ')[1];
      expect([lines[i], lines[i + 1]]).toEqual([`enter ${pid}`, `exit ${pid}`]);
    }
  }, 60_000);

  it('guanbot index waiting for another build says so on stderr, then builds', async () => {
    const ws = emptyWorkspace();
    writeFile(ws.corpusDir, 'interpretations/one.md', docText({ id: 'one-doc', title: '一篇文档' }, '## 第一节\n\n申请政府信息公开，一般在二十个工作日内答复。'));
    const held = await holder(path.join(ws.dataDir, 'index'));
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, GUANBOT_DATA_DIR: ws.dataDir, GUANBOT_CORPUS_DIR: ws.corpusDir, GUANBOT_LOG_LEVEL: 'silent' };
    const cli = spawn(process.execPath, [path.join(repoRoot, 'bin/guanbot.mjs'), 'index'], { env, cwd: ws.tmp });
    children.push(cli);
    let stdout = '';
    let stderr = '';
    cli.stdout.on('data', (d) => (stdout += d));
    // Resolves on the wait line, or when the command ends without one (the expectation below then shows its stderr).
    await new Promise<void>((resolve) => {
      cli.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('另一个索引构建正在进行')) resolve();
      });
      cli.on('exit', () => resolve());
    });
    // Still waiting, and saying for whom, until the holder lets go.
    expect(stderr).toContain(`另一个索引构建正在进行（进程 ${held.pid}`);
    expect(stdout).toBe('');
    held.release();
    expect(await exited(cli)).toBe(0);
    expect(stdout).toContain('索引已更新');
  }, 60_000);
});
