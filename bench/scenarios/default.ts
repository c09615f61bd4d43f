/** `default`: the county corpus plus the regulation; full build, then every evaluation question three times. */
import { buildIndex } from '../../src/answer/index.ts';
import { loadEvalQuestions, measureAnswers, peakRssMb, PhaseClock, round, type BenchInputs, type ScenarioResult } from '../lib/index.ts';
import { createWorkspace, prepareDefaultCorpus } from './workspace.ts';

export const DEFAULT_TARGETS = { p50Ms: 10, p95Ms: 30 };

export async function runDefault(inputs: BenchInputs, opts: { rounds?: number; warmup?: number } = {}): Promise<ScenarioResult> {
  const ws = createWorkspace();
  try {
    prepareDefaultCorpus(ws, inputs);
    const clock = new PhaseClock();
    const started = performance.now();
    const summary = await buildIndex(ws.config, { full: true, onProgress: clock.onProgress });
    const buildSec = (performance.now() - started) / 1000;

    const { p50, p95, samples, details } = await measureAnswers(ws.config, loadEvalQuestions(inputs.questionsFile), { rounds: opts.rounds ?? 3, warmup: opts.warmup ?? 5 });
    return {
      scenario: 'default',
      docs: summary.docs,
      chunks: summary.chunks,
      buildSec,
      p50Ms: p50,
      p95Ms: p95,
      samples,
      peakRssMb: peakRssMb(),
      targets: [
        { label: `p50 ≤ ${DEFAULT_TARGETS.p50Ms} ms`, met: p50 <= DEFAULT_TARGETS.p50Ms, actual: `${round(p50, 2)} ms` },
        { label: `p95 ≤ ${DEFAULT_TARGETS.p95Ms} ms`, met: p95 <= DEFAULT_TARGETS.p95Ms, actual: `${round(p95, 2)} ms` },
      ],
      details: { ...clock.phases(), ...details },
    };
  } finally {
    ws.dispose();
  }
}
