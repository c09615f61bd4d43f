/** The week's figures for the 本周统计 sheet: questions per day and channel, resolved rate, items by status, top unanswered topics. */
import type { Channel } from '../../answer/types.ts';
import type { Item, ItemStatus, TurnStats } from '../types.ts';
import { ITEM_STATUSES } from '../items.ts';

export const CHANNELS: Channel[] = ['telegram', 'web', 'cli', 'wechat'];
const TOP_TOPICS = 10;

export interface WeekFigures {
  perDay: { date: string; byChannel: Record<Channel, number>; total: number }[];
  questions: number;
  resolved: number;
  /** resolved / questions, null for a week without questions. */
  resolvedRate: number | null;
  /** Items opened this week, by their current status. */
  byStatus: { status: ItemStatus; count: number }[];
  /** Topics of this week's unanswered questions, most frequent first; null topic = unclassified. */
  topTopics: { topic: string | null; count: number }[];
}

export function weekFigures(days: string[], turns: TurnStats, items: Item[]): WeekFigures {
  const perDay = days.map((date) => {
    const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>;
    for (const cell of turns.perDay) if (cell.date === date) byChannel[cell.channel] = (byChannel[cell.channel] ?? 0) + cell.questions;
    return { date, byChannel, total: Object.values(byChannel).reduce((a, b) => a + b, 0) };
  });
  const byStatus = ITEM_STATUSES.map((status) => ({ status, count: items.filter((i) => i.status === status).length }));
  const topics = new Map<string | null, number>();
  for (const item of items) if (item.kind === '未解答') topics.set(item.topic, (topics.get(item.topic) ?? 0) + 1);
  const topTopics = [...topics.entries()]
    .map(([topic, count]) => ({ topic, count }))
    .sort((a, b) => b.count - a.count || String(a.topic).localeCompare(String(b.topic), 'zh'))
    .slice(0, TOP_TOPICS);
  return {
    perDay,
    questions: turns.questions,
    resolved: turns.resolved,
    resolvedRate: turns.questions > 0 ? turns.resolved / turns.questions : null,
    byStatus,
    topTopics,
  };
}
