/** The week's figures for the 本周统计 sheet: questions per day and channel, resolved rate, items by status, top unanswered topics. */
import type { Channel } from '../../answer/types.ts';
import type { Item, ItemStatus, TurnStats } from '../types.ts';
import { ITEM_KIND, ITEM_STATUSES } from '../status.ts';
import { findTopics } from '../topics.ts';
import { questionAnalyzer } from '../question-terms.ts';

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
  /** Topics of this week's unanswered questions found from their own words (src/desk/topics.ts), most frequent first; null = no telling word. */
  topTopics: { topic: string | null; count: number }[];
}

/** `corpusDir`: its dictionary and synonyms shape the topics (as they do grouping). */
export function weekFigures(days: string[], turns: TurnStats, items: Item[], opts: { corpusDir?: string } = {}): WeekFigures {
  const perDay = days.map((date) => {
    const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>;
    for (const cell of turns.perDay) if (cell.date === date) byChannel[cell.channel] = (byChannel[cell.channel] ?? 0) + cell.questions;
    return { date, byChannel, total: Object.values(byChannel).reduce((a, b) => a + b, 0) };
  });
  const byStatus = ITEM_STATUSES.map((status) => ({ status, count: items.filter((i) => i.status === status).length }));
  const unanswered = items.filter((i) => i.kind === ITEM_KIND.unanswered).map((i) => ({ ticket: i.ticket, question: i.question, topic: i.topic }));
  const topTopics = findTopics(questionAnalyzer(opts.corpusDir), unanswered)
    .slice(0, TOP_TOPICS)
    .map((t) => ({ topic: t.label || null, count: t.count }));
  return {
    perDay,
    questions: turns.questions,
    resolved: turns.resolved,
    resolvedRate: turns.questions > 0 ? turns.resolved / turns.questions : null,
    byStatus,
    topTopics,
  };
}
