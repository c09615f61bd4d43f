import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withBuildLock } from '../src/retrieval/build-lock.ts';
import { buildIndex } from '../src/answer/index.ts';
import { currentIndexDir, loadIndexFiles } from '../src/retrieval/index-store.ts';
import { engineConfig, makeTempDir, removeTempDirs, repoCorpusWorkspace } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

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
    expect(versions).toEqual([path.basename(current!)]);
  });
});
