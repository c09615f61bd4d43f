/** `guanbot ticket TICKET`: what a citizen sees for a ticket (status and, once answered, the reply). */
import type { Command } from 'commander';
import { CliError } from '../errors.ts';
import { messages } from '../../messages/index.ts';
import { withDesk } from './messages.ts';
import { printOut, terminalSafeJson } from '../terminal.ts';

/** Command and option descriptions; the desk's own messages (`t` below) come with the desk. */
const help = messages('cli');

export function register(program: Command): void {
  program
    .command('ticket <ticket>')
    .description(help('help.ticket.description'))
    .option('--json', help('help.options.json'))
    .action((ticket: string, opts: { json?: boolean }) =>
      withDesk((desk, { config, t, lib }) => {
        const item = desk.getItem(ticket);
        if (!item) throw new CliError(t('errors.ticketNotFound', { ticket }));
        const text = opts.json ? terminalSafeJson(item) : lib.renderTicketForCitizen({ t, timeZone: config.timezone }, item);
        printOut(text);
        // A 👎 ticket names the answer it is about (masked), so the reader knows what was judged.
        const rejected = opts.json ? null : desk.getFullItem(ticket)?.rejected;
        if (rejected) printOut(`\n${t('ticket.rejected')}\n${rejected.answer}`);
      }),
    );
}
