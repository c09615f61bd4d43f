#!/usr/bin/env node
// Entry point of the `guanbot` command: runs the compiled JavaScript in dist/ with plain node (no TypeScript
// loader at run time). In a source checkout a missing or outdated dist/ is rebuilt first (`npm run build`), so a
// fresh clone works right after `npm ci`; an install pruned of dev dependencies runs the dist/ it was given.
import { spawnSync } from 'node:child_process';
import { distState } from '../scripts/dist-state.mjs';

const state = distState();
if (state !== 'fresh') {
  // stdout stays the command's own (`ask --json` prints JSON only): the build reports on stderr.
  const build = spawnSync(process.execPath, [new URL('../scripts/build.mjs', import.meta.url).pathname, '--if-stale'], { stdio: ['ignore', 2, 2] });
  if (build.status !== 0) {
    if (state === 'missing') {
      process.stderr.write('guanbot: dist/ is missing and could not be built; run `npm ci && npm run build`\n');
      process.exit(1);
    }
    process.stderr.write('guanbot: dist/ is older than src/ and could not be rebuilt; running the previous build\n');
  }
}
const { main } = await import('../dist/cli/main.js');
await main(process.argv);
