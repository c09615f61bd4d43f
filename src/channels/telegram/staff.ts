/**
 * Staff in the chat: `/reply 编号 答复内容`, or a reply to a notification that
 * names exactly one ticket. The answer goes through desk.reply (which marks the
 * item answered and queues the delivery to the citizen). Non-staff who try get
 * a polite refusal.
 */
import { Composer } from 'grammy';
import { DeskError, normalizeTicket } from '../../desk/index.ts';
import { repliesToBot } from './addressing.ts';
import type { BotDeps } from './deps.ts';
import { escapeHtml } from './html.ts';
import type { BotContext } from './context.ts';

/** State key under which a notification's tickets are remembered. */
export function noticeKey(chatId: number | string, messageId: number): string {
  return `notice:${chatId}:${messageId}`;
}

/** Whether this Telegram user may use staff commands. */
export function isStaff(deps: BotDeps, ctx: BotContext): boolean {
  return ctx.from !== undefined && deps.staffIds.has(String(ctx.from.id));
}

/** Records a staff reply and tells the staff member how it went. */
async function replyToItem(deps: BotDeps, ctx: BotContext, ticket: string, text: string): Promise<void> {
  try {
    const item = deps.desk.reply(ticket, text, `telegram:${ctx.from!.id}`);
    await ctx.reply(deps.t('staff.replyDone', { ticket: item.ticket, status: item.status }), { parse_mode: 'HTML' });
  } catch (err) {
    // desk.reply checks the ticket itself: an unknown one gets the not-found message, not a failure.
    if (err instanceof DeskError && err.code === 'not_found') {
      return void (await ctx.reply(deps.t('staff.replyNotFound', { ticket: escapeHtml(ticket) }), { parse_mode: 'HTML' }));
    }
    deps.log.warn({ err, ticket }, 'telegram: staff reply rejected');
    await ctx.reply(deps.t('staff.replyFailed', { ticket: escapeHtml(ticket), reason: escapeHtml((err as Error).message) }), { parse_mode: 'HTML' });
  }
}

/** The tickets of the notification a message replies to, if it replies to one. */
function repliedNotice(deps: BotDeps, ctx: BotContext): string[] | undefined {
  const replied = ctx.msg?.reply_to_message;
  if (!replied || !repliesToBot(ctx) || !ctx.chat) return undefined;
  const stored = deps.chats.getState(noticeKey(ctx.chat.id, replied.message_id));
  return stored ? (JSON.parse(stored) as string[]) : undefined;
}

export function staffHandlers(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('reply', async (ctx) => {
    if (!isStaff(deps, ctx)) return void (await ctx.reply(deps.t('staff.notRecognised')));
    const match = ctx.match.trim();
    // The desk's own ticket rule: GX20261128-00071 is that ticket, never GX20261128-0007.
    const ticket = normalizeTicket(match.split(/\s+/)[0] ?? '');
    const text = match.replace(/^\S+\s*/, '').trim();
    if (!ticket || !text) return void (await ctx.reply(deps.t('staff.replyUsage'), { parse_mode: 'HTML' }));
    await replyToItem(deps, ctx, ticket, text);
  });

  // A staff member replying to a notification: answer its ticket when it names exactly one.
  composer.on('message:text', async (ctx, next) => {
    if (!isStaff(deps, ctx) || ctx.msg.text.startsWith('/')) return next();
    const tickets = repliedNotice(deps, ctx);
    if (!tickets) return next();
    const [ticket] = tickets;
    if (tickets.length !== 1 || ticket === undefined) return void (await ctx.reply(deps.t('staff.replyAmbiguous'), { parse_mode: 'HTML' }));
    await replyToItem(deps, ctx, ticket, ctx.msg.text.trim());
  });

  return composer;
}
