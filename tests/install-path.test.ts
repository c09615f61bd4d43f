/**
 * guanbot installed in a folder whose path has a space and Chinese characters (`/srv/冠县 政务/guanbot`): every
 * file the code finds next to itself (prompts/, the web pages, the corpus defaults) must be found by a file path, not
 * by a URL's percent-encoded pathname. Runs the real command from a copy of the built project.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs, repoRoot } from './fixtures/engine-workspace.ts';

const run = promisify(execFile);
afterAll(removeTempDirs);

/** What an installed `guanbot` holds (the build without its sources, as after packaging), below an awkward path. */
function awkwardCopy(): string {
  const root = path.join(makeTempDir(), '冠县 政务', 'guan bot');
  for (const part of ['bin', 'scripts', 'dist', 'prompts', 'corpus', 'package.json']) fs.cpSync(path.join(repoRoot, part), path.join(root, part), { recursive: true });
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

describe('a folder path with a space and 中文', () => {
  it('serves the help text and checks the corpus with the shipped prompts and corpus', async () => {
    const root = awkwardCopy();
    // Nothing points at the folder from outside: the prompts and the corpus are found relative to the code and cwd.
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, GUANBOT_DATA_DIR: path.join(root, 'data') };
    const bin = path.join(root, 'bin', 'guanbot.mjs');
    const help = await run(process.execPath, [bin, '--help'], { env, cwd: root });
    expect(help.stdout).toContain('guanbot');
    expect(help.stdout).toMatch(/\p{Script=Han}/u);
    const check = await run(process.execPath, [bin, 'corpus', 'check'], { env, cwd: root });
    expect(check.stdout).toMatch(/\d+/);
    expect(check.stderr).not.toMatch(/ENOENT|%20|%E5/);
  }, 60_000);
});
