/**
 * Flagging open tickets the corpus can now answer: after a reindex, a promote or
 * a correction, each open 未解答 item's masked question is asked again without
 * recording anything, and what the corpus would answer is stored with the item
 * (`items.suggestion`), so staff can reply with it in one step. A suggestion is
 * cleared when the ticket is replied to, closed or promoted, or when the corpus
 * no longer answers it.
 */
import type { DeskContext } from './context.ts';
import type { Suggestion } from './types.ts';
import { ITEM_KIND, OPEN_STATUSES, OPEN_STATUS_PLACEHOLDERS } from './status.ts';
import { normalizeTicket } from './tickets.ts';

/** Open tickets re-asked per run when no limit is given (newest first): the rest wait for the next reindex. */
export const DEFAULT_SUGGESTION_LIMIT = 50;

/**
 * The one thing suggestions need from the answering side: ask a question without
 * logging a turn or opening an item. (A narrow interface, so the desk does not import the app.)
 */
export interface QuietAsker {
  askWithoutRecording(question: string): Promise<{
    resolved: boolean;
    kind: string;
    answer: string;
    citations: { docId: string; title: string; section: string }[];
  }>;
  /** The index version answers come from, stored with the suggestion. */
  readonly version?: string;
}

/** What the desk offers suggestions: the open items to re-ask and where to store the answer. */
export interface SuggestionStore {
  /** Open 未解答 items, newest first, at most `limit`: ticket and masked question. */
  suggestionTargets(limit: number): { ticket: string; question: string }[];
  /** Stores (or, with null, clears) the suggestion of an item that is still open; false when it no longer is. */
  setSuggestion(ticket: string, suggestion: Suggestion | null): boolean;
}

export interface SuggestionRun {
  /** Items asked again. */
  checked: number;
  /** Items that now carry a suggestion. */
  flagged: string[];
  /** Items whose earlier suggestion was removed (the corpus no longer answers them). */
  cleared: string[];
}

export interface RefreshOptions {
  /** At most this many open items are re-asked, newest first (default `DEFAULT_SUGGESTION_LIMIT`; 0 turns it off). */
  limit?: number;
  now?: () => Date;
}

/**
 * Re-asks the newest open 未解答 items and stores what the corpus would now answer.
 * A question that fails to be answered (an engine error) is left as it was and the run goes on.
 */
export async function refreshSuggestions(store: SuggestionStore, asker: QuietAsker, options: RefreshOptions = {}): Promise<SuggestionRun> {
  const limit = options.limit ?? DEFAULT_SUGGESTION_LIMIT;
  const now = options.now ?? (() => new Date());
  const run: SuggestionRun = { checked: 0, flagged: [], cleared: [] };
  if (limit <= 0) return run;
  for (const target of store.suggestionTargets(limit)) {
    const result = await asker.askWithoutRecording(target.question);
    run.checked += 1;
    if (result.resolved && result.answer.trim()) {
      const suggestion: Suggestion = {
        answer: result.answer,
        kind: result.kind,
        citations: result.citations.slice(0, 3).map((c) => ({ docId: c.docId, title: c.title, section: c.section })),
        at: now().toISOString(),
        ...(asker.version ? { version: asker.version } : {}),
      };
      if (store.setSuggestion(target.ticket, suggestion)) run.flagged.push(target.ticket);
    } else if (store.setSuggestion(target.ticket, null)) {
      run.cleared.push(target.ticket);
    }
  }
  return run;
}

/** Open 未解答 items to re-ask, newest first. */
export function suggestionTargets(ctx: DeskContext, limit: number): { ticket: string; question: string }[] {
  return ctx
    .stmt(
      `SELECT ticket, question_masked AS question FROM items
       WHERE kind = ? AND status IN (${OPEN_STATUS_PLACEHOLDERS}) ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .all(ITEM_KIND.unanswered, ...OPEN_STATUSES, Math.max(0, Math.floor(limit))) as { ticket: string; question: string }[];
}

/**
 * Stores the suggestion of a still-open item (a ticket replied to meanwhile keeps none).
 * Clearing returns true only when there was one to clear.
 */
export function setSuggestion(ctx: DeskContext, ticket: string, suggestion: Suggestion | null): boolean {
  const canonical = normalizeTicket(ticket);
  if (!canonical) return false;
  const open = `ticket = ? AND status IN (${OPEN_STATUS_PLACEHOLDERS})`;
  const { changes } = suggestion
    ? ctx.stmt(`UPDATE items SET suggestion = ? WHERE ${open}`).run(JSON.stringify(suggestion), canonical, ...OPEN_STATUSES)
    : ctx.stmt(`UPDATE items SET suggestion = NULL WHERE ${open} AND suggestion IS NOT NULL`).run(canonical, ...OPEN_STATUSES);
  return changes > 0;
}

/** The stored suggestion of a row; a damaged value reads as none. */
export function parseSuggestion(text: string | null | undefined): Suggestion | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Suggestion;
    return typeof value?.answer === 'string' ? { ...value, citations: Array.isArray(value.citations) ? value.citations : [] } : null;
  } catch {
    return null;
  }
}
