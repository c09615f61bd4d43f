/** The benchmark scenarios by name; each runs in its own process so peak RSS is its own. */
import type { BenchInputs, ScenarioResult } from '../lib/index.ts';
import { runDefault } from './default.ts';
import { runIncremental } from './incremental.ts';
import { runScale } from './scale.ts';

export { runDefault, DEFAULT_TARGETS } from './default.ts';
export { runScale, SCALE_TARGETS } from './scale.ts';
export { runIncremental } from './incremental.ts';
export { createWorkspace, prepareDefaultCorpus, type Workspace } from './workspace.ts';

export const SCENARIOS: Record<string, (inputs: BenchInputs) => Promise<ScenarioResult>> = {
  default: (inputs) => runDefault(inputs),
  scale: (inputs) => runScale(inputs),
  incremental: (inputs) => runIncremental(inputs),
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS);
