/** `guanbot eval` (npm run eval): answer quality on the labelled set, printed as a table. The evaluator loads on use. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { EvalReport } from '../../eval/run.ts';
import { messages } from '../../messages/index.ts';
import { CliError } from '../errors.ts';

const root = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const DEFAULT_SET = path.join(root, 'eval/questions.jsonl');
const DEFAULT_IMPORT = path.resolve(root, '../shared/sources/gov-info-disclosure-regulation-2019.md');
const DEFAULT_LAWS = path.resolve(root, '../shared/bench/laws');

const t = messages('cli');

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const ratio = (n: number, of: number) => (of ? `${n}/${of} (${pct(n / of)})` : '-');

/** One set: a row per kind of question, the totals, and the same with the laws added when measured. */
function printSet(name: string, r: EvalReport, verbose: boolean): void {
  const s = r.scale;
  const head = ['kind', 'questions', 'passed', ...(s ? [`with ${s.passages} passages (+laws)`] : [])];
  const scaleKind = (kind: string) => s?.byKind.find((k) => k.kind === kind);
  const rows = [
    head,
    ...r.byKind.map((k) => [k.kind, String(k.questions), ratio(k.passed, k.questions), ...(s ? [ratio(scaleKind(k.kind)?.passed ?? 0, k.questions)] : [])]),
    ['answerable', String(r.answerable), ratio(Math.round(r.hitRate * r.answerable), r.answerable), ...(s ? [ratio(Math.round(s.hitRate * s.answerable), s.answerable)] : [])],
    ['false answers', String(r.outOfScope), ratio(Math.round(r.falseAnswers * r.outOfScope), r.outOfScope), ...(s ? [ratio(Math.round(s.falseAnswers * s.outOfScope), s.outOfScope)] : [])],
  ];
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
  process.stdout.write(`\n${name}: ${r.questions} questions, MRR ${r.mrr.toFixed(3)}, threshold ${r.threshold}, embedder ${r.embedder}, p50/p95 ${r.p50Ms.toFixed(1)}/${r.p95Ms.toFixed(1)} ms`);
  if (s) process.stdout.write(`; with laws: MRR ${s.mrr.toFixed(3)}, threshold ${s.threshold}, p50/p95 ${s.p50Ms.toFixed(1)}/${s.p95Ms.toFixed(1)} ms`);
  process.stdout.write(`\n${rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n')}\n`);
  if (r.generator) {
    const g = r.generator;
    process.stdout.write(`generated answers passed grounding: ${g.passed ?? 0}/${g.attempts ?? 0} (failed grounding ${g.failedGrounding ?? 0}, errors ${g.errors ?? 0}, skipped by breaker ${g.skippedByBreaker ?? 0})\n`);
  }
  printFailures(r.cases, verbose, '');
  if (s) printFailures(s.cases, false, 'with laws, ');
}

function printFailures(cases: EvalReport['cases'], verbose: boolean, prefix: string): void {
  const failures = cases.filter((c) => !c.pass);
  if (failures.length) {
    process.stdout.write(`${prefix}failures (${failures.length}):\n`);
    for (const c of failures) {
      process.stdout.write(`  ${c.id} ${c.questionKind} resolved=${c.resolved} conf=${c.confidence} rr=${c.rr ?? '-'} top=${c.top} ${c.question}\n`);
    }
  }
  if (verbose) for (const c of cases) process.stdout.write(`  ${c.pass ? 'ok ' : 'BAD'} ${c.id} ${c.kind} conf=${c.confidence} ${c.question}\n`);
}

export function register(program: Command): void {
  program
    .command('eval')
    .description(t('help.eval.description'))
    .option('--set <file...>', t('help.eval.set'), [DEFAULT_SET])
    .option('--import <file...>', t('help.eval.import'), [DEFAULT_IMPORT])
    .option('--scale', t('help.eval.scale'))
    .option('--laws <dir>', t('help.eval.laws'), DEFAULT_LAWS)
    .option('--json', t('help.eval.json'))
    .option('--verbose', t('help.eval.verbose'))
    .option('--min-hit <ratio>', t('help.eval.minHit'), parseFloat)
    .option('--min-abstention <ratio>', t('help.eval.minAbstention'), parseFloat)
    .action(async (opts: { set: string[]; import: string[]; scale?: boolean; laws: string; json?: boolean; verbose?: boolean; minHit?: number; minAbstention?: number }) => {
      for (const f of [...opts.set, ...opts.import, ...(opts.scale ? [opts.laws] : [])]) if (!fs.existsSync(f)) throw new CliError(t('eval.setMissing', { file: f }));
      const { runEval } = await import('../../eval/run.ts');
      const results = await runEval({ setFiles: opts.set, imports: opts.import, lawsDir: opts.scale ? opts.laws : undefined });
      // runEval returns one report per set file, in order.
      const reports = results.map((r, i): [string, EvalReport] => [path.relative(root, path.resolve(opts.set[i]!)), r]);
      if (opts.json) for (const [, r] of reports) process.stdout.write(`${JSON.stringify(r)}\n`);
      else for (const [name, r] of reports) printSet(name, r, Boolean(opts.verbose));
      const missed = (r: EvalReport) => (opts.minHit !== undefined && r.hitRate < opts.minHit) || (opts.minAbstention !== undefined && r.abstention < opts.minAbstention);
      if (reports.some(([, r]) => missed(r))) process.exitCode = 1;
    });
}
