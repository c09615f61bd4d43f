#!/usr/bin/env node
// `npm run build`: compiles src/ to plain JavaScript in dist/ with tsc (tsconfig.build.json rewrites the
// sources' `.ts` import extensions to `.js`) and copies the files the code loads at run time next to it.
// First it regenerates src/messages/keys.generated.ts from prompts/messages/*.yaml (scripts/message-keys.mjs).
//   node scripts/build.mjs             always build
//   node scripts/build.mjs --if-stale  build only when dist/ is missing or older than the sources
// The build goes to a temporary folder that replaces dist/ when complete, so a running `guanbot` never sees a
// half-written dist/; a lock lets concurrent callers (tests starting several commands) wait for one build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildText } from './build-messages.mjs';
import { DIST_DIR, ROOT, SRC_DIR, STAMP_FILE, distState, isAsset, sourceFiles, sourceStamp } from './dist-state.mjs';
import { writeMessageKeys } from './message-keys.mjs';

const LOCK_DIR = path.join(ROOT, '.dist-lock');
const LOCK_WAIT_MS = 10 * 60_000;

/** Sleeps without an event loop (this script is synchronous from start to end). */
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Takes the build lock, waiting for another build in progress; a lock left by a dead process is taken over. */
function lock() {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const owner = Number(fs.readFileSync(path.join(LOCK_DIR, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
    // No pid yet: the owner is between creating the lock and naming itself, or died right there.
    const abandoned = owner ? !alive(owner) : Date.now() - fs.statSync(LOCK_DIR).mtimeMs > 30_000;
    if (abandoned) fs.rmSync(LOCK_DIR, { recursive: true, force: true });
    else if (Date.now() > deadline) throw new Error(buildText('lockTimeout', { pid: owner || '?', dir: LOCK_DIR }));
    else pause(200);
  }
}

function tscPath() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return null;
  }
}

/** Compiles into a fresh folder, copies the run-time assets, stamps it and puts it in place of dist/. */
function build() {
  const tsc = tscPath();
  if (!tsc) throw new Error(buildText('noTypescript'));
  // The message keys the type check holds the code to, from prompts/messages/*.yaml (rewritten only when they changed).
  writeMessageKeys();
  const stamp = sourceStamp(); // taken first: a source edited during the build leaves the result stale
  const out = path.join(ROOT, `.dist-build-${process.pid}`);
  fs.rmSync(out, { recursive: true, force: true });
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', out], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    fs.rmSync(out, { recursive: true, force: true });
    throw new Error(buildText('tscFailed', { code: r.status ?? r.signal }));
  }
  for (const rel of sourceFiles().filter(isAsset)) {
    fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
    fs.copyFileSync(path.join(SRC_DIR, rel), path.join(out, rel));
  }
  fs.writeFileSync(path.join(out, STAMP_FILE), `${JSON.stringify(stamp)}\n`);
  const old = path.join(ROOT, `.dist-old-${process.pid}`);
  if (fs.existsSync(DIST_DIR)) fs.renameSync(DIST_DIR, old);
  fs.renameSync(out, DIST_DIR);
  fs.rmSync(old, { recursive: true, force: true });
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && distState() === 'fresh') process.exit(0);
lock();
try {
  // Someone else may have built while this process waited for the lock.
  if (!ifStale || distState() !== 'fresh') {
    const started = Date.now();
    if (ifStale) process.stderr.write(`${buildText('building')}\n`);
    build();
    process.stderr.write(`${buildText('built', { seconds: ((Date.now() - started) / 1000).toFixed(1) })}\n`);
  }
} catch (err) {
  process.stderr.write(`${buildText('failed', { reason: err.message })}\n`);
  process.exitCode = 1;
} finally {
  fs.rmSync(LOCK_DIR, { recursive: true, force: true });
}
