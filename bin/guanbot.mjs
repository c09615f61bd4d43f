#!/usr/bin/env node
// Entry point of the `guanbot` command: runs the compiled JavaScript in dist/ with plain node (no TypeScript
// loader at run time). In a source checkout a missing or outdated dist/ is rebuilt first (`npm run build`), so a
// fresh clone works right after `npm ci`; an install pruned of dev dependencies runs the dist/ it was given.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { distState } from '../scripts/dist-state.mjs';

const state = distState();
if (state !== 'fresh') {
  // An install pruned of dev dependencies has no compiler: it says so and runs the build it has, if any.
  const canBuild = (() => {
    try {
      return Boolean(createRequire(import.meta.url).resolve('typescript/package.json'));
    } catch {
      return false;
    }
  })();
  // stdout stays the command's own (`ask --json` prints JSON only): the build reports on stderr.
  const build = canBuild ? spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url)), '--if-stale'], { stdio: ['ignore', 2, 2] }) : null;
  if (build?.status !== 0) {
    const { buildText } = await import('../scripts/build-messages.mjs');
    process.stderr.write(`${buildText(state === 'missing' ? 'missing' : 'staleKept')}\n`);
    if (state === 'missing') process.exit(1);
  }
}
const { main } = await import('../dist/cli/main.js');
await main(process.argv);
