/**
 * Citizen commands: /start, /help, /ticket 编号, and the Chinese command menus
 * registered with setMyCommands (staff see /reply in their own chats only).
 */
import { Composer, type Api } from 'grammy';
import type { BotDeps } from './deps.ts';
import { escapeHtml } from './html.ts';

const TICKET_RE = /GX\d{8}-\d{4}/i;

/** Finds a ticket number in free text (case-insensitive, returned upper-case). */
export function findTicket(text: string | undefined): string | undefined {
  return text?.match(TICKET_RE)?.[0].toUpperCase();
}

/** Finds every distinct ticket number in a text. */
export function findTickets(text: string | undefined): string[] {
  const found = (text ?? '').toUpperCase().match(new RegExp(TICKET_RE.source, 'g')) ?? [];
  return [...new Set(found)];
}

/** Formats an ISO time as Shanghai wall-clock time, e.g. 2026-11-28 14:05. */
export function shanghaiTime(iso: string | null | undefined, timeZone = 'Asia/Shanghai'): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).formatToParts(d);
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

/** /start, /help and /ticket. */
export function citizenCommands(deps: BotDeps): Composer<any> {
  const { t } = deps;
  const composer = new Composer();

  composer.command('start', (ctx) => ctx.reply(t('start'), { parse_mode: 'HTML' }));
  composer.command('help', (ctx) => ctx.reply(t('help'), { parse_mode: 'HTML' }));

  composer.command('ticket', async (ctx) => {
    const ticket = findTicket(ctx.match);
    if (!ticket) return void (await ctx.reply(t('ticket.usage'), { parse_mode: 'HTML' }));
    const item = deps.app.desk.getItem(ticket);
    if (!item) return void (await ctx.reply(t('ticket.notFound', { ticket: escapeHtml(ticket) }), { parse_mode: 'HTML' }));
    const tz = deps.app.config.timezone;
    const lines = [t('ticket.status', { ticket: item.ticket, createdAt: shanghaiTime(item.createdAt, tz), status: item.status })];
    lines.push(
      item.reply
        ? t('ticket.reply', { repliedAt: shanghaiTime(item.repliedAt, tz), reply: escapeHtml(item.reply) })
        : t('ticket.noReply'),
    );
    await ctx.reply(lines.join('\n\n'), { parse_mode: 'HTML' });
  });

  return composer;
}

/** Registers the command menus: citizens everywhere, plus /reply in each staff member's private chat. */
export async function registerCommandMenus(api: Api, deps: BotDeps): Promise<void> {
  const { t } = deps;
  const citizen = ['start', 'help', 'persona', 'ticket'].map((command) => ({ command, description: t(`commands.${command}`) }));
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
