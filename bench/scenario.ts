/**
 * Runs one benchmark scenario in this process and prints its result as one JSON line on stdout.
 * Usage: node --import tsx bench/scenario.ts <default|scale|incremental>
 */
import { defaultInputs } from './lib/index.ts';
import { SCENARIOS, SCENARIO_NAMES } from './scenarios/index.ts';

const name = process.argv[2];
const run = name ? SCENARIOS[name] : undefined;
if (!run) {
  process.stderr.write(`unknown scenario ${name ?? '(none)'}; expected one of ${SCENARIO_NAMES.join(', ')}\n`);
  process.exit(2);
}
try {
  const result = await run(defaultInputs());
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
}
