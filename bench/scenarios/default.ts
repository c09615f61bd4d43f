/** `default`: the county corpus plus the regulation; full build, then every evaluation question three times. */
import { buildIndex, openEngine } from '../../src/answer/index.ts';
import { latencySummary, loadEvalQuestions, peakRssMb, latencyDetails, PhaseClock, round, timeAnswers, type BenchInputs, type ScenarioResult } from '../lib/index.ts';
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

    const engine = await openEngine(ws.config, { buildIfMissing: false });
    const timings = await timeAnswers(engine, loadEvalQuestions(inputs.questionsFile), { rounds: opts.rounds ?? 3, warmup: opts.warmup ?? 5 });
    await engine.close();
    const { p50, p95 } = latencySummary(timings.wallMs);
    return {
      scenario: 'default',
      docs: summary.docs,
      chunks: summary.chunks,
      buildSec,
      p50Ms: p50,
      p95Ms: p95,
      samples: timings.wallMs.length,
      peakRssMb: peakRssMb(),
      targets: [
        { label: `p50 ≤ ${DEFAULT_TARGETS.p50Ms} ms`, met: p50 <= DEFAULT_TARGETS.p50Ms, actual: `${round(p50, 2)} ms` },
        { label: `p95 ≤ ${DEFAULT_TARGETS.p95Ms} ms`, met: p95 <= DEFAULT_TARGETS.p95Ms, actual: `${round(p95, 2)} ms` },
      ],
      details: { ...clock.phases(), ...latencyDetails(timings) },
    };
  } finally {
    ws.dispose();
  }
}
