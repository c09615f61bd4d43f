/**
 * `guanbot messages …`: the staff side of website messages (网站留言) on the
 * command line. All but `promote` open only the desk database, so they start fast;
 * the desk module itself is imported only when a command runs.
 */
import os from 'node:os';
import type { Command } from 'commander';
import type { Config } from '../../config.ts';
import { CliError } from '../errors.ts';
import type { deskMessages, Desk, Item, ItemKind, ItemStatus } from '../../desk/index.ts';
// Taken from the desk's own small modules rather than its index: option help needs them at start-up, and the
// index loads SQLite and the spreadsheet writer.
import { ITEM_KINDS, ITEM_STATUSES } from '../../desk/items.ts';
import { DeskError } from '../../desk/errors.ts';

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

const OPEN: ItemStatus[] = ['待处理', '处理中'];
const print = (text: string) => process.stdout.write(`${text}\n`);

export function register(program: Command): void {
  const messages = program.command('messages').description('网站留言（机器人未能解答的问题）的查看与办理');

  messages
    .command('list')
    .description('列出留言（留言内容中的个人信息已遮盖）')
    .option('--status <status>', `按状态筛选：${ITEM_STATUSES.join(' | ')}`)
    .option('--kind <kind>', `按类型筛选：${ITEM_KINDS.join(' | ')}`)
    .option('--since <date>', '只列出此日期（含）以后的留言，如 2026-11-01')
    .option('--search <text>', '按留言内容搜索')
    .option('--limit <n>', '最多列出多少条')
    .option('--json', '输出 JSON 数组')
    .action((opts: { status?: string; kind?: string; since?: string; search?: string; limit?: string; json?: boolean }) =>
      withDesk((desk, { config, t, lib }) => {
        if (opts.status && !ITEM_STATUSES.includes(opts.status as ItemStatus)) {
          throw new CliError(t('errors.badStatus', { status: opts.status, statuses: ITEM_STATUSES.join('、') }));
        }
        if (opts.kind && !ITEM_KINDS.includes(opts.kind as ItemKind)) {
          throw new CliError(t('errors.badKind', { kind: opts.kind, kinds: ITEM_KINDS.join('、') }));
        }
        const limit = opts.limit === undefined ? undefined : Number(opts.limit);
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new CliError(`--limit 须为正整数：${opts.limit}`);
        const items = desk.listItems({
          status: opts.status as ItemStatus | undefined,
          kind: opts.kind as ItemKind | undefined,
          since: opts.since,
          search: opts.search,
          limit,
        });
        print(opts.json ? JSON.stringify(items.map((i) => itemJson(i, false)), null, 2) : lib.renderItemTable({ t, timeZone: config.timezone }, items));
      }),
    );

  messages
    .command('show <ticket>')
    .description('查看一条留言的详情、办理记录和送达情况')
    .option('--json', '输出 JSON')
    .option('--unmasked', '显示未遮盖的原文（仅在保存了原文时有效）')
    .action((ticket: string, opts: { json?: boolean; unmasked?: boolean }) =>
      withDesk((desk, { config, t, lib }) => {
        const item = desk.getFullItem(ticket, { unmasked: opts.unmasked });
        if (!item) throw new CliError(t('errors.ticketNotFound', { ticket }));
        print(opts.json ? JSON.stringify(itemJson(item, true), null, 2) : lib.renderItemDetail({ t, timeZone: config.timezone }, item));
      }),
    );

  messages
    .command('assign <ticket> <name>')
    .description('把留言分派给经办人（状态变为“处理中”）')
    .option('--as <name>', '操作人（默认为当前登录名）')
    .action((ticket: string, name: string, opts: { as?: string }) =>
      withDesk((desk, { t }) => {
        const item = desk.assign(ticket, name, actorName(opts.as, t));
        print(t('cli.assigned', { ticket: item.ticket, name: item.assignee }));
      }),
    );

  messages
    .command('reply <ticket> <text>')
    .description('答复留言；相似留言一并答复，并推送给留言的群众')
    .option('--as <name>', '答复人（默认为当前登录名）')
    .action((ticket: string, text: string, opts: { as?: string }) =>
      withDesk((desk, { t }) => {
        // The open members of the group are answered together with this item.
        const before = desk.getFullItem(ticket);
        const others = (before?.groupTickets ?? []).filter((other) => OPEN.includes(desk.getItem(other)?.status as ItemStatus));
        const item = desk.reply(ticket, text, actorName(opts.as, t));
        print(others.length ? t('cli.repliedGroup', { ticket: item.ticket, others: others.join('、') }) : t('cli.replied', { ticket: item.ticket }));
        const queued = [item.ticket, ...others].filter((tk) => desk.getFullItem(tk)?.delivery.state === 'pending').length;
        if (queued > 0) print(t('cli.queued', { count: queued }));
      }),
    );

  messages
    .command('close <ticket>')
    .description('关闭留言（须写明原因）')
    .option('--reason <reason>', '关闭原因')
    .option('--as <name>', '操作人（默认为当前登录名）')
    .action((ticket: string, opts: { reason?: string; as?: string }) =>
      withDesk((desk, { t }) => {
        if (!opts.reason?.trim()) throw new CliError(t('errors.empty.reason'));
        const item = desk.close(ticket, opts.reason, actorName(opts.as, t));
        print(t('cli.closed', { ticket: item.ticket, reason: item.closeReason }));
      }),
    );

  messages
    .command('promote <ticket>')
    .description('把已答复的留言转为问答，写入资料库并更新索引')
    .option('--as <name>', '操作人（默认为当前登录名）')
    .action(async (ticket: string, opts: { as?: string }) => {
      // Needs the engine to reindex: the full app, loaded only for this command.
      const [{ createApp }, { promoteToFaq }, { deskMessages }, { loadConfig }, { createLogger }] = await Promise.all([
        import('../../app.ts'),
        import('../../desk/promote.ts'),
        import('../../desk/index.ts'),
        import('../../config.ts'),
        import('../../log.ts'),
      ]);
      const config = loadConfig();
      const t = deskMessages(config);
      const app = await createApp({ config, log: createLogger(config) });
      try {
        const result = await promoteToFaq(app, ticket, actorName(opts.as, t));
        print(t('cli.promoted', { ticket: result.item.ticket, faqId: result.faqId, file: result.file }));
      } catch (err) {
        throw asCliError(err);
      } finally {
        await app.close();
      }
    });
}
