/**
 * Questions learned from use (the bank's learned file) join the bank field at the next build without a full
 * retraining, until enough have accumulated (`retrainAfterLearned`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../src/answer/index.ts';
import { LEARNED_FILE } from '../src/corpus/index.ts';
import { loadIndexFiles } from '../src/retrieval/index-store.ts';
import { engineConfig, removeTempDirs, repoCorpusWorkspace } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

const learned = (questions: string[]) =>
  `entries:\n  - doc: interp-fees\n    section: 申请政府信息公开要交钱吗？\n    key: 不收取费用\n    questions:\n${questions.map((q) => `      - ${q}\n`).join('')}`;

describe('questions learned from use', () => {
  it('join the bank at the next build while the trained model is reused', async () => {
    const ws = repoCorpusWorkspace();
    const config = engineConfig(ws);
    const before = await buildIndex(config, { full: true });
    const question = '找县里要份文件得不得掏腰包哈';
    fs.writeFileSync(path.join(ws.corpusDir, LEARNED_FILE), learned([question]));
    const after = await buildIndex(config);
    const index = loadIndexFiles(config.indexDir)!;
    expect(index.dir).toBe(after.dir);
    expect(index.dir).not.toBe(before.dir);
    expect(index.manifest.learnedQuestions).toBe(1);
    expect(index.bank.questions.some((q) => q.text === question)).toBe(true);
    const decision = index.decision as { metrics: { source: string } };
    expect(decision.metrics.source).toBe('reused');
  }, 120_000);
});
