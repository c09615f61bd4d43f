#!/usr/bin/env node
// Times a one-shot `guanbot ask --json` (a fresh process each run) and prints the median and spread, so a
// start-up change can be measured without hyperfine. Several checkouts are timed in turn, run by run, so that a
// busy machine slows them alike:
//   node scripts/time-startup.mjs [--runs N] [--question Q] [CHECKOUT …]   (default: this checkout)
// Each checkout gets a throw-away data dir whose index is built by a first, untimed run. Besides the wall time it
// reports the process's CPU time (user + system, all threads), which a machine shared with other work disturbs less.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, question: { type: 'string', default: '申请政府信息公开多久能答复？' } },
  allowPositionals: true,
});
const runs = Number(values.runs);
const checkouts = (positionals.length ? positionals : [path.resolve(import.meta.dirname, '..')]).map((p) => path.resolve(p));

// Preloaded into each run: writes the process's CPU time to stderr's last line as it exits.
const cpuReport = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\nCPU_MS '+(u.user+u.system)/1000+'\\n')})`;

const targets = checkouts.map((root) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-startup-'));
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, GUANBOT_DATA_DIR: dataDir, GUANBOT_LOG_LEVEL: 'silent' };
  const args = ['--import', cpuReport, path.join(root, 'bin/guanbot.mjs'), 'ask', '--json', values.question];
  const ask = () => {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status !== 0) throw new Error(`ask failed in ${root} (${r.status}): ${r.stderr}`);
    return { ms, cpuMs: Number(r.stderr.match(/CPU_MS ([\d.]+)/)[1]) };
  };
  return { root, dataDir, ask, times: [], cpu: [] };
});

try {
  for (const t of targets) t.ask(); // builds the index (and warms the file cache); not counted
  for (let i = 0; i < runs; i++) {
    for (const t of targets) {
      const { ms, cpuMs } = t.ask();
      t.times.push(ms);
      t.cpu.push(cpuMs);
    }
  }
  const summary = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return `median ${s[Math.floor(s.length / 2)].toFixed(0)} ms (min ${s[0].toFixed(0)}, max ${s.at(-1).toFixed(0)})`;
  };
  for (const t of targets) console.log(`${t.root}: ${runs} runs  wall ${summary(t.times)}  cpu ${summary(t.cpu)}`);
} finally {
  for (const t of targets) fs.rmSync(t.dataDir, { recursive: true, force: true });
}
