/** `guanbot ticket TICKET`: what a citizen sees for a ticket (status and, once answered, the reply). */
import type { Command } from 'commander';
import { CliError } from '../errors.ts';
import { withDesk } from './messages.ts';

export function register(program: Command): void {
  program
    .command('ticket <ticket>')
    .description('凭留言编号查询办理状态和答复')
    .option('--json', '输出 JSON')
    .action((ticket: string, opts: { json?: boolean }) =>
      withDesk((desk, { config, t, lib }) => {
        const item = desk.getItem(ticket);
        if (!item) throw new CliError(t('errors.ticketNotFound', { ticket }));
        const text = opts.json ? JSON.stringify(item, null, 2) : lib.renderTicketForCitizen({ t, timeZone: config.timezone }, item);
        process.stdout.write(`${text}\n`);
      }),
    );
}
