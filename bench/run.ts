/**
 * `npm run bench [-- --only default,scale] [--runs N]`: runs each scenario N times (default 3), each run in its own
 * child process (a freshly opened engine, its own peak RSS), then prints the `## bench` Markdown table (median and
 * spread over the runs, target, met or missed, load average) and a verdict line. Exits 1 when a target is missed.
 * Scenarios run one after another, never side by side, on a shared machine.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { aggregate, benchSection, REPO_ROOT, verdictLine, type ScenarioResult } from './lib/index.ts';
import { SCENARIO_NAMES } from './scenarios/index.ts';

/** A run that has not finished after this long is stopped. */
const RUN_TIMEOUT_MS = 15 * 60_000;
const DEFAULT_RUNS = 3;

function option(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const arg = argv[i]!; // found just above
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parseOnly(argv: string[]): string[] {
  const value = option(argv, '--only');
  if (value === undefined) return SCENARIO_NAMES;
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !SCENARIO_NAMES.includes(n));
  if (!names.length || unknown.length) fail(`--only expects one or more of ${SCENARIO_NAMES.join(', ')} (comma-separated)`);
  return names;
}

function parseRuns(argv: string[]): number {
  const value = option(argv, '--runs');
  if (value === undefined) return DEFAULT_RUNS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20) fail('--runs expects a whole number from 1 to 20');
  return n;
}

/** Runs `bench/scenario.ts <name>` in a child process; its stderr passes through, its last stdout line is the result. */
function runScenario(name: string): Promise<ScenarioResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/scenario.ts', name], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
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

const argv = process.argv.slice(2);
const names = parseOnly(argv);
const runs = parseRuns(argv);
const results: ScenarioResult[] = [];
const failures: string[] = [];
const started = performance.now();
const loadNote = () => `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1/5/15 min) on ${os.cpus().length} cores`;
process.stderr.write(`bench: ${loadNote()}\n`);
for (const name of names) {
  for (let run = 1; run <= runs; run++) {
    process.stderr.write(`bench: ${name} run ${run}/${runs} …\n`);
    try {
      const r = await runScenario(name);
      results.push(r);
      const figures = r.metrics.map((m) => `${m.name} ${m.value.toFixed(m.digits ?? 2)}${m.unit ? ` ${m.unit}` : ''}`).join(', ');
      process.stderr.write(`bench: ${name} run ${run}: ${figures}; load ${r.load.start.toFixed(2)}→${r.load.end.toFixed(2)}\n`);
      process.stderr.write(`bench: ${name} run ${run} details: ${JSON.stringify(r.details)}\n`);
    } catch (err) {
      if (!failures.includes(name)) failures.push(name);
      process.stderr.write(`bench: ${name} run ${run} failed: ${(err as Error).message}\n`);
    }
  }
}
const rows = aggregate(results);
process.stdout.write(`\n${benchSection(rows, os.cpus().length)}\n\n`);
process.stdout.write(`${verdictLine(rows, failures)}\n`);
process.stderr.write(`bench: total ${((performance.now() - started) / 1000).toFixed(1)} s, ${loadNote()}\n`);
process.exitCode = failures.length || rows.some((r) => r.met === false) ? 1 : 0;
