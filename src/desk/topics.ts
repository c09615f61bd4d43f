/**
 * Topics of the week's unanswered questions, found from the questions' own
 * words (not from the nearest document's tags, which put 新生儿医保 under
 * 建议提案): each question is a TF-IDF vector over the week (question-terms.ts),
 * questions are gathered by leader clustering (a question joins the closest
 * group when its cosine to the group's centroid reaches TOPIC_SIMILARITY, else
 * starts one), and each group is labelled with its most telling words: those
 * with the highest TF-IDF within the group against the whole week.
 */
import type { Analyzer } from '../retrieval/analyzer.ts';
import type { Desk, Item } from './types.ts';
import { ITEM_KIND } from './status.ts';
import { isoWeekOf, weekRange } from './export/week.ts';
import { cosine, documentFrequencies, idf, isWordTerm, questionTerms, tfidf, type QuestionTerms } from './question-terms.ts';

/**
 * Cosine to a group's centroid at or above which a question joins the group. Looser than grouping's
 * PARAPHRASE_SIMILARITY: a topic gathers related questions (低保怎么申请, 低保标准是多少), not only the same one.
 */
export const TOPIC_SIMILARITY = 0.3;
/** Words in a topic's label (低保、申请). */
export const TOPIC_LABEL_WORDS = 2;

export interface TopicQuestion {
  ticket: string;
  /** The masked question. */
  question: string;
  /** A topic staff set on purpose: such questions are counted under it, not clustered. */
  topic?: string | null;
}

export interface Topic {
  /** The label staff read: the most telling words joined with 、 (or the topic staff set). */
  label: string;
  /** The words of the label, e.g. for FAQ tags. */
  words: string[];
  count: number;
  tickets: string[];
}

const LABEL_WORD = /^\p{Script=Han}{2,}$/u;
/** Words that introduce a citizen's own number (我的身份证…，手机…): they say whose case it is, not what it is about. */
const NUMBER_WORDS = new Set(['身份证', '身份证号', '身份证号码', '手机', '手机号', '手机号码', '电话', '电话号码', '联系电话', '联系方式', '银行卡', '银行卡号', '卡号', '号码', '微信', '邮箱']);

interface Group {
  members: { ticket: string; terms: QuestionTerms }[];
  centroid: Map<string, number>;
}

function addInto(target: Map<string, number>, v: Map<string, number>): void {
  for (const [k, x] of v) target.set(k, (target.get(k) ?? 0) + x);
}

/** The group's most telling words: terms present in most of its questions, weighed by their rarity in the week. */
function labelWords(group: Group, df: Map<string, number>, n: number): string[] {
  const score = new Map<string, number>();
  const surface = new Map<string, Map<string, number>>();
  for (const { terms } of group.members) {
    for (const [term, w] of terms.weights) {
      // Words of two or more Chinese characters: numbers (and masked ones) say nothing of a topic.
      if (!isWordTerm(term) || !LABEL_WORD.test(term) || NUMBER_WORDS.has(term) || w < 0.5) continue;
      score.set(term, (score.get(term) ?? 0) + w * idf(df, n, term));
      const forms = surface.get(term) ?? new Map<string, number>();
      const form = terms.surface.get(term) ?? term;
      forms.set(form, (forms.get(form) ?? 0) + 1);
      surface.set(term, forms);
    }
  }
  // As the citizens wrote it (低保 rather than 最低生活保障), and one word once even when two terms share a form.
  const shown = (term: string) => [...(surface.get(term) ?? new Map([[term, 1]])).entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? term;
  const words: string[] = [];
  for (const [term] of [...score.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh'))) {
    const word = shown(term);
    if (!words.some((w) => w.includes(word) || word.includes(w))) words.push(word);
    if (words.length === TOPIC_LABEL_WORDS) break;
  }
  return words;
}

/**
 * The words to tag a promoted FAQ entry with: the topic staff set, else the label words of the topic the
 * item falls in among the unanswered questions of its week.
 */
export function topicWordsFor(desk: Pick<Desk, 'listItems'>, analyzer: Analyzer, item: Item, timeZone: string): string[] {
  if (item.topic?.trim()) return [item.topic.trim()];
  const range = weekRange(isoWeekOf(new Date(item.createdAt), timeZone), timeZone);
  const week = desk
    .listItems({ since: range.start.toISOString(), until: range.end.toISOString(), kind: ITEM_KIND.unanswered })
    .map((i) => ({ ticket: i.ticket, question: i.question }));
  if (!week.some((q) => q.ticket === item.ticket)) week.push({ ticket: item.ticket, question: item.question });
  return findTopics(analyzer, week).find((t) => t.tickets.includes(item.ticket))?.words ?? [];
}

/** The topics of `questions`, largest first (ties by label); every question is in exactly one topic. */
export function findTopics(analyzer: Analyzer, questions: TopicQuestion[]): Topic[] {
  const set: Topic[] = [];
  const byLabel = new Map<string, Topic>();
  const free: { ticket: string; terms: QuestionTerms }[] = [];
  for (const q of questions) {
    const given = q.topic?.trim();
    if (given) {
      const topic = byLabel.get(given) ?? { label: given, words: [given], count: 0, tickets: [] };
      topic.count += 1;
      topic.tickets.push(q.ticket);
      if (!byLabel.has(given)) set.push(topic);
      byLabel.set(given, topic);
    } else {
      free.push({ ticket: q.ticket, terms: questionTerms(analyzer, q.question) });
    }
  }

  const df = documentFrequencies(free.map((f) => f.terms));
  const n = free.length;
  const groups: Group[] = [];
  for (const member of free) {
    const v = tfidf(member.terms, df, n);
    let best: Group | undefined;
    let bestScore = TOPIC_SIMILARITY;
    for (const g of groups) {
      const s = cosine(v, g.centroid);
      if (s >= bestScore) {
        best = g;
        bestScore = s;
      }
    }
    if (best) {
      best.members.push(member);
      addInto(best.centroid, v);
    } else {
      groups.push({ members: [member], centroid: new Map(v) });
    }
  }

  const found = groups.map((g) => {
    const words = labelWords(g, df, n);
    return { label: words.join('、'), words, count: g.members.length, tickets: g.members.map((m) => m.ticket) };
  });
  // Two groups with the same label are one topic to a reader.
  for (const topic of found) {
    const same = byLabel.get(topic.label);
    if (same && topic.label) {
      same.count += topic.count;
      same.tickets.push(...topic.tickets);
    } else {
      set.push(topic);
      byLabel.set(topic.label, topic);
    }
  }
  return set.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'zh'));
}
