/**
 * The week's topics from the questions' own words: related questions gather, unrelated ones stay apart,
 * each topic is labelled with its telling words, and the nearest document's tags play no part.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTopics, TOPIC_SIMILARITY } from '../src/desk/topics.ts';
import { questionAnalyzer } from '../src/desk/question-terms.ts';
import { weekFigures } from '../src/desk/index.ts';
import { deskFixture, unresolved } from './fixtures/desk-setup.ts';
import { PARAPHRASE_SETS } from './fixtures/paraphrases.ts';

const corpusDir = path.resolve(import.meta.dirname, '..', 'corpus');
const analyzer = questionAnalyzer(corpusDir);
const asQuestions = (qs: string[]) => qs.map((question, i) => ({ ticket: `T${i}`, question }));

describe('topics of the week', () => {
  it('gathers each paraphrase set into one topic labelled with its own words, every question once', () => {
    const sets = Object.entries(PARAPHRASE_SETS).filter(([name]) => ['公租房', '供暖', '宅基地', '医保卡补办'].includes(name));
    const questions = sets.flatMap(([set, qs]) => qs.map((question, i) => ({ ticket: `${set}-${i}`, question })));
    const topics = findTopics(analyzer, questions);
    expect(topics.flatMap((t) => t.tickets).sort()).toEqual(questions.map((q) => q.ticket).sort());
    for (const [set] of sets) {
      const holding = topics.filter((t) => t.tickets.some((tk) => tk.startsWith(`${set}-`)));
      expect({ set, topics: holding.length, count: holding[0]!.count }).toEqual({ set, topics: 1, count: 3 });
    }
    const labelOf = (set: string) => topics.find((t) => t.tickets.includes(`${set}-0`))!.label;
    expect(labelOf('公租房')).toContain('公租房');
    expect(labelOf('供暖')).toContain('供暖');
    expect(labelOf('宅基地')).toContain('宅基地');
    expect(labelOf('医保卡补办')).toContain('医保卡');
    expect(TOPIC_SIMILARITY).toBeGreaterThan(0);
  });

  it('labels 新生儿医保 by its words, not by the nearest document’s tag, and keeps a topic staff set', () => {
    const topics = findTopics(analyzer, [
      { ticket: 'a', question: '新生儿医保怎么办理？' },
      { ticket: 'b', question: '刚出生的孩子新生儿医保在哪里办' },
      { ticket: 'c', question: '护照在哪里办理' },
      { ticket: 'd', question: '人才公寓怎么申请', topic: '住房' },
    ]);
    const a = topics.find((t) => t.tickets.includes('a'))!;
    expect(a.tickets.sort()).toEqual(['a', 'b']);
    expect(a.label).toMatch(/新生儿|医保/);
    expect(a.words.length).toBeLessThanOrEqual(2);
    expect(topics.find((t) => t.tickets.includes('c'))!.label).toContain('护照');
    expect(topics.find((t) => t.tickets.includes('d'))).toMatchObject({ label: '住房', count: 1 });
    expect(topics.map((t) => t.label).join()).not.toContain('建议提案');
  });

  it('is empty for a week without unanswered questions', () => {
    expect(findTopics(analyzer, asQuestions([]))).toEqual([]);
  });

  it('feeds the 主要主题 figures from items whose nearest document is tagged otherwise', () => {
    const fx = deskFixture({ GUANBOT_CORPUS_DIR: corpusDir });
    try {
      const tagged = (q: string, id: string) => ({ ...unresolved(q, 'telegram', id), candidates: [{ docId: 'x', title: '建议提案办理', section: '', score: 0.2, tags: ['建议提案'] }] });
      for (const [i, q] of ['新生儿医保怎么办理？', '刚出生的孩子新生儿医保在哪里办', '新生儿医保需要什么材料'].entries()) fx.desk.openItem(tagged(q, `n${i}`));
      fx.desk.openItem(tagged('今年什么时候开始供暖？', 'h1'));
      const items = fx.desk.listItems();
      expect(items.every((i) => i.topic === null)).toBe(true);
      const figures = weekFigures([], { perDay: [], questions: 0, resolved: 0, smalltalk: 0 }, items, { corpusDir });
      expect(figures.topTopics[0]!.count).toBe(3);
      expect(figures.topTopics[0]!.topic).toMatch(/新生儿|医保/);
      expect(figures.topTopics.map((t) => t.topic)).not.toContain('建议提案');
    } finally {
      fx.cleanup();
    }
  });
});

describe('promoted FAQ tags', () => {
  it('tags by the topic of the question among its week, or by the topic staff set', async () => {
    const { topicWordsFor } = await import('../src/desk/topics.ts');
    const fx = deskFixture({ GUANBOT_CORPUS_DIR: corpusDir });
    try {
      const tagged = { candidates: [{ docId: 'x', title: '建议提案办理', section: '', score: 0.2, tags: ['建议提案'] }] };
      const a = fx.desk.openItem({ ...unresolved('新生儿医保怎么办理？', 'telegram', '1'), ...tagged }).ticket;
      fx.desk.openItem({ ...unresolved('今年什么时候开始供暖？', 'telegram', '2'), ...tagged });
      const b = fx.desk.openItem({ ...unresolved('人才公寓怎么申请', 'telegram', '3'), topic: '住房' }).ticket;
      const words = topicWordsFor(fx.desk, analyzer, fx.desk.getFullItem(a)!, fx.config.timezone);
      expect(words.length).toBeGreaterThan(0);
      expect(words.join()).toMatch(/新生儿|医保/);
      expect(words).not.toContain('建议提案');
      expect(topicWordsFor(fx.desk, analyzer, fx.desk.getFullItem(b)!, fx.config.timezone)).toEqual(['住房']);
    } finally {
      fx.cleanup();
    }
  });
});
