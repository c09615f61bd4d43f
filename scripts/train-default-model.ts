/**
 * Trains the decision on the shipped corpus and question bank and writes it as the shipped default model
 * (src/answer/decision/default-model.json). Run after changing corpus/ (`npm run train:default`); a test fails
 * while the shipped model is stale.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIndex } from '../src/answer/index.ts';
import { loadConfig } from '../src/config.ts';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const target = path.join(root, 'src/answer/decision/default-model.json');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-train-'));
try {
  // An empty stand-in, so that training cannot return the stale shipped model instead of training.
  fs.writeFileSync(target, '{}\n');
  const config = loadConfig({ GUANBOT_CORPUS_DIR: path.join(root, 'corpus'), GUANBOT_DATA_DIR: tmp, GUANBOT_LOG_LEVEL: 'silent' }, root);
  const summary = await buildIndex(config, { full: true });
  fs.copyFileSync(path.join(summary.dir, 'decision.json'), target);
  const model = JSON.parse(fs.readFileSync(target, 'utf8')) as { threshold: number; metrics: unknown };
  process.stdout.write(`${JSON.stringify({ threshold: model.threshold, metrics: model.metrics })}\n`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
