/** `guanbot export [--week 2026-W48] [--format xlsx|csv] [--out FILE]`: the weekly register of website messages. */
import type { Command } from 'commander';
import { CliError } from '../errors.ts';
import type { ExportFormat } from '../../desk/index.ts';
import { messages } from '../../messages/index.ts';
import { withDesk } from './messages.ts';
import { printOut } from '../terminal.ts';

/** Command and option descriptions; the desk's own messages (`t` below) come with the desk. */
const help = messages('cli');

export function register(program: Command): void {
  program
    .command('export')
    .description(help('help.export.description'))
    .option('--week <week>', help('help.export.week'))
    .option('--format <format>', help('help.export.format'), 'xlsx')
    .option('--out <file>', help('help.export.out'))
    .action((opts: { week?: string; format: string; out?: string }) =>
      withDesk(async (desk, { config, t, lib: { BadWeekError, parseIsoWeek, writeWeeklyExport } }) => {
        const format = opts.format.trim().toLowerCase();
        if (format !== 'xlsx' && format !== 'csv') throw new CliError(t('errors.badFormat', { format: opts.format }));
        let week: ReturnType<typeof parseIsoWeek> | undefined;
        try {
          week = opts.week ? parseIsoWeek(opts.week) : undefined;
        } catch (err) {
          if (!(err instanceof BadWeekError)) throw err;
          throw new CliError(
            err.weeksInYear
              ? t('errors.badWeek', { week: opts.week, year: err.weeksInYear.year, weeks: err.weeksInYear.weeks })
              : t('errors.badWeekFormat', { week: opts.week }),
          );
        }
        const r = await writeWeeklyExport(desk, config, { week, format: format as ExportFormat, out: opts.out });
        printOut(t('cli.exported', { week: r.week, from: r.firstDay, to: r.lastDay, count: r.count, file: r.file }));
      }),
    );
}
