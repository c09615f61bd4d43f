/**
 * Feedback statistics for the report: 👍/👎 counts and rates per ISO week, per
 * cited document and per 问答 entry, and the documents most often rejected.
 * A turn counts once, by the citizen's latest judgement of it.
 */
import type { DeskContext } from './context.ts';
import { formatIsoWeek, isoWeekOf } from './export/week.ts';

/** `rate` is the share of 👍 among judged answers; null when none was judged. */
export interface FeedbackCount {
  up: number;
  down: number;
  rate: number | null;
}

export interface FeedbackStats extends FeedbackCount {
  perWeek: ({ week: string } & FeedbackCount)[];
  /** Documents cited by judged answers (问答 entries apart, in `perFaq`), most judged first. */
  perDocument: ({ docId: string; title: string } & FeedbackCount)[];
  perFaq: ({ docId: string; title: string } & FeedbackCount)[];
  /** Documents with 👎, most 👎 first (at most `MOST_REJECTED`). */
  mostRejected: ({ docId: string; title: string } & FeedbackCount)[];
}

const MOST_REJECTED = 10;

interface JudgedRow {
  created_at: string;
  kind: string;
  citations: string;
  helpful: number;
}

const withRate = (c: { up: number; down: number }): FeedbackCount => ({ up: c.up, down: c.down, rate: c.up + c.down > 0 ? c.up / (c.up + c.down) : null });

/** Feedback on the turns asked in [from, to). */
export function feedbackStats(ctx: DeskContext, from: Date, to: Date): FeedbackStats {
  const rows = ctx
    .stmt(
      `SELECT t.created_at, t.kind, t.citations,
              (SELECT f.helpful FROM feedback f WHERE f.turn_id = t.id ORDER BY f.id DESC LIMIT 1) AS helpful
       FROM turns t
       WHERE t.created_at >= ? AND t.created_at < ? AND EXISTS (SELECT 1 FROM feedback f WHERE f.turn_id = t.id)
       ORDER BY t.created_at`,
    )
    .all(from.toISOString(), to.toISOString()) as JudgedRow[];
  const total = { up: 0, down: 0 };
  const weeks = new Map<string, { up: number; down: number }>();
  const docs = new Map<string, { docId: string; title: string; faq: boolean; up: number; down: number }>();
  for (const row of rows) {
    const key = row.helpful === 1 ? 'up' : 'down';
    total[key] += 1;
    const week = formatIsoWeek(isoWeekOf(new Date(row.created_at), ctx.timeZone));
    const w = weeks.get(week) ?? { up: 0, down: 0 };
    w[key] += 1;
    weeks.set(week, w);
    let cited: { docId?: string; title?: string }[] = [];
    try {
      cited = JSON.parse(row.citations) as { docId?: string; title?: string }[];
    } catch {
      // A damaged citation list counts in the totals only.
    }
    const seen = new Set<string>();
    for (const c of cited) {
      if (!c.docId || seen.has(c.docId)) continue;
      seen.add(c.docId);
      // The same document answered as a 问答 entry and as a passage is counted apart.
      const docKey = `${row.kind === 'faq'}|${c.docId}`;
      const d = docs.get(docKey) ?? { docId: c.docId, title: c.title ?? c.docId, faq: row.kind === 'faq', up: 0, down: 0 };
      d[key] += 1;
      docs.set(docKey, d);
    }
  }
  const byJudged = (a: { up: number; down: number; title: string }, b: { up: number; down: number; title: string }) =>
    b.up + b.down - (a.up + a.down) || b.down - a.down || a.title.localeCompare(b.title, 'zh');
  const list = [...docs.values()].sort(byJudged).map((d) => ({ docId: d.docId, title: d.title, faq: d.faq, ...withRate(d) }));
  const strip = ({ faq: _faq, ...rest }: (typeof list)[number]) => rest;
  return {
    ...withRate(total),
    perWeek: [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, c]) => ({ week, ...withRate(c) })),
    perDocument: list.filter((d) => !d.faq).map(strip),
    perFaq: list.filter((d) => d.faq).map(strip),
    mostRejected: list
      .filter((d) => d.down > 0)
      .sort((a, b) => b.down - a.down || a.title.localeCompare(b.title, 'zh'))
      .slice(0, MOST_REJECTED)
      .map(strip),
  };
}
