/**
 * Runs one benchmark scenario in this process and prints its result as one JSON line on stdout, with the
 * 1-minute load average at its start and end (wall-time figures rise with other processes' load).
 * Usage: node --import tsx bench/scenario.ts <name>
 */
import os from 'node:os';
import { defaultInputs, type ScenarioResult } from './lib/index.ts';
import { SCENARIOS, SCENARIO_NAMES } from './scenarios/index.ts';

const name = process.argv[2];
const run = name ? SCENARIOS[name] : undefined;
if (!run) {
  process.stderr.write(`unknown scenario ${name ?? '(none)'}; expected one of ${SCENARIO_NAMES.join(', ')}\n`);
  process.exit(2);
}
try {
  const start = os.loadavg()[0] ?? 0;
  const outcome = await run(defaultInputs());
  const result: ScenarioResult = { ...outcome, load: { start, end: os.loadavg()[0] ?? 0 } };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
}
