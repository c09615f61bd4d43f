/** Figures from the conversation log for a time range (the weekly export's 本周统计 sheet). */
import type { Channel } from '../answer/types.ts';
import type { DeskContext } from './context.ts';
import type { TurnStats } from './types.ts';
import { localDate } from '../time/index.ts';

/** Counts the turns logged in [from, to): questions per local day and channel, resolved ones, small talk apart. */
export function turnStats(ctx: DeskContext, from: Date, to: Date): TurnStats {
  const rows = ctx
    .stmt('SELECT created_at, channel, resolved, kind FROM turns WHERE created_at >= ? AND created_at < ? ORDER BY created_at')
    .all(from.toISOString(), to.toISOString()) as { created_at: string; channel: Channel; resolved: number; kind: string }[];
  const cells = new Map<string, TurnStats['perDay'][number]>();
  const stats: TurnStats = { perDay: [], questions: 0, resolved: 0, smalltalk: 0 };
  for (const r of rows) {
    if (r.kind === 'smalltalk') {
      stats.smalltalk += 1;
      continue;
    }
    const date = localDate(new Date(r.created_at), ctx.timeZone);
    const key = `${date}|${r.channel}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { date, channel: r.channel, questions: 0, resolved: 0 };
      cells.set(key, cell);
      stats.perDay.push(cell);
    }
    cell.questions += 1;
    stats.questions += 1;
    if (r.resolved) {
      cell.resolved += 1;
      stats.resolved += 1;
    }
  }
  return stats;
}

/** How many answers in [from, to) cited each document (an answer citing two passages of one document counts once). */
export function citationCounts(ctx: DeskContext, from: Date, to: Date): Map<string, number> {
  const rows = ctx
    .stmt('SELECT citations FROM turns WHERE created_at >= ? AND created_at < ? AND resolved = 1')
    .all(from.toISOString(), to.toISOString()) as { citations: string }[];
  const counts = new Map<string, number>();
  for (const row of rows) {
    let cited: { docId?: string }[] = [];
    try {
      cited = JSON.parse(row.citations) as { docId?: string }[];
    } catch {
      continue;
    }
    for (const docId of new Set(cited.map((c) => c.docId).filter((d): d is string => Boolean(d)))) {
      counts.set(docId, (counts.get(docId) ?? 0) + 1);
    }
  }
  return counts;
}
