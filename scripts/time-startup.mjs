#!/usr/bin/env node
// Times a one-shot `guanbot ask --json` (a fresh process each run) and prints the median and spread, so a
// start-up change can be measured without hyperfine. Usage: node scripts/time-startup.mjs [runs] [question]
// The data dir is a throw-away folder whose index is built by a first, untimed run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 5);
const question = process.argv[3] ?? '申请政府信息公开多久能答复？';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-startup-'));
const env = { PATH: process.env.PATH, HOME: process.env.HOME, GUANBOT_DATA_DIR: dataDir, GUANBOT_LOG_LEVEL: 'silent' };
const args = [path.join(root, 'bin/guanbot.mjs'), 'ask', '--json', question];

const ask = () => {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`ask failed (${r.status}): ${r.stderr}`);
  return ms;
};

try {
  ask(); // builds the index (and warms the file cache); not counted
  const times = Array.from({ length: runs }, ask).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`runs ${runs}  median ${median.toFixed(0)} ms  min ${times[0].toFixed(0)} ms  max ${times.at(-1).toFixed(0)} ms`);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
