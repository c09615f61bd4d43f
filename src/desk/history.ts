/** Appends one action to an item's history (who did what, when). */
import type { DeskContext } from './context.ts';
import { maskPersonalData } from './mask.ts';

export type HistoryCode = 'open' | 'group' | 'assign' | 'department' | 'reply' | 'close' | 'promote' | 'delivered' | 'deliveryFailed' | 'feedback';

/**
 * Appends one history entry. Details can quote citizens (a feedback note, a close reason such as
 * 「已电话联系13812345678」): without GUANBOT_KEEP_PERSONAL_DATA only their masked form is stored.
 */
export function addHistory(ctx: DeskContext, itemId: number, actor: string, code: HistoryCode, detail?: string | null): void {
  const stored = detail && !ctx.keepPersonalData ? maskPersonalData(detail) : (detail ?? null);
  ctx
    .stmt('INSERT INTO item_history(item_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)')
    .run(itemId, ctx.now().toISOString(), actor, code, stored);
}
