/** The bench's helpers: inputs, temp corpora, questions, timing, quality, recall, statistics and the results table. */
export { REPO_ROOT, defaultInputs, type BenchInputs } from './paths.ts';
export { copyCorpus, importRegulation, importLaws, editOneDocument, listMarkdown, firstDate } from './corpus.ts';
export { loadEvalQuestions, loadEvalStream, evalFiles, lawQuestions, mixedQuestions, type StreamQuestion } from './questions.ts';
export { percentile, latencySummary, spread, peakRssMb } from './stats.ts';
export { timeEach, firstPassEngine, firstPassAsk, latencyMetrics, latencyDetails, PhaseClock, round, SEEDED_OPEN_ITEMS, type AnswerTimings } from './measure.ts';
export { seedOpenItems } from './seed.ts';
export { scoreAnswers, type QualityScore } from './quality.ts';
export { measureRecall, exactTopK, allScores, recallOf, RECALL_K, type RecallReport } from './recall.ts';
export { aggregate, benchSection, formatTable, tableRow, verdictLine, COLUMNS } from './table.ts';
export type { AggregateRow, Metric, ScenarioOutcome, ScenarioResult, Target } from './result.ts';
