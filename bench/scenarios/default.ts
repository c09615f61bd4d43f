/**
 * `default`: the county corpus plus the regulation; full build, then the evaluation questions as a first-pass stream:
 * each asked once of a freshly opened engine, then once more through `App.ask` on a fresh app with open items seeded.
 */
import { buildIndex } from '../../src/answer/index.ts';
import {
  firstPassAsk, firstPassEngine, latencyDetails, latencyMetrics, loadEvalStream, peakRssMb, PhaseClock, round, SEEDED_OPEN_ITEMS,
  type BenchInputs, type ScenarioOutcome,
} from '../lib/index.ts';
import { createWorkspace, prepareDefaultCorpus } from './workspace.ts';

export const DEFAULT_TARGETS = { engineP50Ms: 10, p95Ms: 30 };

export async function runDefault(inputs: BenchInputs, opts: { openItems?: number } = {}): Promise<ScenarioOutcome> {
  const ws = createWorkspace();
  try {
    prepareDefaultCorpus(ws, inputs);
    const clock = new PhaseClock();
    const started = performance.now();
    const summary = await buildIndex(ws.config, { full: true, onProgress: clock.onProgress });
    const buildSec = (performance.now() - started) / 1000;

    const questions = loadEvalStream(inputs.evalFiles).map((q) => q.q);
    const engine = await firstPassEngine(ws.config, questions);
    const ask = await firstPassAsk(ws.config, questions, opts.openItems ?? SEEDED_OPEN_ITEMS);
    return {
      scenario: 'default',
      metrics: [
        ...latencyMetrics('engine', engine.timings),
        ...latencyMetrics('ask', ask.timings),
        { name: 'index build', value: buildSec, unit: 's' },
        { name: 'peak RSS', value: peakRssMb(), unit: 'MB', digits: 0 },
      ],
      targets: [
        { metric: 'engine p50', op: '<=', value: DEFAULT_TARGETS.engineP50Ms },
        { metric: 'engine p95', op: '<=', value: DEFAULT_TARGETS.p95Ms },
        { metric: 'ask p95', op: '<=', value: DEFAULT_TARGETS.p95Ms },
      ],
      details: {
        docs: summary.docs,
        chunks: summary.chunks,
        questions: questions.length,
        openItemsSeeded: opts.openItems ?? SEEDED_OPEN_ITEMS,
        ticketsOpened: ask.ticketsOpened,
        ...clock.phases(),
        ...latencyDetails('engine', engine.timings),
        ...latencyDetails('ask', ask.timings),
        buildSec: round(buildSec, 2),
      },
    };
  } finally {
    ws.dispose();
  }
}
