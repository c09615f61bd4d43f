/**
 * `npm run bench [-- --only default,scale]`: runs each scenario in its own child process (so peak RSS is per
 * scenario), then prints one aligned Markdown table and a final verdict line. Exits 1 when a target is missed.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { formatTable, REPO_ROOT, tableRow, verdictLine, type ScenarioResult } from './lib/index.ts';
import { SCENARIO_NAMES } from './scenarios/index.ts';

/** A scenario that has not finished after this long is stopped (the whole bench should take a few minutes). */
const SCENARIO_TIMEOUT_MS = 8 * 60_000;

function parseOnly(argv: string[]): string[] {
  const i = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (i < 0) return SCENARIO_NAMES;
  const value = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  const names = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !SCENARIO_NAMES.includes(n));
  if (!names.length || unknown.length) {
    process.stderr.write(`--only expects one or more of ${SCENARIO_NAMES.join(', ')} (comma-separated)\n`);
    process.exit(2);
  }
  return names;
}

/** Runs `bench/scenario.ts <name>` in a child process; its stderr passes through, its last stdout line is the result. */
function runScenario(name: string): Promise<ScenarioResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/scenario.ts', name], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), SCENARIO_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`exited with ${signal ?? `code ${code}`}`));
      try {
        resolve(JSON.parse(last) as ScenarioResult);
      } catch {
        reject(new Error(`printed no result: ${last.slice(0, 200)}`));
      }
    });
  });
}

const results: ScenarioResult[] = [];
const failures: string[] = [];
const started = performance.now();
// Latency is wall time: on a shared machine it includes waiting for a core, so the load is stated alongside.
const loadNote = () => `load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`;
process.stderr.write(`bench: ${loadNote()}\n`);
for (const name of parseOnly(process.argv.slice(2))) {
  process.stderr.write(`bench: running ${name} …\n`);
  try {
    const r = await runScenario(name);
    results.push(r);
    process.stderr.write(`bench: ${name} done: ${JSON.stringify(r.details)}\n`);
  } catch (err) {
    failures.push(name);
    process.stderr.write(`bench: ${name} failed: ${(err as Error).message}\n`);
  }
}
process.stdout.write(`\n${formatTable(results.map(tableRow))}\n\n`);
process.stdout.write(`${verdictLine(results, failures)}\n`);
process.stderr.write(`bench: total ${((performance.now() - started) / 1000).toFixed(1)} s, ${loadNote()}\n`);
process.exitCode = failures.length || results.some((r) => r.targets.some((t) => !t.met)) ? 1 : 0;
