/**
 * The evaluation: the built-in corpus plus the regulation imported the way
 * staff do it (`guanbot corpus add`), in a temporary folder, asked every
 * labelled question. Reports answerable hit rate, out-of-scope abstention,
 * MRR and latency; `calibrate` derives the one fixed resolve threshold.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { readEvalSet, type EvalQuestion } from './dataset.ts';
import { calibrateThreshold, percentile, reciprocalRank, satisfies, type Outcome } from './score.ts';

export interface EvalOptions {
  /** Labelled sets, each reported on its own; they share one workspace and index. */
  setFiles: string[];
  /** Extra documents imported with `guanbot corpus add --type 法规` before indexing. */
  imports: string[];
  /** Derive the threshold (ignoring the configured one) and report at it; with one set only. */
  calibrate?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface EvalCase {
  id: string;
  question: string;
  answerable: boolean;
  resolved: boolean;
  pass: boolean;
  confidence: number;
  rr: number | null;
  ms: number;
  kind: string;
  top: string | null;
}

export interface EvalReport {
  questions: number;
  answerable: number;
  outOfScope: number;
  hitRate: number;
  abstention: number;
  mrr: number;
  p50Ms: number;
  p95Ms: number;
  threshold: number;
  calibrated: { threshold: number; hits: number; abstained: number } | null;
  embedder: string;
  generator: Record<string, number> | null;
  cases: EvalCase[];
}

const projectRoot = path.resolve(new URL('../..', import.meta.url).pathname);

/** Copies the corpus into a temp folder and imports the extra documents through the real CLI. */
function prepareWorkspace(base: Config, imports: string[], env: NodeJS.ProcessEnv): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-eval-'));
  fs.cpSync(base.corpusDir, path.join(dir, 'corpus'), { recursive: true });
  const childEnv = { ...env, GUANBOT_CORPUS_DIR: path.join(dir, 'corpus'), GUANBOT_DATA_DIR: path.join(dir, 'data'), GUANBOT_LOG_LEVEL: 'warn' };
  for (const file of imports) {
    execFileSync(process.execPath, [path.join(projectRoot, 'bin/guanbot.mjs'), 'corpus', 'add', file, '--type', '法规'], { env: childEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return { dir, env: childEnv };
}

/** Asks every question; `withPassages` also ranks the passages (for MRR), which the calibration pass does not need. */
async function askAll(config: Config, questions: EvalQuestion[], withPassages = true) {
  const app = await createApp({ config, log: createLogger({ logLevel: 'warn' }) });
  try {
    const rows = [];
    for (const q of questions) {
      const started = performance.now();
      const r = await app.ask(q.q, { channel: 'cli', record: false });
      const ms = performance.now() - started;
      const passages = withPassages ? (await app.engine.explain(q.q, 10)).passages : [];
      rows.push({ q, r, ms, passages });
    }
    return { rows, threshold: app.engine.threshold, generator: app.generator?.stats?.() ?? null };
  } finally {
    await app.close();
  }
}

/** Evaluates each set in one workspace (the corpus copied and the imports added once); one report a set, in order. */
export async function runEval(opts: EvalOptions): Promise<EvalReport[]> {
  const env = opts.env ?? process.env;
  const sets = opts.setFiles.map(readEvalSet);
  const ws = prepareWorkspace(loadConfig(env), opts.imports, env);
  try {
    const reports: EvalReport[] = [];
    for (const questions of sets) reports.push(await evaluate(questions, ws.env, Boolean(opts.calibrate)));
    return reports;
  } finally {
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
}

/** One set's report: optionally calibrates at threshold 0 first, then asks at the (calibrated) threshold. */
async function evaluate(questions: EvalQuestion[], env: NodeJS.ProcessEnv, calibrate: boolean): Promise<EvalReport> {
  let calibrated: EvalReport['calibrated'] = null;
  let config = loadConfig(env);
  if (calibrate) {
    // Ask at threshold 0 so that every question shows what it would answer, then pick the threshold.
    const open = await askAll(loadConfig({ ...env, GUANBOT_RESOLVE_THRESHOLD: '0' }), questions, false);
    const outcomes: Outcome[] = open.rows.map(({ q, r }) => ({
      answerable: q.expect !== null,
      confidence: r.confidence.score,
      shownOk: q.expect !== null && satisfies(shownText(r), q.expect),
    }));
    calibrated = calibrateThreshold(outcomes);
    config = loadConfig({ ...env, GUANBOT_RESOLVE_THRESHOLD: String(calibrated.threshold) });
  }
  const { rows, threshold, generator } = await askAll(config, questions);
  const cases: EvalCase[] = rows.map(({ q, r, ms, passages }) => {
    const answerable = q.expect !== null;
    const pass = answerable ? r.resolved && satisfies(shownText(r), q.expect!) : !r.resolved;
    return {
      id: q.id,
      question: q.q,
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
  return {
    questions: cases.length,
    answerable: ans.length,
    outOfScope: oos.length,
    hitRate: ratio(ans.filter((c) => c.pass).length, ans.length),
    abstention: ratio(oos.filter((c) => c.pass).length, oos.length),
    mrr: ratio(ans.reduce((s, c) => s + (c.rr ?? 0), 0), ans.length),
    p50Ms: percentile(cases.map((c) => c.ms), 50),
    p95Ms: percentile(cases.map((c) => c.ms), 95),
    threshold,
    calibrated,
    embedder: config.embed.kind,
    generator,
    cases,
  };
}

/** What the citizen is shown: the answer and the cited passages. */
function shownText(r: { answer: string; citations: { text: string }[] }): string {
  return [r.answer, ...r.citations.map((c) => c.text)].join('\n');
}
