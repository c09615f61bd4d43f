// Whether dist/ (the plain JavaScript that bin/guanbot.mjs runs) matches the TypeScript sources. Shared by the
// command itself, the build script and the tests, so all three agree on "stale". Plain Node, no dependencies:
// it must work in an install pruned of dev dependencies.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file lives in scripts/). */
export const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
export const SRC_DIR = path.join(ROOT, 'src');
export const DIST_DIR = path.join(ROOT, 'dist');
/** Written last by a build: what the sources looked like when it started. */
export const STAMP_FILE = '.build-stamp.json';
/** Files outside src/ that change what the build emits. */
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json'];

/** Every file under src/, relative to it with forward slashes, sorted. */
export function sourceFiles() {
  return fs
    .readdirSync(SRC_DIR, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(SRC_DIR, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Source files that are not compiled but loaded at run time (JSON, browser files, the worker entry): copied as they are. */
export function isAsset(rel) {
  return !rel.endsWith('.ts');
}

/**
 * A fingerprint of the inputs: the newest modification time and the list of files (so a deleted or renamed
 * file counts as a change even when no time moved forward).
 */
export function sourceStamp() {
  const files = sourceFiles();
  let newestMtimeMs = 0;
  for (const rel of files) newestMtimeMs = Math.max(newestMtimeMs, fs.statSync(path.join(SRC_DIR, rel)).mtimeMs);
  for (const file of CONFIG_FILES) newestMtimeMs = Math.max(newestMtimeMs, fs.statSync(path.join(ROOT, file)).mtimeMs);
  const list = crypto.createHash('sha256').update(files.join('\n')).digest('hex');
  return { newestMtimeMs, list };
}

/**
 * `missing` (no build yet), `stale` (a source changed since the build started) or `fresh`. A checkout without
 * src/ (a packaged install) counts as fresh when dist/ exists: there is nothing to compare with.
 */
export function distState() {
  let built;
  try {
    built = JSON.parse(fs.readFileSync(path.join(DIST_DIR, STAMP_FILE), 'utf8'));
  } catch {
    return 'missing';
  }
  if (!fs.existsSync(SRC_DIR)) return 'fresh';
  const now = sourceStamp();
  return now.list === built.list && now.newestMtimeMs <= built.newestMtimeMs ? 'fresh' : 'stale';
}
