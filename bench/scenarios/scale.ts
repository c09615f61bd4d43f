/** `scale`: 830 laws plus the default corpus; full build, then 200 questions once each. */
import { buildIndex } from '../../src/answer/index.ts';
import { importLaws, loadEvalQuestions, measureAnswers, mixedQuestions, peakRssMb, PhaseClock, round, type BenchInputs, type ScenarioResult } from '../lib/index.ts';
import { createWorkspace, prepareDefaultCorpus } from './workspace.ts';

export const SCALE_TARGETS = { p95Ms: 50, rssMb: 1536 };

export async function runScale(inputs: BenchInputs, opts: { questions?: number; warmup?: number } = {}): Promise<ScenarioResult> {
  const ws = createWorkspace();
  try {
    prepareDefaultCorpus(ws, inputs);
    const importStarted = performance.now();
    const { titles, skipped } = importLaws(ws.corpusDir, inputs.lawsDir);
    const importSec = (performance.now() - importStarted) / 1000;

    const clock = new PhaseClock();
    const started = performance.now();
    const summary = await buildIndex(ws.config, { full: true, onProgress: clock.onProgress });
    const buildSec = (performance.now() - started) / 1000;
    const rssAfterBuild = peakRssMb();

    const questions = mixedQuestions(loadEvalQuestions(inputs.questionsFile), titles, opts.questions ?? 200);
    const { p50, p95, samples, details } = await measureAnswers(ws.config, questions, { rounds: 1, warmup: opts.warmup ?? 5 });
    const rss = peakRssMb();
    return {
      scenario: 'scale',
      docs: summary.docs,
      chunks: summary.chunks,
      buildSec,
      p50Ms: p50,
      p95Ms: p95,
      samples,
      peakRssMb: rss,
      targets: [
        { label: `p95 ≤ ${SCALE_TARGETS.p95Ms} ms`, met: p95 <= SCALE_TARGETS.p95Ms, actual: `${round(p95, 2)} ms` },
        { label: `RSS ≤ ${SCALE_TARGETS.rssMb / 1024} GB`, met: rss <= SCALE_TARGETS.rssMb, actual: `${Math.round(rss)} MB` },
      ],
      details: {
        lawsImported: titles.length,
        lawsSkipped: skipped.length,
        importSec: round(importSec, 2),
        ...clock.phases(),
        peakRssAfterBuildMb: Math.round(rssAfterBuild),
        ...details,
      },
    };
  } finally {
    ws.dispose();
  }
}
