/**
 * `guanbot faq import FILE [--dry-run] [--json] | export FILE | template FILE`: an office's Q&A spreadsheet
 * (.xlsx or .csv) in and out of the corpus. An import writes the good rows and rebuilds the index (incrementally)
 * so they are answered at once; bad rows are listed as 第N行：说明 and make the command exit non-zero.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { messages } from '../../messages/index.ts';
import { CliError } from '../errors.ts';
import { localToday } from '../../time/index.ts';
import type { FaqImportReport } from '../../corpus/faq/index.ts';

const t = messages('corpus');
const help = messages('cli');

/** The configuration and the FAQ module, imported when a command runs (keeps `guanbot --help` fast). */
async function load() {
  const [{ loadConfig }, faq] = await Promise.all([import('../../config.ts'), import('../../corpus/faq/index.ts')]);
  return { config: loadConfig(), faq };
}

/** The report in words: what was imported, skipped and should be checked (stdout); bad rows go to stderr. */
function describe(report: FaqImportReport, formatRow: (p: { row: number; message: string }) => string): string {
  const lines: string[] = [];
  if (report.imported.length) {
    lines.push(t(report.dryRun ? 'faq.dryRun' : 'faq.imported', { count: report.imported.length }));
    for (const r of report.imported) lines.push(t('faq.importedLine', { row: r.row, file: r.file, question: r.question }));
  } else lines.push(t('faq.nothing'));
  if (report.skipped.length) lines.push(t('faq.skipped', { count: report.skipped.length }), ...report.skipped.map(formatRow));
  if (report.warnings.length) lines.push(t('faq.warnings', { count: report.warnings.length }), ...report.warnings.map(formatRow));
  return lines.join('\n');
}

export function register(program: Command): void {
  const faq = program.command('faq').description(help('help.faq.description'));

  faq
    .command('import <file>')
    .description(help('help.faq.import.description'))
    .option('--dry-run', help('help.faq.import.dryRun'))
    .option('--json', help('help.faq.import.json'))
    .action(async (file: string, opts: { dryRun?: boolean; json?: boolean }) => {
      const { config, faq: m } = await load();
      if (!m.faqFormatOf(file)) throw new CliError(t('faq.badFormat', { file }));
      if (!fs.existsSync(file)) throw new CliError(t('faq.notFound', { file }));
      let report: FaqImportReport;
      try {
        report = await m.importFaqFile(config.corpusDir, fs.readFileSync(file), path.basename(file), { dryRun: opts.dryRun, today: localToday(config.timezone) });
      } catch (err) {
        if (err instanceof m.FaqFileError) throw new CliError(err.message);
        throw err;
      }
      let index = null;
      if (report.imported.length && !opts.dryRun) {
        const [{ buildIndex }, { createLogger }] = await Promise.all([import('../../answer/index.ts'), import('../../log.ts')]);
        const summary = await buildIndex(config, { log: createLogger({ logLevel: 'warn' }) });
        index = { docs: summary.docs, chunks: summary.chunks, embedded: summary.embedded, reused: summary.reused, ms: summary.ms, embedder: summary.embedder };
      }
      if (opts.json) process.stdout.write(`${JSON.stringify({ ...report, index })}\n`);
      else {
        process.stdout.write(`${describe(report, m.formatRowProblem)}\n`);
        if (index) process.stdout.write(`${help('index.done', index)}\n`);
      }
      if (report.errors.length) {
        throw new CliError(`${t('faq.failed', { count: report.errors.length })}\n${report.errors.map(m.formatRowProblem).join('\n')}`);
      }
    });

  faq
    .command('export <file>')
    .description(help('help.faq.export.description'))
    .action(async (file: string) => {
      const { config, faq: m } = await load();
      const format = m.faqFormatOf(file);
      if (!format) throw new CliError(t('faq.exportFormat', { file }));
      const rows = m.faqRowsOf(config.corpusDir);
      fs.writeFileSync(file, format === 'csv' ? m.faqCsv(rows) : await m.faqWorkbook(rows));
      process.stdout.write(`${t('faq.exported', { count: rows.length, file })}\n`);
    });

  faq
    .command('template <file>')
    .description(help('help.faq.template.description'))
    .action(async (file: string) => {
      const { faq: m } = await load();
      if (m.faqFormatOf(file) !== 'xlsx') throw new CliError(t('faq.templateFormat', { file }));
      fs.writeFileSync(file, await m.faqTemplate());
      process.stdout.write(`${t('faq.template', { file })}\n`);
    });
}
