/** The bench's helpers: inputs, temp corpora, questions, timing, statistics and the results table. */
export { REPO_ROOT, defaultInputs, type BenchInputs } from './paths.ts';
export { copyCorpus, importRegulation, importLaws, editOneDocument, listMarkdown, firstDate } from './corpus.ts';
export { loadEvalQuestions, lawQuestions, mixedQuestions } from './questions.ts';
export { percentile, latencySummary, peakRssMb } from './stats.ts';
export { timeAnswers, measureAnswers, latencyDetails, PhaseClock, round, type Answerer, type AnswerTimings } from './measure.ts';
export { formatTable, tableRow, verdictLine, COLUMNS } from './table.ts';
export type { ScenarioResult, TargetCheck } from './result.ts';
