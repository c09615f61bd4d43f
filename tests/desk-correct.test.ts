/**
 * Correcting an answer from the log (issue 12, MaxKB's 修正): a refused question, corrected with `guanbot turns
 * correct`, is answered at once from the new 问答 entry, and so is a paraphrase of it. The real `guanbot` command on
 * a copy of the repo's corpus; the cleaning of what is published is checked on a real desk file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftCorrection } from '../src/desk/index.ts';
import { deskFixture, turn } from './fixtures/desk-setup.ts';
import { openStaffStore } from '../src/channels/web/staff/index.ts';
import { engineConfig, removeTempDirs, repoCorpusWorkspace, runCli } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

const QUESTION = '冠县图书馆周末几点开门？';
const ANSWER = '冠县图书馆周六、周日开放时间为上午9:00至下午5:00，法定节假日另行通知。';

interface Asked {
  kind: string;
  resolved: boolean;
  turnId: number;
  ticket: string | null;
  answer: string;
  citations: { docId: string; title: string }[];
}

describe('guanbot turns correct', () => {
  const ws = repoCorpusWorkspace();
  beforeAll(async () => {
    // Corrections publish FAQ entries: they are taken as an existing staff account whose role may (--as).
    const staff = openStaffStore(engineConfig(ws).dbPath);
    await staff.accounts.add('李娜', 'a-long-password', { role: 'editor' });
    staff.close();
  });
  const ask = async (q: string) => {
    const run = await runCli(['ask', '--json', q], ws);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Asked;
  };

  it('publishes the correction as a 问答 entry that answers the question, and its paraphrase, at once', async () => {
    const before = await ask(QUESTION);
    expect(before.kind).toBe('unresolved');
    const answered = await ask('申请政府信息公开多久能答复？');
    expect(answered.resolved).toBe(true);

    // The log lists the answered and the refused turn, the refused one with its ticket.
    const log = JSON.parse((await runCli(['turns', 'list', '--json'], ws)).stdout) as { turnId: number; resolved: boolean; ticket: string | null }[];
    expect(log.find((r) => r.turnId === before.turnId)).toMatchObject({ resolved: false, ticket: before.ticket });
    expect(log.find((r) => r.turnId === answered.turnId)).toMatchObject({ resolved: true, ticket: null });

    // Without --yes a non-interactive run shows the draft and publishes nothing.
    const refused = await runCli(['turns', 'correct', String(before.turnId), '--answer', ANSWER, '--as', '李娜'], ws);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toContain(`将发布为常见问答 faq-turn-${before.turnId}`);
    expect(refused.stderr).toContain('--yes');
    const file = path.join(ws.corpusDir, 'faq', `faq-turn-${before.turnId}.md`);
    expect(fs.existsSync(file)).toBe(false);

    const run = await runCli(['turns', 'correct', String(before.turnId), '--answer', ANSWER, '--yes', '--as', '李娜'], ws);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`已将第 ${before.turnId} 轮问答修正为问答 faq-turn-${before.turnId}`);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('type: 问答');
    expect(text).toContain(`question: ${QUESTION}`);
    expect(text.trimEnd().endsWith(ANSWER)).toBe(true);

    const after = await ask(QUESTION);
    expect(after.kind).toBe('faq');
    expect(after.citations[0]!.docId).toBe(`faq-turn-${before.turnId}`);
    expect(after.answer).toContain('上午9:00至下午5:00');
    const paraphrase = await ask('请问冠县图书馆周末几点开门');
    expect(paraphrase.resolved).toBe(true);
    expect(paraphrase.citations[0]!.docId).toBe(`faq-turn-${before.turnId}`);

    // The log shows who corrected the turn into which entry.
    const shown = await runCli(['turns', 'show', String(before.turnId)], ws);
    expect(shown.stdout).toContain(`已由 李娜 于`);
    expect(shown.stdout).toContain(`修正为问答 faq-turn-${before.turnId}`);
  }, 300_000);

  it('refuses an unknown turn and an empty answer in words', async () => {
    // Without an operator nothing is published, and staff are told which option is missing.
    const anonymous = await runCli(['turns', 'correct', '1', '--answer', ANSWER, '--yes'], ws);
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.stderr).toContain('--as');
    const unknown = await runCli(['turns', 'correct', '99999', '--answer', ANSWER, '--yes', '--as', '李娜'], ws);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('找不到第 99999 轮问答记录');
    const empty = await runCli(['turns', 'correct', '1', '--answer', '  ', '--yes', '--as', '李娜'], ws);
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toContain('请写明正确的答复');
  }, 120_000);
});

describe('what a correction publishes', () => {
  it('removes personal numbers from the question, masked or not, and flags names; --question replaces it', () => {
    // Kept or not, the correction starts from the log's masked question: the masked number is removed whole.
    for (const keep of ['true', 'false']) {
      const fx = deskFixture({ GUANBOT_KEEP_PERSONAL_DATA: keep });
      try {
        const id = fx.desk.recordTurn(turn('我叫张三，手机13812345678，冠县图书馆周末几点开门？', { kind: 'unresolved', resolved: false }));
        const draft = draftCorrection(fx.desk, fx.config, id, { answer: ANSWER });
        expect(draft.question).toBe('我叫张三，手机，冠县图书馆周末几点开门？');
        expect(draft.warnings.map((w) => [w.kind, w.field])).toEqual([['removedMasked', 'question'], ['name', 'question']]);
        expect(JSON.stringify(draft)).not.toContain('13812345678');
        const edited = draftCorrection(fx.desk, fx.config, id, { answer: ANSWER, question: '冠县图书馆周末开放时间', variants: ['图书馆周六开门吗', '冠县图书馆周末开放时间'] });
        expect(edited).toMatchObject({ question: '冠县图书馆周末开放时间', variants: ['图书馆周六开门吗'], answer: ANSWER, faqId: `faq-turn-${id}` });
      } finally {
        fx.cleanup();
      }
    }
  });
});
