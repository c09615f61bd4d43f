/**
 * dist/ — what `guanbot` runs — is the build of today's sources: built after the last change, every module
 * compiled, every file the code reads at run time copied unchanged. `npm test` builds first (pretest); when this
 * fails on its own, run `npm run build`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST_DIR, SRC_DIR, distState, isAsset, sourceFiles } from '../scripts/dist-state.mjs';

const files = sourceFiles();

/** Relative paths of the files under `dir`. */
function listed(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('dist/ matches src/', () => {
  it('is built from the current sources (run `npm run build` if not)', () => {
    expect(distState()).toBe('fresh');
  });

  it('has a JavaScript module for every TypeScript module and an identical copy of every other source file', () => {
    const modules = files.filter((f) => !isAsset(f));
    const assets = files.filter(isAsset);
    // The asset rule is not vacuous: the decision model, the worker entry and the web pages are among them.
    expect(assets).toEqual(expect.arrayContaining(['answer/decision/default-model.json', 'answer/build-worker.mjs', 'channels/web/public/index.html']));
    const missing = modules.map((f) => f.replace(/\.ts$/, '.js')).filter((f) => !fs.existsSync(path.join(DIST_DIR, f)));
    expect(missing).toEqual([]);
    const differing = assets.filter((f) => !fs.existsSync(path.join(DIST_DIR, f)) || !fs.readFileSync(path.join(DIST_DIR, f)).equals(fs.readFileSync(path.join(SRC_DIR, f))));
    expect(differing).toEqual([]);
  });

  it('resolves every file the code finds next to itself (`new URL(…, import.meta.url)`) from dist/ as well', () => {
    const references: { from: string; target: string }[] = [];
    for (const from of files.filter((f) => /\.(ts|mjs)$/.test(f))) {
      const text = fs.readFileSync(path.join(SRC_DIR, from), 'utf8');
      for (const m of text.matchAll(/new URL\('([^']+)', import\.meta\.url\)/g)) references.push({ from, target: m[1]! });
    }
    expect(references.length).toBeGreaterThan(3);
    const unresolved = references.filter(({ from, target }) => {
      const inSrc = path.resolve(SRC_DIR, path.dirname(from), target);
      const inDist = path.resolve(DIST_DIR, path.dirname(from), target);
      // A reference out of src/ (the project root, prompts/) is the same folder from either side.
      return fs.existsSync(inSrc) && !fs.existsSync(inDist);
    });
    expect(unresolved).toEqual([]);
  });

  it('holds nothing that src/ does not produce (no leftovers of deleted modules)', () => {
    const expected = new Set([...files.map((f) => (isAsset(f) ? f : f.replace(/\.ts$/, '.js'))), '.build-stamp.json']);
    expect(listed(DIST_DIR).filter((f) => !expected.has(f))).toEqual([]);
  });
});
