import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createApp, type App } from '../src/app.ts';
import { restatingModel, startFakeOpenAI, type FakeOpenAI } from './fixtures/fake-openai.ts';

const repoCorpus = path.resolve(import.meta.dirname, '..', 'corpus');
const QUESTION = '去年受理了多少政府信息公开申请？';

const faithfulModel = restatingModel();

let fake: FakeOpenAI;
let tmp: string;
let app: App;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-'));
  fs.cpSync(repoCorpus, path.join(tmp, 'corpus'), { recursive: true });
  fake = await startFakeOpenAI();
  const config = loadConfig(
    {
      GUANBOT_DATA_DIR: path.join(tmp, 'data'),
      GUANBOT_CORPUS_DIR: path.join(tmp, 'corpus'),
      GUANBOT_LOG_LEVEL: 'silent',
      GUANBOT_LLM_BASE_URL: fake.baseURL,
      GUANBOT_LLM_MODEL: 'fake-chat',
      GUANBOT_LLM_TIMEOUT_MS: '3000',
    },
    tmp,
  );
  app = await createApp({ config });
});

afterAll(async () => {
  await app?.close();
  await fake?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('generative answers through createApp', () => {
  it('has a generator when GUANBOT_LLM_* point to a model', () => {
    expect(app.generator).not.toBeNull();
  });

  it('returns the generated answer (generated: true) when it is grounded, streaming it through onDelta', async () => {
    fake.setFallback(faithfulModel);
    const deltas: string[] = [];
    const result = await app.ask(QUESTION, { channel: 'web', channelUserId: 's1', onDelta: (t) => deltas.push(t) });
    expect(result.resolved).toBe(true);
    expect(result.generated).toBe(true);
    expect(result.answer).toMatch(/^冠小梨来啦！.*\[1\]$/s);
    expect(result.answer).toContain('130件');
    expect(deltas.at(-1)).toBe(result.answer);
    // The model saw the same passages the citizen is shown as sources.
    const user = fake.requests.at(-1)!.body.messages![1]!.content;
    expect(user).toContain(result.citations[0]!.text);
    expect(result.timings.generationMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps the extractive answer (generated: false) when the model invents a figure', async () => {
    fake.setFallback({ text: '2024年共受理政府信息公开申请999件[1]。' });
    const result = await app.ask(QUESTION, { channel: 'web', channelUserId: 's2', onDelta: () => {} });
    const extractive = await app.engine.answer(QUESTION, { persona: 'xiaoli' });
    expect(result.resolved).toBe(true);
    expect(result.generated).toBe(false);
    expect(result.answer).toBe(extractive.answer);
    expect(result.answer).not.toContain('999');
  });

  it('keeps the extractive answer when the model is down', async () => {
    fake.setFallback({ status: 503 });
    const result = await app.ask(QUESTION, { channel: 'cli', record: false });
    expect(result.generated).toBe(false);
    expect(result.answer).toBe((await app.engine.answer(QUESTION, { persona: 'xiaoli' })).answer);
  });

  it('never asks the model about a question the corpus cannot answer', async () => {
    const before = fake.requests.length;
    fake.setFallback(faithfulModel);
    const result = await app.ask('冠县鸭梨多少钱一斤？', { channel: 'cli', record: false });
    expect(result.resolved).toBe(false);
    expect(result.generated).toBe(false);
    expect(fake.requests.length).toBe(before);
  });

  it('counts what happened for the eval report', () => {
    const stats = app.generator!.stats!();
    expect(stats.passed).toBeGreaterThanOrEqual(1);
    expect(stats.failedGrounding).toBeGreaterThanOrEqual(1);
    expect(stats.errors).toBeGreaterThanOrEqual(1);
    expect(stats.attempts).toBe(stats.passed + stats.failedGrounding + stats.errors);
  });
});
