/**
 * The evaluation: the built-in corpus plus the regulation imported the way
 * staff do it (`guanbot corpus add`), in a temporary folder, asked every
 * labelled question. Reports answerable hit rate, out-of-scope abstention,
 * MRR and latency, per kind of question; with `lawsDir`, the same questions
 * again on a corpus with the 830 laws added (the scale row).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { importLaws } from '../corpus/index.ts';
import { createLogger } from '../log.ts';
import { readEvalSet, kindOf, type EvalQuestion } from './dataset.ts';
import { percentile, reciprocalRank, satisfies } from './score.ts';

export interface EvalOptions {
  /** Labelled sets, each reported on its own; they share one workspace and index. */
  setFiles: string[];
  /** Extra documents imported with `guanbot corpus add --type 法规` before indexing. */
  imports: string[];
  /** A folder of laws added for the scale row (../shared/bench/laws); none: no scale row. */
  lawsDir?: string;
  env?: NodeJS.ProcessEnv;
}

export interface EvalCase {
  id: string;
  question: string;
  /** Kind of question (fact, table, colloquial, procedure, two-part, out-of-scope). */
  questionKind: string;
  answerable: boolean;
  resolved: boolean;
  pass: boolean;
  confidence: number;
  rr: number | null;
  ms: number;
  /** Kind of reply (answer, faq, unresolved, smalltalk). */
  kind: string;
  top: string | null;
}

/** Passed / asked for one kind of question. */
export interface KindScore {
  kind: string;
  questions: number;
  passed: number;
}

export interface Scores {
  questions: number;
  answerable: number;
  outOfScope: number;
  hitRate: number;
  abstention: number;
  /** Out-of-scope questions answered (1 − abstention), the false-answer rate. */
  falseAnswers: number;
  mrr: number;
  p50Ms: number;
  p95Ms: number;
  byKind: KindScore[];
  cases: EvalCase[];
}

export interface EvalReport extends Scores {
  threshold: number;
  embedder: string;
  generator: Record<string, number> | null;
  /** The same questions with the laws added, when asked for. */
  scale: (Scores & { passages: number; threshold: number }) | null;
}

const projectRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const KIND_ORDER = ['fact', 'table', 'colloquial', 'procedure', 'two-part', 'out-of-scope'];

/** Copies the corpus into a temp folder and imports the extra documents through the real CLI. */
function prepareWorkspace(base: Config, imports: string[], env: NodeJS.ProcessEnv, lawsDir?: string): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-eval-'));
  const corpusDir = path.join(dir, 'corpus');
  fs.cpSync(base.corpusDir, corpusDir, { recursive: true });
  const childEnv = { ...env, GUANBOT_CORPUS_DIR: corpusDir, GUANBOT_DATA_DIR: path.join(dir, 'data'), GUANBOT_LOG_LEVEL: 'warn' };
  for (const file of imports) {
    execFileSync(process.execPath, [path.join(projectRoot, 'bin/guanbot.mjs'), 'corpus', 'add', file, '--type', '法规'], { env: childEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (lawsDir) importLaws(corpusDir, lawsDir);
  return { dir, env: childEnv };
}

/** Asks every question and ranks its passages (for MRR). */
async function askAll(config: Config, questions: EvalQuestion[]) {
  const app = await createApp({ config, log: createLogger({ logLevel: 'warn' }) });
  try {
    const rows = [];
    for (const q of questions) {
      const started = performance.now();
      const r = await app.ask(q.q, { channel: 'cli', record: false });
      const ms = performance.now() - started;
      const passages = (await app.engine.explain(q.q, 10)).passages;
      rows.push({ q, r, ms, passages });
    }
    return { rows, threshold: app.engine.threshold, generator: app.generator?.stats?.() ?? null, passages: app.engine.passageCount };
  } finally {
    await app.close();
  }
}

/** Evaluates each set in one workspace (the corpus copied and the imports added once); one report a set, in order. */
export async function runEval(opts: EvalOptions): Promise<EvalReport[]> {
  const env = opts.env ?? process.env;
  const sets = opts.setFiles.map(readEvalSet);
  const base = loadConfig(env);
  const ws = prepareWorkspace(base, opts.imports, env);
  const scaleWs = opts.lawsDir ? prepareWorkspace(base, opts.imports, env, opts.lawsDir) : null;
  try {
    const reports: EvalReport[] = [];
    for (const questions of sets) {
      const config = loadConfig(ws.env);
      const { rows, threshold, generator } = await askAll(config, questions);
      let scale: EvalReport['scale'] = null;
      if (scaleWs) {
        const big = await askAll(loadConfig(scaleWs.env), questions);
        scale = { ...score(big.rows), passages: big.passages, threshold: big.threshold };
      }
      reports.push({ ...score(rows), threshold, embedder: config.embed.kind, generator, scale });
    }
    return reports;
  } finally {
    fs.rmSync(ws.dir, { recursive: true, force: true });
    if (scaleWs) fs.rmSync(scaleWs.dir, { recursive: true, force: true });
  }
}

type Row = Awaited<ReturnType<typeof askAll>>['rows'][number];

/** One run's scores: overall, per kind of question, and each case. */
function score(rows: Row[]): Scores {
  const cases: EvalCase[] = rows.map(({ q, r, ms, passages }) => {
    const answerable = q.expect !== null;
    const pass = answerable ? r.resolved && satisfies(shownText(r), q.expect!) : !r.resolved;
    return {
      id: q.id,
      question: q.q,
      questionKind: kindOf(q),
      answerable,
      resolved: r.resolved,
      pass,
      confidence: r.confidence.score,
      rr: answerable ? reciprocalRank(passages.map((p) => `${p.section}\n${p.text}`), q.expect!) : null,
      ms,
      kind: r.kind,
      top: r.citations[0]?.chunkId ?? passages[0]?.chunkId ?? null,
    };
  });
  const ans = cases.filter((c) => c.answerable);
  const oos = cases.filter((c) => !c.answerable);
  const ratio = (n: number, d: number) => (d ? n / d : 0);
  const kinds = [...new Set(cases.map((c) => c.questionKind))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const byKind = kinds.map((kind) => {
    const of = cases.filter((c) => c.questionKind === kind);
    return { kind, questions: of.length, passed: of.filter((c) => c.pass).length };
  });
  const abstention = ratio(oos.filter((c) => c.pass).length, oos.length);
  return {
    questions: cases.length,
    answerable: ans.length,
    outOfScope: oos.length,
    hitRate: ratio(ans.filter((c) => c.pass).length, ans.length),
    abstention,
    falseAnswers: oos.length ? 1 - abstention : 0,
    mrr: ratio(ans.reduce((s, c) => s + (c.rr ?? 0), 0), ans.length),
    p50Ms: percentile(cases.map((c) => c.ms), 50),
    p95Ms: percentile(cases.map((c) => c.ms), 95),
    byKind,
    cases,
  };
}

function rank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

/** What the citizen is shown: the answer and the cited passages. */
function shownText(r: { answer: string; citations: { text: string }[] }): string {
  return [r.answer, ...r.citations.map((c) => c.text)].join('\n');
}
