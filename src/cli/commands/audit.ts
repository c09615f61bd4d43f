/**
 * `guanbot audit list|export`: the staff audit log (console and command-line
 * actions, logins included) in Chinese, filtered by operator, action and date;
 * as a table, as JSON, or exported to XLSX/CSV like the console's download.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { messages } from '../../messages/index.ts';
import { CliError, positiveInteger } from '../errors.ts';
import { printOut, terminalSafeJson } from '../terminal.ts';
import type { AuditFilterInput, AuditView } from '../../channels/web/staff/index.ts';

const t = messages('web');

interface FilterOptions {
  since?: string;
  until?: string;
  actor?: string;
  action?: string;
  limit?: string;
}

/** The entries matching the options, rendered; bad dates and limits are refused in Chinese. */
async function select(opts: FilterOptions, defaultLimit: number): Promise<AuditView[]> {
  const [{ openStaffStore, parseAuditFilter, viewAuditEntry, AuditFilterError }, { loadConfig }] = await Promise.all([
    import('../../channels/web/staff/index.ts'),
    import('../../config.ts'),
  ]);
  const config = loadConfig();
  const tr = messages('web', config.promptsDir);
  const limit = opts.limit === undefined ? defaultLimit : positiveInteger(opts.limit, (typed) => tr('audit.errors.badLimit', { limit: typed }));
  const input: AuditFilterInput = { since: opts.since, until: opts.until, actor: opts.actor, action: opts.action, limit };
  const store = openStaffStore(config.dbPath);
  try {
    const filter = parseAuditFilter(tr, config.timezone, input);
    return store.audit.list(filter).map((e) => viewAuditEntry(tr, config.timezone, e));
  } catch (err) {
    throw err instanceof AuditFilterError ? new CliError(err.message) : err;
  } finally {
    store.close();
  }
}

function filterOptions(command: Command): Command {
  return command
    .option('--since <date>', t('audit.cli.since'))
    .option('--until <date>', t('audit.cli.until'))
    .option('--actor <name>', t('audit.cli.actor'))
    .option('--action <code>', t('audit.cli.action'))
    .option('--limit <n>', t('audit.cli.limit'));
}

export function register(program: Command): void {
  const audit = program.command('audit').description(t('audit.cli.description'));

  filterOptions(audit.command('list').description(t('audit.cli.listDescription')))
    .option('--json', t('audit.cli.json'))
    .action(async (opts: FilterOptions & { json?: boolean }) => {
      const views = await select(opts, 100);
      if (opts.json) return printOut(terminalSafeJson(views));
      if (views.length === 0) return printOut(t('audit.cli.none'));
      const [{ renderTable }, { auditHeaders, auditCells }] = await Promise.all([import('../../desk/render.ts'), import('../../channels/web/staff/index.ts')]);
      printOut(`${renderTable(auditHeaders(t), views.map(auditCells))}\n${t('audit.cli.total', { count: views.length })}`);
    });

  filterOptions(audit.command('export').description(t('audit.cli.exportDescription')))
    .requiredOption('--out <file>', t('audit.cli.out'))
    .action(async (opts: FilterOptions & { out: string }) => {
      const format = path.extname(opts.out).toLowerCase().slice(1);
      if (format !== 'xlsx' && format !== 'csv') throw new CliError(t('audit.cli.badFormat'));
      const views = await select(opts, 100_000);
      const { exportAudit } = await import('../../channels/web/staff/index.ts');
      const file = await exportAudit(t, views, format);
      fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
      fs.writeFileSync(opts.out, file.bytes);
      printOut(t('audit.cli.exported', { count: views.length, file: path.resolve(opts.out) }));
    });
}
