/** The benchmark scenarios by name; each runs in its own process so peak RSS is its own. */
import type { BenchInputs, ScenarioOutcome } from '../lib/index.ts';
import { runDefault } from './default.ts';
import { runIncremental } from './incremental.ts';
import { runScale } from './scale.ts';
import { runTelegram } from './telegram.ts';
import { runServer } from './server.ts';

export { runDefault, DEFAULT_TARGETS } from './default.ts';
export { runScale, SCALE_TARGETS } from './scale.ts';
export { runIncremental } from './incremental.ts';
export { runTelegram, TELEGRAM_TARGETS } from './telegram.ts';
export { runServer } from './server.ts';
export { createWorkspace, prepareDefaultCorpus, type Workspace } from './workspace.ts';

export const SCENARIOS: Record<string, (inputs: BenchInputs) => Promise<ScenarioOutcome>> = {
  default: (inputs) => runDefault(inputs),
  scale: (inputs) => runScale(inputs),
  incremental: (inputs) => runIncremental(inputs),
  telegram: (inputs) => runTelegram(inputs),
  server: (inputs) => runServer(inputs),
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS);
