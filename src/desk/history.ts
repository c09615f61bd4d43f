/** Appends one action to an item's history (who did what, when). */
import type { DeskContext } from './context.ts';

export type HistoryCode = 'open' | 'group' | 'assign' | 'reply' | 'close' | 'promote' | 'delivered' | 'deliveryFailed' | 'feedback';

export function addHistory(ctx: DeskContext, itemId: number, actor: string, code: HistoryCode, detail?: string | null): void {
  ctx
    .stmt('INSERT INTO item_history(item_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)')
    .run(itemId, ctx.now().toISOString(), actor, code, detail ?? null);
}
