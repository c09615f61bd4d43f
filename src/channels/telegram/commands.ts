/**
 * Citizen commands: /start, /help, /ticket 编号, and the Chinese command menus
 * registered with setMyCommands (staff see /reply in their own chats only).
 */
import { Composer, type Api } from 'grammy';
import { deskMessages, normalizeTicket, renderTicketForCitizen, type ItemSummary } from '../../desk/index.ts';
import type { BotDeps } from './deps.ts';
import { escapeHtml } from './html.ts';
import { isStaff } from './staff.ts';
import type { BotContext } from './context.ts';

/**
 * The item a /ticket lookup may show: a citizen sees only tickets opened from
 * this chat (tickets are sequential, so anyone else's gets "not found"); staff
 * see any ticket, but only in their private chat with the bot.
 */
export function lookUpTicket(deps: BotDeps, ctx: BotContext, ticket: string): ItemSummary | undefined {
  const { desk } = deps;
  if (ctx.chat?.type === 'private' && isStaff(deps, ctx)) return desk.getItem(ticket);
  return ctx.chat ? desk.citizenTicket(ticket, 'telegram', String(ctx.chat.id)) : undefined;
}

/** /start, /help and /ticket. */
export function citizenCommands(deps: BotDeps): Composer<BotContext> {
  const { t } = deps;
  const composer = new Composer<BotContext>();
  // The desk's own citizen view, so every channel shows a ticket the same way.
  const view = { t: deskMessages(deps.config), timeZone: deps.config.timezone };

  composer.command('start', (ctx) => ctx.reply(t('start'), { parse_mode: 'HTML' }));
  composer.command('help', (ctx) => ctx.reply(t('help'), { parse_mode: 'HTML' }));

  composer.command('ticket', async (ctx) => {
    if (!ctx.match.trim()) return void (await ctx.reply(t('ticket.usage'), { parse_mode: 'HTML' }));
    const ticket = normalizeTicket(ctx.match);
    const item = ticket ? lookUpTicket(deps, ctx, ticket) : undefined;
    if (!item) return void (await ctx.reply(t('ticket.notFound', { ticket: escapeHtml(ticket ?? ctx.match.trim()) }), { parse_mode: 'HTML' }));
    await ctx.reply(escapeHtml(renderTicketForCitizen(view, item)), { parse_mode: 'HTML' });
  });

  return composer;
}

/** Registers the command menus: citizens everywhere, plus /reply in each staff member's private chat. */
export async function registerCommandMenus(api: Api, deps: BotDeps): Promise<void> {
  const { t } = deps;
  const citizen = (['start', 'help', 'persona', 'ticket'] as const).map((command) => ({ command, description: t(`commands.${command}`) }));
  await api.setMyCommands(citizen);
  for (const id of deps.staffIds) {
    try {
      await api.setMyCommands([...citizen, { command: 'reply', description: t('commands.reply') }], {
        scope: { type: 'chat', chat_id: Number(id) },
      });
    } catch (err) {
      // A staff member who never opened the bot has no chat yet; the citizen menu still works.
      deps.log.warn({ err, staffId: id }, 'telegram: could not set staff command menu');
    }
  }
}
