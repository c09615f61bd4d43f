/**
 * `guanbot messages …`: the staff side of website messages (网站留言) on the
 * command line. All but `promote` open only the desk database, so they start fast;
 * the desk module itself is imported only when a command runs.
 */
import os from 'node:os';
import type { Command } from 'commander';
import type { Config } from '../../config.ts';
import { CliError } from '../errors.ts';
import { confirm, printOut, terminalSafeJson } from '../terminal.ts';
import type { deskMessages, Desk, Item, ItemKind, ItemStatus } from '../../desk/index.ts';
// Taken from the desk's own small modules rather than its index: option help needs them at start-up, and the
// index loads SQLite and the spreadsheet writer.
import { ITEM_KINDS, ITEM_STATUSES } from '../../desk/items.ts';
import { DeskError } from '../../desk/errors.ts';
import { messages as messageTable } from '../../messages/index.ts';

/** Command and option descriptions; the desk's own messages (`t` below) come with the desk. */
const help = messageTable('cli');

/** The desk module (src/desk/index.ts), as loaded by `withDesk`. */
export type DeskModule = typeof import('../../desk/index.ts');

type DeskTask<T> = (desk: Desk, ctx: { config: Config; t: ReturnType<typeof deskMessages>; lib: DeskModule }) => T | Promise<T>;

/** Opens the desk for one command, turns desk errors into CLI errors, always closes it. */
export async function withDesk<T>(task: DeskTask<T>): Promise<T> {
  const [lib, { loadConfig }, { createLogger }] = await Promise.all([import('../../desk/index.ts'), import('../../config.ts'), import('../../log.ts')]);
  const config = loadConfig();
  const desk = lib.openDesk(config, createLogger(config));
  try {
    return await task(desk, { config, t: lib.deskMessages(config), lib });
  } catch (err) {
    throw asCliError(err);
  } finally {
    desk.closeDb();
  }
}

/** DeskError (Chinese message) → CliError; anything else passes through. */
export function asCliError(err: unknown): unknown {
  return err instanceof DeskError ? new CliError(err.message) : err;
}

/** The staff member acting: `--as NAME`, else the login name. */
export function actorName(as: string | undefined, t: ReturnType<typeof deskMessages>): string {
  if (as?.trim()) return as.trim();
  try {
    return os.userInfo().username || t('actors.staff');
  } catch {
    return t('actors.staff');
  }
}

/** The JSON form of an item for `--json` (masked question, no raw channel id). */
function itemJson(item: Item, withHistory: boolean) {
  const { history, ...rest } = item;
  return withHistory ? { ...rest, history } : rest;
}

/** Everything printed here may quote citizens' stored text: always terminal-safe. */
const print = printOut;

/** The reply to send: the text given, or with `--use-suggestion` the answer the corpus would now give. */
function replyText(desk: Desk, t: ReturnType<typeof deskMessages>, ticket: string, given: string | undefined, useSuggestion = false): string {
  if (given?.trim() && useSuggestion) throw new CliError(t('errors.replyTextAndSuggestion'));
  if (!useSuggestion) {
    if (!given?.trim()) throw new CliError(t('errors.empty.reply'));
    return given;
  }
  const item = desk.getFullItem(ticket);
  if (!item) throw new CliError(t('errors.ticketNotFound', { ticket }));
  if (!item.suggestion) throw new CliError(t('errors.noSuggestion', { ticket: item.ticket }));
  return item.suggestion.answer;
}

export function register(program: Command): void {
  const messages = program.command('messages').description(help('help.messages.description'));

  messages
    .command('list')
    .description(help('help.messages.list.description'))
    .option('--status <status>', help('help.messages.list.status', { statuses: ITEM_STATUSES.join(' | ') }))
    .option('--kind <kind>', help('help.messages.list.kind', { kinds: ITEM_KINDS.join(' | ') }))
    .option('--since <date>', help('help.messages.list.since'))
    .option('--search <text>', help('help.messages.list.search'))
    .option('--limit <n>', help('help.messages.list.limit'))
    .option('--json', help('help.messages.list.json'))
    .action((opts: { status?: string; kind?: string; since?: string; search?: string; limit?: string; json?: boolean }) =>
      withDesk((desk, { config, t, lib }) => {
        if (opts.status && !ITEM_STATUSES.includes(opts.status as ItemStatus)) {
          throw new CliError(t('errors.badStatus', { status: opts.status, statuses: ITEM_STATUSES.join('、') }));
        }
        if (opts.kind && !ITEM_KINDS.includes(opts.kind as ItemKind)) {
          throw new CliError(t('errors.badKind', { kind: opts.kind, kinds: ITEM_KINDS.join('、') }));
        }
        const limit = opts.limit === undefined ? undefined : Number(opts.limit);
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new CliError(t('errors.badLimit', { limit: opts.limit }));
        const items = desk.listItems({
          status: opts.status as ItemStatus | undefined,
          kind: opts.kind as ItemKind | undefined,
          since: opts.since,
          search: opts.search,
          limit,
        });
        print(opts.json ? terminalSafeJson(items.map((i) => itemJson(i, false))) : lib.renderItemTable({ t, timeZone: config.timezone }, items));
      }),
    );

  messages
    .command('show <ticket>')
    .description(help('help.messages.show.description'))
    .option('--json', help('help.options.json'))
    .option('--unmasked', help('help.messages.show.unmasked'))
    .action((ticket: string, opts: { json?: boolean; unmasked?: boolean }) =>
      withDesk((desk, { config, t, lib }) => {
        const item = desk.getFullItem(ticket, { unmasked: opts.unmasked });
        if (!item) throw new CliError(t('errors.ticketNotFound', { ticket }));
        print(opts.json ? terminalSafeJson(itemJson(item, true)) : lib.renderItemDetail({ t, timeZone: config.timezone }, item));
      }),
    );

  messages
    .command('assign <ticket> <name>')
    .description(help('help.messages.assign'))
    .option('--as <name>', help('help.messages.as'))
    .action((ticket: string, name: string, opts: { as?: string }) =>
      withDesk((desk, { t }) => {
        const item = desk.assign(ticket, name, actorName(opts.as, t));
        print(t('cli.assigned', { ticket: item.ticket, name: item.assignee }));
      }),
    );

  messages
    .command('reply <ticket> [text]')
    .description(help('help.messages.reply.description'))
    .option('--use-suggestion', help('help.messages.reply.useSuggestion'))
    .option('--as <name>', help('help.messages.reply.as'))
    .option('--only', help('help.messages.reply.only'))
    .option('-y, --yes', help('help.messages.reply.yes'))
    .action((ticket: string, given: string | undefined, opts: { as?: string; only?: boolean; yes?: boolean; useSuggestion?: boolean }) =>
      withDesk(async (desk, { config, t, lib }) => {
        const text = replyText(desk, t, ticket, given, opts.useSuggestion);
        // Staff see exactly who else receives this reply before anything is sent.
        const plan = desk.replyPlan(ticket, text);
        const shown = lib.renderReplyPlan({ t, timeZone: config.timezone }, plan);
        if (shown) print(shown);
        const alsoTo = opts.only ? [] : plan.alsoTo.map((s) => s.ticket);
        if (alsoTo.length && !(await confirm(t('cli.replyPlan.confirm'), { yes: opts.yes, refusal: t('errors.needYes') }))) {
          print(t('cli.cancelled'));
          return;
        }
        const item = desk.reply(ticket, text, actorName(opts.as, t), { alsoTo });
        print(alsoTo.length ? t('cli.repliedGroup', { ticket: item.ticket, others: alsoTo.join('、') }) : t('cli.replied', { ticket: item.ticket }));
        if (opts.only && plan.alsoTo.length) print(t('cli.replyPlan.only', { ticket: item.ticket, others: plan.alsoTo.map((s) => s.ticket).join('、') }));
        const queued = [item.ticket, ...alsoTo].filter((tk) => desk.getFullItem(tk)?.delivery.state === 'pending').length;
        if (queued > 0) print(t('cli.queued', { count: queued }));
      }),
    );

  messages
    .command('close <ticket>')
    .description(help('help.messages.close.description'))
    .option('--reason <reason>', help('help.messages.close.reason'))
    .option('--as <name>', help('help.messages.as'))
    .action((ticket: string, opts: { reason?: string; as?: string }) =>
      withDesk((desk, { t }) => {
        if (!opts.reason?.trim()) throw new CliError(t('errors.empty.reason'));
        const item = desk.close(ticket, opts.reason, actorName(opts.as, t));
        print(t('cli.closed', { ticket: item.ticket, reason: item.closeReason }));
      }),
    );

  messages
    .command('promote <ticket>')
    .description(help('help.messages.promote.description'))
    .option('--question <text>', help('help.messages.promote.question'))
    .option('--answer <text>', help('help.messages.promote.answer'))
    .option('-y, --yes', help('help.messages.promote.yes'))
    .option('--as <name>', help('help.messages.as'))
    .action(async (ticket: string, opts: { question?: string; answer?: string; yes?: boolean; as?: string }) => {
      const edits = { question: opts.question, answer: opts.answer };
      // Staff review what will be published (cleaned of personal numbers) before the engine is even loaded.
      const approved = await withDesk(async (desk, { config, t, lib }) => {
        print(lib.renderFaqDraft({ t, timeZone: config.timezone }, lib.draftFaq(desk, config, ticket, edits)));
        const ok = await confirm(t('promote.preview.confirm'), { yes: opts.yes, refusal: t('errors.needYes') });
        if (!ok) print(t('cli.cancelled'));
        return ok;
      });
      if (!approved) return;
      // Needs the engine to reindex: the full app, loaded only for this command.
      const [{ createApp }, { promoteToFaq, deskMessages }, { loadConfig }, { createLogger }] = await Promise.all([
        import('../../app.ts'),
        import('../../desk/index.ts'),
        import('../../config.ts'),
        import('../../log.ts'),
      ]);
      const config = loadConfig();
      const t = deskMessages(config);
      const app = await createApp({ config, log: createLogger(config) });
      try {
        const result = await promoteToFaq(app, ticket, actorName(opts.as, t), edits);
        print(t('cli.promoted', { ticket: result.item.ticket, faqId: result.faqId, file: result.file }));
      } catch (err) {
        throw asCliError(err);
      } finally {
        await app.close();
      }
    });
}
