/** `guanbot eval` (npm run eval): answer quality on the labelled set, printed as a table. The evaluator loads on use. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { EvalReport } from '../../eval/run.ts';
import { messages } from '../../messages/index.ts';
import { CliError } from '../errors.ts';

const root = path.resolve(new URL('../../..', import.meta.url).pathname);
const DEFAULT_SET = path.join(root, 'eval/questions.jsonl');
const DEFAULT_IMPORT = path.resolve(root, '../shared/sources/gov-info-disclosure-regulation-2019.md');
const CALIBRATION = path.join(root, 'src/answer/calibration.json');

const t = messages('cli');

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const count = (rate: number, of: number) => `${Math.round(rate * of)}/${of}`;

/** Several sets: one line each, then each set's failures. */
function printSummary(reports: [string, EvalReport][], verbose: boolean): void {
  const rows = [
    ['set', 'questions', 'answerable hit rate', 'out-of-scope abstention', 'MRR'],
    ...reports.map(([name, r]) => [name, String(r.questions), `${pct(r.hitRate)} (${count(r.hitRate, r.answerable)})`, `${pct(r.abstention)} (${count(r.abstention, r.outOfScope)})`, r.mrr.toFixed(3)]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  process.stdout.write(`${rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n')}\n`);
  process.stdout.write(`threshold ${reports[0][1].threshold}, embedder ${reports[0][1].embedder}\n`);
  for (const [name, r] of reports) printFailures(r, verbose, `${name}: `);
}

function printFailures(r: EvalReport, verbose: boolean, prefix = ''): void {
  const failures = r.cases.filter((c) => !c.pass);
  if (failures.length) {
    process.stdout.write(`\n${prefix}failures (${failures.length}):\n`);
    for (const c of failures) {
      process.stdout.write(`  ${c.id} ${c.answerable ? 'answerable' : 'out-of-scope'} resolved=${c.resolved} conf=${c.confidence} rr=${c.rr ?? '-'} top=${c.top} ${c.question}\n`);
    }
  }
  if (verbose) for (const c of r.cases) process.stdout.write(`  ${c.pass ? 'ok ' : 'BAD'} ${c.id} ${c.kind} conf=${c.confidence} ${c.question}\n`);
}

function printReport(r: EvalReport, verbose: boolean): void {
  const rows: [string, string][] = [
    ['questions', String(r.questions)],
    ['answerable hit rate', `${pct(r.hitRate)} (${count(r.hitRate, r.answerable)})`],
    ['out-of-scope abstention', `${pct(r.abstention)} (${count(r.abstention, r.outOfScope)})`],
    ['MRR (answerable, top 10)', r.mrr.toFixed(3)],
    ['threshold', String(r.threshold)],
    ['embedder', r.embedder],
    ['p50 / p95 per question', `${r.p50Ms.toFixed(1)} ms / ${r.p95Ms.toFixed(1)} ms`],
  ];
  if (r.generator) {
    const g = r.generator;
    rows.push(['generated answers passed grounding', `${g.passed ?? 0}/${g.attempts ?? 0} (failed grounding ${g.failedGrounding ?? 0}, errors ${g.errors ?? 0}, skipped by breaker ${g.skippedByBreaker ?? 0})`]);
  }
  const w = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n')}\n`);
  printFailures(r, verbose);
}

export function register(program: Command): void {
  program
    .command('eval')
    .description(t('help.eval.description'))
    .option('--set <file...>', t('help.eval.set'), [DEFAULT_SET])
    .option('--import <file...>', t('help.eval.import'), [DEFAULT_IMPORT])
    .option('--calibrate', t('help.eval.calibrate'))
    .option('--json', t('help.eval.json'))
    .option('--verbose', t('help.eval.verbose'))
    .option('--min-hit <ratio>', t('help.eval.minHit'), parseFloat)
    .option('--min-abstention <ratio>', t('help.eval.minAbstention'), parseFloat)
    .action(async (opts: { set: string[]; import: string[]; calibrate?: boolean; json?: boolean; verbose?: boolean; minHit?: number; minAbstention?: number }) => {
      for (const f of [...opts.set, ...opts.import]) if (!fs.existsSync(f)) throw new CliError(t('eval.setMissing', { file: f }));
      if (opts.calibrate && opts.set.length > 1) throw new CliError(t('eval.calibrateOneSet'));
      const { runEval } = await import('../../eval/run.ts');
      const results = await runEval({ setFiles: opts.set, imports: opts.import, calibrate: opts.calibrate });
      const reports = results.map((r, i): [string, EvalReport] => [path.relative(root, path.resolve(opts.set[i])), r]);
      const [[setName, first]] = reports;
      if (opts.calibrate && first.calibrated) {
        fs.writeFileSync(
          CALIBRATION,
          `${JSON.stringify({ threshold: first.calibrated.threshold, calibratedOn: setName, questions: first.questions, embedder: first.embedder, hits: first.calibrated.hits, abstained: first.calibrated.abstained }, null, 2)}\n`,
        );
      }
      if (opts.json) for (const [, r] of reports) process.stdout.write(`${JSON.stringify(r)}\n`);
      else if (reports.length === 1) printReport(first, Boolean(opts.verbose));
      else printSummary(reports, Boolean(opts.verbose));
      const missed = (r: EvalReport) => (opts.minHit !== undefined && r.hitRate < opts.minHit) || (opts.minAbstention !== undefined && r.abstention < opts.minAbstention);
      if (reports.some(([, r]) => missed(r))) process.exitCode = 1;
    });
}
