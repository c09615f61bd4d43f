/**
 * Telegram channel bench: the real bot (grammY + @grammyjs/runner) against the
 * stand-in Bot API on 127.0.0.1, the real app on a temp copy of ./corpus.
 *
 * - burst: N updates from N different chats pushed at once → updates per second
 *   through the bot at several runner concurrencies, and latency under that load;
 * - paced: updates arriving at a steady rate → p50/p95 time from update to reply
 *   (the stand-in receiving the answer's sendMessage) without queueing.
 *
 * `npx tsx bench/telegram.ts` prints the rows; the lead's bench imports benchTelegram().
 */
import { loadConfig } from '../src/config.ts';
import { createApp, type App } from '../src/app.ts';
import { startTelegram } from '../src/channels/telegram/index.ts';
import { copyCorpus, loadEvalQuestions, percentile, defaultInputs, round } from './lib/index.ts';
import { createWorkspace, type Workspace } from './scenarios/workspace.ts';
import { startFakeTelegram, TOKEN, type FakeTelegramApi } from '../tests/fixtures/fake-telegram-api.ts';

type Row = Record<string, number | string>;

const BURST_UPDATES = 300;
const CONCURRENCIES = [1, 8, 64];
const PACED_UPDATES = 100;
const PACED_PER_SECOND = 25;

/** Pushes one question per chat and resolves when every chat got its first reply; returns per-update latencies. */
async function drive(api: FakeTelegramApi, questions: string[], firstChatId: number, gapMs: number): Promise<{ latencies: number[]; spanMs: number }> {
  const pushedAt = new Map<number, number>();
  const start = performance.now();
  for (let i = 0; i < questions.length; i++) {
    const id = firstChatId + i;
    pushedAt.set(id, performance.now());
    api.sendText({ id, type: 'private' }, { id, is_bot: false, first_name: '市民' }, questions[i]);
    if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
  }
  const replyAt = new Map<number, number>();
  await api.waitFor(
    () => {
      for (const c of api.callsOf('sendMessage')) {
        const id = Number(c.payload.chat_id);
        if (pushedAt.has(id) && !replyAt.has(id)) replyAt.set(id, c.at);
      }
      return replyAt.size === questions.length;
    },
    120_000,
    'all replies',
  );
  const latencies = [...replyAt].map(([id, at]) => at - pushedAt.get(id)!);
  return { latencies, spanMs: Math.max(...replyAt.values()) - start };
}

async function withBot<T>(app: App, concurrency: number, fn: (api: FakeTelegramApi) => Promise<T>, ws: Workspace): Promise<T> {
  const api = await startFakeTelegram();
  const config = loadConfig(
    {
      GUANBOT_DATA_DIR: ws.config.dataDir,
      GUANBOT_CORPUS_DIR: ws.corpusDir,
      GUANBOT_LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: TOKEN,
      GUANBOT_TELEGRAM_API_ROOT: api.apiRoot,
      GUANBOT_TELEGRAM_RATE_LIMIT: '1000',
    },
    ws.root,
  );
  const handle = await startTelegram({ ...app, config }, { concurrency, pollTimeoutSeconds: 1, typingIntervalMs: 60_000, staffPollMs: 60_000 });
  try {
    return await fn(api);
  } finally {
    await handle!.close();
    await api.close();
  }
}

/** Runs the bench and returns one row per measurement. */
export async function benchTelegram(): Promise<Row[]> {
  const ws = createWorkspace();
  const inputs = defaultInputs();
  copyCorpus(inputs.corpusDir, ws.corpusDir);
  const questions = loadEvalQuestions(inputs.questionsFile);
  const pick = (n: number, offset: number) => Array.from({ length: n }, (_, i) => questions[(i + offset) % questions.length]);
  const app = await createApp({ config: ws.config });
  const rows: Row[] = [];
  let chatId = 1_000_000;
  try {
    // Warm up the engine and the HTTP path once.
    await withBot(app, 8, (api) => drive(api, pick(20, 0), (chatId += 1000), 0), ws);

    for (const concurrency of CONCURRENCIES) {
      const { latencies, spanMs } = await withBot(app, concurrency, (api) => drive(api, pick(BURST_UPDATES, concurrency), (chatId += 1000), 0), ws);
      rows.push({
        scenario: 'telegram burst',
        concurrency,
        updates: BURST_UPDATES,
        updatesPerSec: round(BURST_UPDATES / (spanMs / 1000), 1),
        p50Ms: round(percentile(latencies, 50), 1),
        p95Ms: round(percentile(latencies, 95), 1),
      });
    }

    const { latencies } = await withBot(app, 64, (api) => drive(api, pick(PACED_UPDATES, 7), (chatId += 1000), 1000 / PACED_PER_SECOND), ws);
    rows.push({
      scenario: `telegram paced ${PACED_PER_SECOND}/s`,
      concurrency: 64,
      updates: PACED_UPDATES,
      updatesPerSec: PACED_PER_SECOND,
      p50Ms: round(percentile(latencies, 50), 1),
      p95Ms: round(percentile(latencies, 95), 1),
    });
  } finally {
    await app.close();
    ws.dispose();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchTelegram();
  console.table(rows);
}
