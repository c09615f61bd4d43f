/**
 * `guanbot messages …`: the staff side of website messages (网站留言) on the
 * command line. All but `promote` open only the desk database, so they start fast;
 * the desk module itself is imported only when a command runs. Actions name
 * their operator with `--as`: an existing staff account whose role allows the
 * action, recorded in the audit log just like the console's actions.
 */
import type { Command } from 'commander';
import { CAPABILITY, type Capability } from '../../channels/web/staff/roles.ts';
import type { StaffAccount, StaffStore } from '../../channels/web/staff/index.ts';
import type { Config } from '../../config.ts';
import { CliError, positiveInteger } from '../errors.ts';
import { confirm, printOut, terminalSafeJson } from '../terminal.ts';
import type { deskMessages, Desk, Item, ItemKind, ItemStatus } from '../../desk/index.ts';
// Taken from the desk's own small modules rather than its index: option help needs them at start-up, and the
// index loads SQLite and the spreadsheet writer.
import { ITEM_KINDS, ITEM_STATUSES } from '../../desk/status.ts';
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
    await desk.settled();
    desk.closeDb();
  }
}

/** DeskError (Chinese message) → CliError; anything else passes through. */
export function asCliError(err: unknown): unknown {
  return err instanceof DeskError ? new CliError(err.message) : err;
}

/** The staff member acting on the command line, and the audit log their actions go to. */
export interface Operator {
  account: StaffAccount;
  /** Appends an audit entry under the operator's name (no address: it reads as a command-line action). */
  record(action: string, opts?: { target?: string | null; detail?: unknown }): void;
  /** The staff accounts (to check an assignee or a department). */
  staff: StaffStore;
}

/**
 * Runs `task` as the staff member `as` (`--as NAME`): an existing, enabled account whose role has
 * `capability`, else a CliError that says what to do (create an account, pick another, …).
 */
export async function withOperator<T>(as: string | undefined, capability: Capability, task: (op: Operator) => T | Promise<T>): Promise<T> {
  const [{ openStaffStore, resolveOperator, OperatorError }, { loadConfig }] = await Promise.all([import('../../channels/web/staff/index.ts'), import('../../config.ts')]);
  const config = loadConfig();
  const store = openStaffStore(config.dbPath);
  try {
    let account: StaffAccount;
    try {
      account = resolveOperator(store.accounts, messageTable('web', config.promptsDir), as, capability);
    } catch (err) {
      throw err instanceof OperatorError ? new CliError(err.message) : err;
    }
    return await task({ account, staff: store, record: (action, opts = {}) => store.audit.record(account.name, action, opts) });
  } finally {
    store.close();
  }
}

/** Refuses an assignee that is not an enabled staff account (as the console does). */
function requireAssignee(op: Operator, name: string): void {
  const web = messageTable('web');
  const account = op.staff.accounts.get(name.trim());
  if (!account || account.disabled) {
    const names = op.staff.accounts.list().filter((a) => !a.disabled).map((a) => a.name).join('、');
    throw new CliError(web('staff.operator.assigneeUnknown', { name: name.trim(), names }));
  }
}

/** Refuses a department no enabled staff member belongs to (a typo would create a department nobody reads). */
function requireDepartment(op: Operator, department: string): void {
  const departments = op.staff.accounts.departments();
  if (!departments.includes(department.trim())) {
    throw new CliError(messageTable('web')('staff.operator.departmentUnknown', { department: department.trim(), departments: departments.join('、') || '—' }));
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
        const limit = opts.limit === undefined ? undefined : positiveInteger(opts.limit, (typed) => t('errors.badLimit', { limit: typed }));
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
    .command('assign <ticket> [name]')
    .description(help('help.messages.assign'))
    .option('--department <department>', help('help.messages.department'))
    .option('--as <name>', help('help.messages.as'))
    .action((ticket: string, name: string | undefined, opts: { as?: string; department?: string }) =>
      withOperator(opts.as, CAPABILITY.deskAct, (op) =>
        withDesk((desk, { t }) => {
          if (!name?.trim() && !opts.department?.trim()) throw new CliError(t('errors.assignNeedsTarget'));
          if (name?.trim()) requireAssignee(op, name);
          if (opts.department?.trim()) requireDepartment(op, opts.department);
          if (opts.department?.trim()) {
            const item = desk.assignDepartment(ticket, opts.department.trim(), op.account.name);
            op.record('item.department', { target: item.ticket, detail: { department: item.department } });
            print(t('cli.assignedDepartment', { ticket: item.ticket, department: item.department }));
          }
          if (name?.trim()) {
            const item = desk.assign(ticket, name.trim(), op.account.name);
            op.record('item.assign', { target: item.ticket, detail: { assignee: item.assignee } });
            print(t('cli.assigned', { ticket: item.ticket, name: item.assignee }));
          }
        }),
      ),
    );

  messages
    .command('reply <ticket> [text]')
    .description(help('help.messages.reply.description'))
    .option('--use-suggestion', help('help.messages.reply.useSuggestion'))
    .option('--as <name>', help('help.messages.reply.as'))
    .option('--only', help('help.messages.reply.only'))
    .option('-y, --yes', help('help.messages.reply.yes'))
    .action((ticket: string, given: string | undefined, opts: { as?: string; only?: boolean; yes?: boolean; useSuggestion?: boolean }) =>
      withOperator(opts.as, CAPABILITY.deskAct, (op) => withDesk(async (desk, { config, t, lib }) => {
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
        const item = desk.reply(ticket, text, op.account.name, { alsoTo });
        op.record('item.reply', { target: item.ticket, detail: { chars: text.trim().length, alsoTo } });
        print(alsoTo.length ? t('cli.repliedGroup', { ticket: item.ticket, others: alsoTo.join('、') }) : t('cli.replied', { ticket: item.ticket }));
        if (opts.only && plan.alsoTo.length) print(t('cli.replyPlan.only', { ticket: item.ticket, others: plan.alsoTo.map((s) => s.ticket).join('、') }));
        const queued = [item.ticket, ...alsoTo].filter((tk) => desk.getFullItem(tk)?.delivery.state === 'pending').length;
        if (queued > 0) print(t('cli.queued', { count: queued }));
      })),
    );

  messages
    .command('close <ticket>')
    .description(help('help.messages.close.description'))
    .option('--reason <reason>', help('help.messages.close.reason'))
    .option('--as <name>', help('help.messages.as'))
    .action((ticket: string, opts: { reason?: string; as?: string }) =>
      withOperator(opts.as, CAPABILITY.deskAct, (op) =>
        withDesk((desk, { t }) => {
          if (!opts.reason?.trim()) throw new CliError(t('errors.empty.reason'));
          const item = desk.close(ticket, opts.reason, op.account.name);
          op.record('item.close', { target: item.ticket, detail: { reason: opts.reason.trim() } });
          print(t('cli.closed', { ticket: item.ticket, reason: item.closeReason }));
        }),
      ),
    );

  messages
    .command('promote <ticket>')
    .description(help('help.messages.promote.description'))
    .option('--question <text>', help('help.messages.promote.question'))
    .option('--answer <text>', help('help.messages.promote.answer'))
    .option('-y, --yes', help('help.messages.promote.yes'))
    .option('--as <name>', help('help.messages.as'))
    .action((ticket: string, opts: { question?: string; answer?: string; yes?: boolean; as?: string }) =>
      withOperator(opts.as, CAPABILITY.faqPromote, async (op) => {
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
          const result = await promoteToFaq(app, ticket, op.account.name, edits);
          op.record('item.promote', { target: result.item.ticket, detail: { faqId: result.faqId } });
          print(t('cli.promoted', { ticket: result.item.ticket, faqId: result.faqId, file: result.file }));
          if (result.learned) print(result.learned.message);
        } catch (err) {
          throw asCliError(err);
        } finally {
          await app.close();
        }
      }),
    );
}
