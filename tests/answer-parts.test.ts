/**
 * Questions of several sentences: decided whole and sentence by sentence, so that a two-part question whose facts
 * stand in two passages is answered with both (each quoted with its own source line), a question answered only in
 * part says which sentence the corpus does not answer and passes it to staff, and a decision trained before part
 * thresholds existed answers no sentence of a question it refused whole. Real repoApp() on a temp copy of the corpus.
 */
import { describe, expect, it } from 'vitest';
import { AnsweringEngine } from '../src/answer/engine.ts';
import type { DecisionModel } from '../src/answer/decision/model.ts';
import { DEFAULT_DECISION_OPTIONS } from '../src/answer/decision/options.ts';
import { defaultDecision, stillFits } from '../src/answer/decision/train.ts';
import { createEmbedder } from '../src/retrieval/embedders/index.ts';
import { loadIndexFiles } from '../src/retrieval/index-store.ts';
import { createAskService } from '../src/app/ask-service.ts';
import { SqliteConversationStore } from '../src/answer/conversation-store.ts';
import { useRepoCorpusApp } from './fixtures/repo-app.ts';

/** Facts in two sections: 不予公开 counts (the exemptions interpretation) and the third party's deadline (the reply deadline one). */
const TWO_PASSAGES = '县里2024年不予公开的申请有多少件？条例说涉及第三方的，第三方要在多少天内回复意见？';
/** The fee question the corpus answers, and one about a library it does not. */
const HALF_ANSWERABLE = '申请政府信息公开要收费吗？冠县图书馆几点开门？';
const UNANSWERED_SENTENCE = '冠县图书馆几点开门？';
const squash = (s: string) => s.replace(/\s+/g, '');
const TICKET = /GX\d{8}-\d{4}/;

const repoApp = useRepoCorpusApp();

describe('a question of several sentences', () => {
  it('is answered from two passages when its facts stand in two, each quote verbatim with its own source line', async () => {
    const r = await repoApp().engine.answer(TWO_PASSAGES);
    expect(r.resolved).toBe(true);
    expect(r.citations).toHaveLength(2);
    const [a, b] = r.citations;
    expect(a!.chunkId).not.toBe(b!.chunkId);
    expect(r.answer).toContain('不予公开4件');
    expect(r.answer).toContain('15个工作日');
    // Each quoted part is a contiguous piece of its own passage, and each passage has its source line.
    const quotes = [...r.answer.matchAll(/「([^」]*)」/g)].map((m) => squash(m[1]!));
    expect(quotes).toHaveLength(2);
    expect(squash(a!.text)).toContain(quotes[0]);
    expect(squash(b!.text)).toContain(quotes[1]);
    expect(r.answer.match(/📄 出处：/g)).toHaveLength(2);
    expect(r.unanswered).toEqual([]);

    const hit = await repoApp().engine.explain(TWO_PASSAGES);
    expect(hit.resolved).toBe(true);
    expect(hit.parts?.chosen.map((c) => c.chunkId)).toEqual([a!.chunkId, b!.chunkId]);
  });

  it('quotes the same words once, though two passages state them (a FAQ entry restating the report)', async () => {
    const r = await repoApp().engine.answer('俺想问问申请公开得多少天答复？县政府办公室电话多少？');
    expect(r.resolved).toBe(true);
    expect(r.answer).toContain('20个工作日');
    expect(r.answer.match(/0635-5237226/g)).toHaveLength(1);
  });

  it('says which sentence the corpus does not answer, and names the ticket the caller opened for it', async () => {
    const asked: string[][] = [];
    const r = await repoApp().engine.answer(HALF_ANSWERABLE, {
      ticketFor: (unanswered) => {
        asked.push(unanswered);
        return 'GX20261201-0042';
      },
    });
    expect(r.resolved).toBe(true);
    expect(r.answer).toContain('不收取费用');
    expect(r.answer).toContain(`「${UNANSWERED_SENTENCE}」`);
    expect(r.answer).toContain('GX20261201-0042');
    expect(asked).toEqual([[UNANSWERED_SENTENCE]]);
    expect(r).toMatchObject({ unanswered: [UNANSWERED_SENTENCE], ticket: 'GX20261201-0042' });
    // Without a ticket (an evaluation run) the sentence is still named, and no ticket is.
    const quiet = await repoApp().engine.answer(HALF_ANSWERABLE);
    expect(quiet.answer).toContain(`「${UNANSWERED_SENTENCE}」`);
    expect(quiet.answer).not.toMatch(TICKET);
  });

  it('through repoApp().ask: the unanswered sentence becomes a desk item, and the answer and the turn carry its ticket', async () => {
    const r = await repoApp().ask(HALF_ANSWERABLE, { channel: 'web', channelUserId: 'session-parts' });
    expect(r.resolved).toBe(true);
    expect(r.ticket).toMatch(TICKET);
    expect(r.answer).toContain(r.ticket!);
    expect(repoApp().desk.getItem(r.ticket!)).toMatchObject({ question: HALF_ANSWERABLE, channel: 'web' });
    expect(repoApp().desk.getTurn(r.turnId!)).toMatchObject({ ticket: r.ticket, resolved: true });
    // A question answered whole opens nothing.
    const whole = await repoApp().ask('申请政府信息公开要收费吗？', { channel: 'web', channelUserId: 'session-parts' });
    expect(whole.ticket).toBeNull();
    // An evaluation run (record: false) opens nothing either.
    const quiet = await repoApp().ask(HALF_ANSWERABLE, { channel: 'cli', record: false });
    expect(quiet.ticket).toBeNull();
  });

  it('an answer a model rewrites keeps the unanswered sentence and its ticket, and says the model\'s text first', async () => {
    const app = repoApp();
    const generated = '按照规定，申请政府信息公开不收取费用。[1]';
    const conversations = new SqliteConversationStore(app.config.dbPath);
    try {
      const ask = createAskService({ config: app.config, engine: app.engine, desk: app.desk, generator: { generate: async () => generated }, conversations });
      const r = await ask(HALF_ANSWERABLE, { channel: 'web', channelUserId: 'session-generated' });
      expect(r.generated).toBe(true);
      expect(r.ticket).toMatch(TICKET);
      expect(r.answer.startsWith(generated)).toBe(true);
      expect(r.answer).toContain(`「${UNANSWERED_SENTENCE}」`);
      expect(r.answer).toContain(r.ticket!);
      expect(app.desk.getTurn(r.turnId!)).toMatchObject({ answer: r.answer, ticket: r.ticket });
      // A question answered whole is the model's text alone.
      const whole = await ask('申请政府信息公开要收费吗？', { channel: 'web', channelUserId: 'session-generated' });
      expect(whole.answer).toBe(generated);
    } finally {
      conversations.close();
    }
  });

  it('decided whole on request (a follow-up read with its previous question): no parts, one passage at most', async () => {
    const hit = await repoApp().engine.explain(TWO_PASSAGES, 10, { whole: true });
    expect(hit.parts).toBeNull();
    const r = await repoApp().engine.answer(TWO_PASSAGES, { whole: true });
    expect(r.answer.match(/📄 出处：/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(r.unanswered).toBeUndefined();
  });

  it('a one-sentence question is decided once, as before', async () => {
    const hit = await repoApp().engine.explain('申请政府信息公开要收费吗？');
    expect(hit.resolved).toBe(true);
    expect(hit.parts).toBeNull();
  });

  it('a decision trained before part thresholds answers no sentence of a question it refuses whole', async () => {
    const index = loadIndexFiles(repoApp().config.indexDir);
    if (!index) throw new Error('no index');
    const decision = index.decision as DecisionModel;
    expect(decision.partThreshold).toBeGreaterThan(decision.threshold);
    const { partThreshold: _dropped, ...older } = decision;
    const embedder = await createEmbedder(repoApp().config.embed);
    const engine = new AnsweringEngine(repoApp().config, { ...index, decision: older }, embedder, async () => index);
    try {
      expect(engine.partThreshold).toBe(1);
      const r = await engine.answer(HALF_ANSWERABLE, { ticketFor: () => 'GX20261201-0043' });
      expect(r).toMatchObject({ resolved: false, kind: 'unresolved' });
      // Its answers to questions it answers whole are unchanged.
      expect((await engine.answer('申请政府信息公开要收费吗？')).resolved).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('an index build never reuses such a decision: it trains, or takes the shipped one', () => {
    const shipped = defaultDecision();
    const now = shipped.trainedOn!;
    expect(stillFits(shipped, now, DEFAULT_DECISION_OPTIONS)).toBe(true);
    const { partThreshold: _dropped, ...older } = shipped;
    expect(stillFits(older, now, DEFAULT_DECISION_OPTIONS)).toBe(false);
  });
});
