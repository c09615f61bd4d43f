/**
 * `scale`: 830 laws plus the default corpus; full build, then the evaluation questions as a first-pass stream
 * (engine, then the whole ask), answer quality on the sealed sets from the same first-pass answers, and HNSW
 * recall@50 against exact search for the same questions.
 */
import { buildIndex } from '../../src/answer/index.ts';
import { createEmbedder } from '../../src/retrieval/embedders/index.ts';
import {
  firstPassAsk, firstPassEngine, importLaws, latencyDetails, latencyMetrics, loadEvalStream, measureRecall, peakRssMb, PhaseClock, round,
  scoreAnswers, SEEDED_OPEN_ITEMS, type BenchInputs, type ScenarioOutcome,
} from '../lib/index.ts';
import path from 'node:path';
import { createWorkspace, prepareDefaultCorpus } from './workspace.ts';

/** Speed and size (issue 10 targets), quality at scale (≥ 92 % answerable, at most 1 in 50 out of scope answered), recall. */
export const SCALE_TARGETS = { p95Ms: 50, rssMb: 1536, accuracyPct: 92, falseAnswerPct: 2, recall: 0.95 };

export async function runScale(inputs: BenchInputs, opts: { openItems?: number } = {}): Promise<ScenarioOutcome> {
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

    const stream = loadEvalStream(inputs.evalFiles);
    const questions = stream.map((q) => q.q);
    const engine = await firstPassEngine(ws.config, questions);
    const ask = await firstPassAsk(ws.config, questions, opts.openItems ?? SEEDED_OPEN_ITEMS);

    const qualitySets = new Set(inputs.qualityFiles.map((f) => path.basename(f)));
    // The engine answered the stream's questions one to one, in order.
    const picked = stream.map((q, i) => ({ q, a: engine.answers[i]! })).filter((x) => x.q.sets.some((set) => qualitySets.has(set)));
    const quality = scoreAnswers(picked.map((x) => x.q), picked.map((x) => x.a));
    const recall = await measureRecall(ws.config.indexDir, await createEmbedder(ws.config.embed), questions);
    return {
      scenario: 'scale',
      metrics: [
        ...latencyMetrics('engine', engine.timings),
        ...latencyMetrics('ask', ask.timings),
        { name: 'answerable right', value: quality.accuracy * 100, unit: '%', digits: 1 },
        { name: 'out of scope answered', value: quality.falseAnswerRate * 100, unit: '%', digits: 1 },
        { name: 'HNSW recall@50', value: recall.recall, unit: '', digits: 3 },
        { name: 'HNSW search p95', value: recall.searchP95Ms, unit: 'ms' },
        { name: 'index build', value: buildSec, unit: 's', digits: 1 },
        { name: 'peak RSS', value: peakRssMb(), unit: 'MB', digits: 0 },
      ],
      targets: [
        { metric: 'engine p95', op: '<=', value: SCALE_TARGETS.p95Ms },
        { metric: 'ask p95', op: '<=', value: SCALE_TARGETS.p95Ms },
        { metric: 'answerable right', op: '>=', value: SCALE_TARGETS.accuracyPct },
        { metric: 'out of scope answered', op: '<=', value: SCALE_TARGETS.falseAnswerPct },
        { metric: 'HNSW recall@50', op: '>=', value: SCALE_TARGETS.recall },
        { metric: 'peak RSS', op: '<=', value: SCALE_TARGETS.rssMb },
      ],
      details: {
        docs: summary.docs,
        chunks: summary.chunks,
        lawsImported: titles.length,
        lawsSkipped: skipped.length,
        importSec: round(importSec, 2),
        ...clock.phases(),
        peakRssAfterBuildMb: Math.round(rssAfterBuild),
        questions: questions.length,
        qualitySets: [...qualitySets].join(','),
        answerable: quality.answerable,
        answeredRight: quality.answeredRight,
        outOfScope: quality.outOfScope,
        outOfScopeAnswered: quality.outOfScopeAnswered,
        recallMin: round(recall.minRecall, 3),
        recallStrict: round(recall.strictRecall, 3),
        exactSearchP95Ms: round(recall.exactP95Ms, 2),
        ticketsOpened: ask.ticketsOpened,
        ...latencyDetails('engine', engine.timings),
        ...latencyDetails('ask', ask.timings),
      },
    };
  } finally {
    ws.dispose();
  }
}
