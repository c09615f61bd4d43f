/**
 * New items reach staff in Telegram, batched: every few seconds the desk is
 * asked for items created since the last look, and each staff member gets one
 * message listing them (masked questions), however many arrived.
 *
 * Each staff member has a cursor in SQLite (the creation time of the last item
 * notified, plus the tickets at exactly that time). Items are read oldest first
 * and the cursor moves only after the message was sent, so neither a restart,
 * a Bot API outage nor a burst larger than one batch loses a notification.
 */
import { GrammyError, type Api } from 'grammy';
import type { Item } from '../../desk/types.ts';
import { maskPersonalData } from '../../desk/mask.ts';
import type { BotDeps } from './deps.ts';
import { escapeHtml } from './html.ts';
import { noticeKey } from './staff.ts';

/** Before per-staff cursors there was one shared cursor (an ISO time); it still seeds new ones. */
const LEGACY_CURSOR_KEY = 'staff_cursor';
/** Items listed in one notification; the rest are counted. */
const MAX_LISTED = 20;
const QUESTION_PREVIEW = 60;

export interface StaffNotifier {
  /** One poll: notify staff of items created since the last one. Exposed for tests. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export interface StaffNotifierOptions {
  /** How often the desk is polled. */
  pollMs: number;
  /** Most items read per staff member and poll (the oldest first; the rest follow next poll). Default 500. */
  batchLimit?: number;
}

/** Where a staff member's notifications have got to. */
interface Cursor {
  /** Creation time of the newest item notified. */
  at: string;
  /** Tickets created exactly at `at` that were already notified. */
  sent: string[];
}

/** The notification text for a batch (HTML). */
export function batchText(deps: Pick<BotDeps, 't'>, items: Item[]): string {
  const lines = [deps.t('staff.batchHeader', { count: items.length })];
  for (const item of items.slice(0, MAX_LISTED)) {
    // Masked before it is cut, so a number is never split into a part the masker no longer recognises.
    const question = maskPersonalData(item.question);
    const q = question.length > QUESTION_PREVIEW ? `${question.slice(0, QUESTION_PREVIEW)}…` : question;
    lines.push(deps.t('staff.itemLine', { ticket: item.ticket, kind: item.kind, question: escapeHtml(q.replace(/\s+/g, ' ')) }));
  }
  if (items.length > MAX_LISTED) lines.push(deps.t('staff.more', { count: items.length - MAX_LISTED }));
  lines.push('', deps.t('staff.howToReply'));
  return lines.join('\n');
}

const cursorKey = (staffId: string) => `staff_cursor:${staffId}`;

function readCursor(deps: BotDeps, staffId: string, startedAt: string): Cursor {
  const stored = deps.chats.getState(cursorKey(staffId));
  if (stored) return JSON.parse(stored) as Cursor;
  return { at: deps.chats.getState(LEGACY_CURSOR_KEY) ?? startedAt, sent: [] };
}

/** The cursor after `items` (oldest first, non-empty) were notified. */
function advance(cursor: Cursor, items: Item[]): Cursor {
  const newest = items.at(-1);
  if (!newest) return cursor;
  const at = newest.createdAt;
  const atNewest = items.filter((i) => i.createdAt === at).map((i) => i.ticket);
  return { at, sent: at === cursor.at ? [...cursor.sent, ...atNewest] : atNewest };
}

/** A refusal that retrying cannot change (the staff member blocked the bot or never opened it). */
function isPermanent(err: unknown): boolean {
  return err instanceof GrammyError && (err.error_code === 400 || err.error_code === 403);
}

/** Starts polling the desk every `pollMs` (no-op when there are no staff ids). */
export function startStaffNotifier(api: Api, deps: BotDeps, opts: StaffNotifierOptions): StaffNotifier {
  const { desk } = deps;
  const batchLimit = opts.batchLimit ?? 500;
  // Without a stored cursor, notify from now on: a new install must not replay the whole backlog.
  const startedAt = new Date().toISOString();
  let running: Promise<void> | undefined;
  let stopped = false;

  /**
   * Items created since the staff member's cursor, oldest first. The desk's
   * `since` is the cursor's exact ISO time (created_at >= it); the tickets in
   * `sent` are those already notified at exactly that time.
   */
  function pending(cursor: Cursor): Item[] {
    const sent = new Set(cursor.sent);
    return desk
      .listItems({ since: cursor.at, order: 'asc', limit: batchLimit + sent.size })
      .filter((i) => !sent.has(i.ticket))
      .slice(0, batchLimit);
  }

  async function notify(staffId: string): Promise<void> {
    const cursor = readCursor(deps, staffId, startedAt);
    const items = pending(cursor);
    if (items.length === 0) return;
    try {
      // At most 20 lines of ≤ 60 characters: always one message.
      const sent = await api.sendMessage(Number(staffId), batchText(deps, items), { parse_mode: 'HTML' });
      deps.chats.setState(noticeKey(staffId, sent.message_id), JSON.stringify(items.map((i) => i.ticket)));
    } catch (err) {
      deps.log.warn({ err, staffId }, 'telegram: staff notification failed');
      // Kept for the next poll, unless Telegram refuses this chat for good.
      if (!isPermanent(err)) return;
    }
    deps.chats.setState(cursorKey(staffId), JSON.stringify(advance(cursor, items)));
  }

  async function poll(): Promise<void> {
    for (const staffId of deps.staffIds) await notify(staffId);
  }

  function tick(): Promise<void> {
    // Never two polls at once: a slow Bot API must not produce duplicate notifications.
    running ??= poll()
      .catch((err) => deps.log.error({ err }, 'telegram: staff notifier failed'))
      .finally(() => (running = undefined));
    return running;
  }

  const timer = setInterval(() => void (stopped || tick()), opts.pollMs);
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
