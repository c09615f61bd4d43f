/**
 * Training asks the bank's questions in worker threads (the slow part of every rebuild): the answers must be exactly
 * those of asking them in one thread, in the same order, or the trained model would depend on the machine.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../src/answer/index.ts';
import { askBankInWorkers, fitInWorkers } from '../src/answer/decision/ask-in-workers.ts';
import { trainBoosted } from '../src/answer/decision/boosted.ts';
import { FEATURES } from '../src/answer/decision/candidates.ts';
import { DEFAULT_DECISION_OPTIONS } from '../src/answer/decision/options.ts';
import { askBank } from '../src/answer/decision/train.ts';
import { HashedNgramEmbedder } from '../src/retrieval/embedders/index.ts';
import { createAnalyzer, loadIndexFiles } from '../src/retrieval/index-store.ts';
import { Retriever } from '../src/retrieval/retriever.ts';
import { engineConfig, removeTempDirs, repoCorpusWorkspace } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

describe('asking the bank in worker threads', () => {
  it('gives the same labelled candidates, in the same order, and the same fitted models as one thread', async () => {
    // A small bank (one document's questions and the negatives) keeps the test short; the corpus is the real one.
    const ws = repoCorpusWorkspace();
    const questions = path.join(ws.corpusDir, 'questions');
    for (const f of fs.readdirSync(questions)) if (f !== 'faq-2024-applications.yaml' && f !== 'negatives.yaml') fs.rmSync(path.join(questions, f));
    const config = engineConfig(ws);
    await buildIndex(config);
    const index = loadIndexFiles(config.indexDir)!;
    expect(index.bank.size).toBeGreaterThan(100);
    const embedder = new HashedNgramEmbedder();
    const retriever = new Retriever(index, createAnalyzer(config.corpusDir), embedder);

    const one = await askBank(retriever, index, DEFAULT_DECISION_OPTIONS);
    const progress: number[] = [];
    const two = await askBankInWorkers(index, { corpusDir: config.corpusDir, dimensions: embedder.dimensions }, { ...DEFAULT_DECISION_OPTIONS, askWorkers: 2 }, (done) =>
      progress.push(done),
    );
    expect(two.length).toBe(one.length);
    expect(two).toEqual(one);
    expect(progress.at(-1)).toBe(index.bank.size);

    // The folds' models and the final one, fitted in two threads, are the models one thread fits.
    const sets = [one.filter((a) => a.fold !== 0), one.filter((a) => a.fold !== 1), one];
    const fitted = await fitInWorkers(FEATURES, sets, DEFAULT_DECISION_OPTIONS.boost, 2);
    expect(fitted).toEqual(sets.map((set) => trainBoosted([...FEATURES], set.flatMap((a) => a.rows), set.flatMap((a) => a.labels), DEFAULT_DECISION_OPTIONS.boost)));
  }, 180_000);
});
