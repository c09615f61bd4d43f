/**
 * New items reach staff in Telegram, batched: every few seconds the desk is
 * asked for items created since the last look, and each staff member gets one
 * message listing them (masked questions), however many arrived. The cursor is
 * kept in SQLite so a restart neither repeats nor skips notifications.
 */
import type { Api } from 'grammy';
import type { Item } from '../../desk/types.ts';
import type { BotDeps } from './deps.ts';
import { escapeHtml } from './html.ts';
import { noticeKey } from './staff.ts';

const CURSOR_KEY = 'staff_cursor';
/** Items listed in one notification; the rest are counted. */
const MAX_LISTED = 20;
const QUESTION_PREVIEW = 60;

export interface StaffNotifier {
  /** One poll: notify staff of items created since the last one. Exposed for tests. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** The notification text for a batch (HTML). */
export function batchText(deps: BotDeps, items: Item[]): string {
  const lines = [deps.t('staff.batchHeader', { count: items.length })];
  for (const item of items.slice(0, MAX_LISTED)) {
    const q = item.question.length > QUESTION_PREVIEW ? `${item.question.slice(0, QUESTION_PREVIEW)}…` : item.question;
    lines.push(deps.t('staff.itemLine', { ticket: item.ticket, kind: item.kind, question: escapeHtml(q.replace(/\s+/g, ' ')) }));
  }
  if (items.length > MAX_LISTED) lines.push(deps.t('staff.more', { count: items.length - MAX_LISTED }));
  lines.push('', deps.t('staff.howToReply'));
  return lines.join('\n');
}

/** Starts polling the desk every `pollMs` (no-op when there are no staff ids). */
export function startStaffNotifier(api: Api, deps: BotDeps, pollMs: number): StaffNotifier {
  const { desk } = deps.app;
  let cursor = deps.chats.getState(CURSOR_KEY) ?? new Date().toISOString();
  // Items created exactly at the cursor were maybe already sent: remember them.
  let seenAtCursor = new Set<string>();
  let running: Promise<void> | undefined;
  let stopped = false;

  async function notify(items: Item[]): Promise<void> {
    const text = batchText(deps, items);
    const tickets = items.map((i) => i.ticket);
    for (const staffId of deps.staffIds) {
      try {
        // At most 20 lines of ≤ 60 characters: always one message.
        const sent = await api.sendMessage(Number(staffId), text, { parse_mode: 'HTML' });
        deps.chats.setState(noticeKey(staffId, sent.message_id), JSON.stringify(tickets));
      } catch (err) {
        deps.log.warn({ err, staffId }, 'telegram: staff notification failed');
      }
    }
  }

  async function poll(): Promise<void> {
    if (deps.staffIds.size === 0) return;
    const fresh = desk
      .listItems({ since: cursor, limit: 500 })
      .filter((i) => !seenAtCursor.has(i.ticket) && i.createdAt >= cursor)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.ticket.localeCompare(b.ticket));
    if (fresh.length === 0) return;
    const newest = fresh[fresh.length - 1].createdAt;
    const atNewest = new Set(fresh.filter((i) => i.createdAt === newest).map((i) => i.ticket));
    seenAtCursor = newest === cursor ? new Set([...seenAtCursor, ...atNewest]) : atNewest;
    cursor = newest;
    deps.chats.setState(CURSOR_KEY, cursor);
    await notify(fresh);
  }

  function tick(): Promise<void> {
    // Never two polls at once: a slow Bot API must not produce duplicate notifications.
    running ??= poll()
      .catch((err) => deps.log.error({ err }, 'telegram: staff notifier failed'))
      .finally(() => (running = undefined));
    return running;
  }

  const timer = setInterval(() => void (stopped || tick()), pollMs);
  timer.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
