/**
 * The answering engine on a temp copy of the real corpus: cited extractive
 * answers, honest abstention, smalltalk, persona wording around an unchanged
 * quote, and answers short enough for a phone screen.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPersonas, openEngine, type Engine, type EngineAnswer, type PersonaId } from '../src/answer/index.ts';
import type { Config } from '../src/config.ts';
import { engineConfig, removeTempDirs, repoCorpusWorkspace, repoRoot } from './fixtures/engine-workspace.ts';

const PERSONA_IDS: PersonaId[] = ['xiaoli', 'xiaozhi', 'duo'];
const MAX_ANSWER = 600;

let config: Config;
let engine: Engine;

beforeAll(async () => {
  config = engineConfig(repoCorpusWorkspace());
  engine = await openEngine(config);
});
afterAll(async () => {
  await engine?.close();
  removeTempDirs();
});

/** Whitespace-free form: quotes may join two sentences of a passage across a line break. */
const squash = (s: string) => s.replace(/\s+/g, '');

/** The verbatim part of an answer: the quoted sentences (answer) or the whole entry (faq). */
function quoteOf(r: EngineAnswer): string {
  if (r.kind === 'answer') return r.answer.match(/「([\s\S]*)」/)![1]!;
  return r.citations[0]!.text.trim();
}

/** Labelled questions of the evaluation set (read only). */
const evalQuestions = (): string[] =>
  fs
    .readFileSync(path.join(repoRoot, 'eval/questions.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { q: string }).q);

describe('engine on the real corpus', () => {
  it('answers the reply deadline question with a citation that states 20个工作日', async () => {
    const r = await engine.answer('申请政府信息公开多久能答复？');
    expect(r.resolved).toBe(true);
    expect(['answer', 'faq']).toContain(r.kind);
    expect(r.citations.length).toBeGreaterThan(0);
    expect(r.citations[0]!.text).toContain('20个工作日');
    expect(r.answer).toContain('20个工作日');
    expect(r.confidence.score).toBeGreaterThanOrEqual(r.confidence.threshold);
  });

  it('does not answer where to get a passport: unresolved, no citations, no text', async () => {
    const r = await engine.answer('冠县哪里可以办护照？');
    expect(r).toMatchObject({ kind: 'unresolved', resolved: false, answer: '', citations: [] });
    expect(r.confidence.score).toBeLessThan(r.confidence.threshold);
    // The best candidates are still kept for staff.
    expect(r.candidates.length).toBeGreaterThan(0);
  });

  it.each(['你好', '谢谢', '🙂🙂', '', '   ', '你好冠小梨'])('treats %j as smalltalk, never as an unanswered question', async (q) => {
    const r = await engine.answer(q);
    expect(r.kind).toBe('smalltalk');
    expect(r.resolved).toBe(true);
    expect(r.answer.length).toBeGreaterThan(0);
    expect(r.citations).toEqual([]);
  });

  // Filler alone is smalltalk: it must not reach retrieval and open a staff item (网站留言) with a ticket.
  it.each(['哈哈', '嗯', '哦', '谢谢啦'])('treats filler %j as smalltalk, not as an unanswered question', async (q) => {
    const r = await engine.answer(q);
    expect(r.kind).toBe('smalltalk');
  });

  it('a greeting followed by a real question is answered as a question', async () => {
    const r = await engine.answer('你好，申请政府信息公开要钱吗？');
    expect(r.kind).not.toBe('smalltalk');
    expect(r.resolved).toBe(true);
    // The fee rule: free of charge, with the 信息处理费 exception (an FAQ entry or the interpretation both state it).
    expect(r.citations[0]!.text).toMatch(/不收取费用|信息处理费/);
  });

  it('persona ids change the wording around the quote, never the quote or the citations', async () => {
    for (const q of ['申请政府信息公开多久能答复？', '查政府信息要收费吗？', '网上征集调查去年搞了几期？']) {
      const answers = await Promise.all(PERSONA_IDS.map((persona) => engine.answer(q, { persona })));
      const [first, ...rest] = answers;
      expect(first!.resolved).toBe(true);
      for (const r of rest) {
        expect(r.citations).toEqual(first!.citations);
        expect(quoteOf(r)).toBe(quoteOf(first!));
        expect(r.answer).not.toBe(first!.answer);
      }
      answers.forEach((r, i) => {
        expect(r.persona).toBe(PERSONA_IDS[i]);
        const p = loadPersonas(config.promptsDir)[PERSONA_IDS[i]!];
        expect(p.openers.some((o) => r.answer.startsWith(o))).toBe(true);
      });
    }
  });

  it('smalltalk replies differ by persona', async () => {
    const replies = await Promise.all(PERSONA_IDS.map((persona) => engine.answer('你好', { persona })));
    expect(new Set(replies.map((r) => r.answer)).size).toBe(PERSONA_IDS.length);
  });

  it('every answer on the evaluation set carries a source line with the document title and stays under 600 characters', async () => {
    let answered = 0;
    for (const q of evalQuestions()) {
      for (const persona of PERSONA_IDS) {
        const r = await engine.answer(q, { persona });
        const shown = r.resolved ? r.answer : engine.unresolvedReply('GX20261128-0001', persona);
        expect(shown.length, `${persona}: ${q}`).toBeLessThanOrEqual(MAX_ANSWER);
        if (r.kind !== 'answer' && r.kind !== 'faq') continue;
        answered++;
        expect(r.answer, q).toContain(`📄 出处：${r.citations[0]!.title}`);
      }
    }
    expect(answered).toBeGreaterThan(100);
  });

  // A quote is never glued together from pieces (a "（依据：…；…）" line cut at its "；" once was).
  it('every quote on the evaluation set is a contiguous, verbatim part of the cited passage', async () => {
    const broken: string[] = [];
    for (const q of evalQuestions()) {
      const r = await engine.answer(q);
      if (r.kind !== 'answer' && r.kind !== 'faq') continue;
      const quote = squash(quoteOf(r)).replace(/……$/, '');
      if (!squash(r.citations[0]!.text).includes(quote)) broken.push(`${q} → ${quote}`);
    }
    expect(broken).toEqual([]);
  });

  it('an over-long question is still answered (it is cut before retrieval)', async () => {
    const r = await engine.answer('申请政府信息公开多久能答复？'.repeat(60));
    expect(r.resolved).toBe(true);
    expect(r.citations[0]!.text).toContain('20个工作日');
  });

  it('the unresolved reply carries the ticket, in each persona\'s voice', () => {
    const texts = PERSONA_IDS.map((p) => engine.unresolvedReply('GX20261128-0007', p));
    for (const t of texts) expect(t).toContain('GX20261128-0007');
    expect(new Set(texts).size).toBe(3);
    expect(engine.unresolvedReply('', 'xiaoli')).not.toContain('留言编号');
  });

  it('explain agrees with answer on the decision and ranks passages by score', async () => {
    for (const q of ['申请政府信息公开多久能答复？', '冠县哪里可以办护照？']) {
      const [answer, explained] = await Promise.all([engine.answer(q), engine.explain(q, 5)]);
      expect(explained.resolved).toBe(answer.resolved);
      expect(explained.threshold).toBe(engine.threshold);
      expect(explained.passages.length).toBeLessThanOrEqual(5);
      const scores = explained.passages.map((p) => p.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    }
  });

  it('holds answers to the threshold trained with the index, unless GUANBOT_RESOLVE_THRESHOLD overrides it', async () => {
    const current = fs.readFileSync(path.join(config.indexDir, 'CURRENT'), 'utf8').trim();
    const trained = JSON.parse(fs.readFileSync(path.join(config.indexDir, current, 'decision.json'), 'utf8')) as { threshold: number; metrics: { source: string }; trainedOn: { bank: string } };
    const manifest = JSON.parse(fs.readFileSync(path.join(config.indexDir, current, 'manifest.json'), 'utf8')) as { bankFingerprint: string };
    // The repo's own corpus is the one the shipped model was trained on: it is reused, not trained again.
    expect(trained.metrics.source).toBe('reused');
    expect(trained.trainedOn.bank).toBe(manifest.bankFingerprint);
    expect(engine.threshold).toBe(trained.threshold);
    const overridden = await openEngine({ ...config, resolveThreshold: 0.8 });
    try {
      expect(overridden.threshold).toBe(0.8);
    } finally {
      await overridden.close();
    }
  });

  it('a question with no topic ("请问怎么办？", "2024") is not answered with an arbitrary passage', async () => {
    for (const q of ['请问怎么办？', '2024']) {
      const r = await engine.answer(q);
      expect(r.kind === 'answer' || r.kind === 'faq', q).toBe(false);
    }
  });

  it('the source line does not repeat a question-bank entry\'s title as its section', async () => {
    const r = await engine.answer('申请政府信息公开多久能答复？');
    const title = r.citations[0]!.title;
    expect(r.answer).not.toContain(`${title} › ${title}`);
    // A restating entry names its basis rather than the date it was written.
    expect(r.answer).toContain(`📄 出处：${title}；依据：`);
  });
});
