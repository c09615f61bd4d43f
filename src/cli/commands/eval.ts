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

function printReport(r: EvalReport, verbose: boolean): void {
  const rows: [string, string][] = [
    ['questions', String(r.questions)],
    ['answerable hit rate', `${pct(r.hitRate)} (${Math.round(r.hitRate * r.answerable)}/${r.answerable})`],
    ['out-of-scope abstention', `${pct(r.abstention)} (${Math.round(r.abstention * r.outOfScope)}/${r.outOfScope})`],
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
  const failures = r.cases.filter((c) => !c.pass);
  if (failures.length) {
    process.stdout.write(`\nfailures (${failures.length}):\n`);
    for (const c of failures) {
      process.stdout.write(`  ${c.id} ${c.answerable ? 'answerable' : 'out-of-scope'} resolved=${c.resolved} conf=${c.confidence} rr=${c.rr ?? '-'} top=${c.top} ${c.question}\n`);
    }
  }
  if (verbose) for (const c of r.cases) process.stdout.write(`  ${c.pass ? 'ok ' : 'BAD'} ${c.id} ${c.kind} conf=${c.confidence} ${c.question}\n`);
}

export function register(program: Command): void {
  program
    .command('eval')
    .description(t('help.eval.description'))
    .option('--set <file>', t('help.eval.set'), DEFAULT_SET)
    .option('--import <file...>', t('help.eval.import'), [DEFAULT_IMPORT])
    .option('--calibrate', t('help.eval.calibrate'))
    .option('--json', t('help.eval.json'))
    .option('--verbose', t('help.eval.verbose'))
    .option('--min-hit <ratio>', t('help.eval.minHit'), parseFloat)
    .option('--min-abstention <ratio>', t('help.eval.minAbstention'), parseFloat)
    .action(async (opts: { set: string; import: string[]; calibrate?: boolean; json?: boolean; verbose?: boolean; minHit?: number; minAbstention?: number }) => {
      for (const f of [opts.set, ...opts.import]) if (!fs.existsSync(f)) throw new CliError(t('eval.setMissing', { file: f }));
      const { runEval } = await import('../../eval/run.ts');
      const report = await runEval({ setFile: opts.set, imports: opts.import, calibrate: opts.calibrate });
      if (opts.calibrate && report.calibrated) {
        fs.writeFileSync(
          CALIBRATION,
          `${JSON.stringify({ threshold: report.calibrated.threshold, calibratedOn: path.relative(root, opts.set), questions: report.questions, embedder: report.embedder, hits: report.calibrated.hits, abstained: report.calibrated.abstained }, null, 2)}\n`,
        );
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else printReport(report, Boolean(opts.verbose));
      if ((opts.minHit !== undefined && report.hitRate < opts.minHit) || (opts.minAbstention !== undefined && report.abstention < opts.minAbstention)) {
        process.exitCode = 1;
      }
    });
}
