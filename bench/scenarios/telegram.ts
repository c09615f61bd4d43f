/**
 * `telegram`: the real bot (grammY + @grammyjs/runner, default concurrency) answering from the default corpus,
 * against the stand-in Bot API running in a child process of its own. A burst of distinct questions from distinct
 * chats gives the achieved updates per second (replies counted as the stand-in receives them, not the rate pushed);
 * a paced stream gives the reply latency at a steady rate. Each question is asked once. A second burst goes through
 * the same bot with the answering replaced by one ready answer: what the channel itself (grammY, runner, Bot API
 * round trips, chat store) sustains, so a reader can tell the channel's limit from the engine's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pino from 'pino';
import { buildIndex } from '../../src/answer/index.ts';
import { createApp, type App } from '../../src/app.ts';
import { startTelegram } from '../../src/channels/telegram/index.ts';
import { loadConfig } from '../../src/config.ts';
import { TOKEN } from '../../tests/fixtures/fake-telegram-api.ts';
import { latencySummary, loadEvalStream, REPO_ROOT, round, type BenchInputs, type ScenarioOutcome } from '../lib/index.ts';
import type { DriveRequest, DriveResult } from '../telegram-api-process.ts';
import { createWorkspace, prepareDefaultCorpus } from './workspace.ts';

export const TELEGRAM_TARGETS = { updatesPerSec: 500 };

export interface TelegramBenchOptions {
  warmup?: number;
  burst?: number;
  paced?: number;
  pacedPerSecond?: number;
}

const DEFAULTS: Required<TelegramBenchOptions> = { warmup: 20, burst: 400, paced: 300, pacedPerSecond: 200 };

/** A staff member, so unanswered questions also go through the (batched) staff notices. */
const STAFF_ID = '555001';

/**
 * The app with `ask` answering every question at once with the same cited answer (the channel-only burst): the first
 * of `questions` the corpus answers, logged once so the reply carries its feedback keyboard as a real one does.
 */
async function readyAnswerApp(app: App, questions: string[]): Promise<App> {
  for (const q of questions) {
    const ready = await app.ask(q, { channel: 'telegram' });
    if (ready.kind === 'answer' || ready.kind === 'faq') return { ...app, ask: async (question) => ({ ...ready, question }) };
  }
  throw new Error('no question of the stream is answered: nothing to reply with');
}

/** The stand-in Bot API in a child process; resolves once it listens. */
function startApiProcess(): Promise<{ child: ChildProcess; apiRoot: string }> {
  const child = fork(path.join(REPO_ROOT, 'bench', 'telegram-api-process.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`stand-in Bot API exited with code ${code}`)));
    child.once('message', (m: { type: string; apiRoot: string }) => resolve({ child, apiRoot: m.apiRoot }));
  });
}

function driveApi(child: ChildProcess, req: Omit<DriveRequest, 'type'>): Promise<DriveResult> {
  return new Promise((resolve) => {
    child.once('message', (m: DriveResult) => resolve(m));
    child.send({ type: 'drive', ...req });
  });
}

export async function runTelegram(inputs: BenchInputs, options: TelegramBenchOptions = {}): Promise<ScenarioOutcome> {
  const opts = { ...DEFAULTS, ...options };
  const ws = createWorkspace();
  const { child, apiRoot } = await startApiProcess();
  try {
    prepareDefaultCorpus(ws, inputs);
    await buildIndex(ws.config, { full: true });
    const config = loadConfig(
      {
        GUANBOT_DATA_DIR: ws.config.dataDir,
        GUANBOT_CORPUS_DIR: ws.corpusDir,
        GUANBOT_LOG_LEVEL: 'silent',
        TELEGRAM_BOT_TOKEN: TOKEN,
        GUANBOT_TELEGRAM_API_ROOT: apiRoot,
        GUANBOT_STAFF_TELEGRAM_IDS: STAFF_ID,
      },
      ws.root,
    );
    const app = await createApp({ config, log: pino({ level: 'silent' }), buildIfMissing: false });
    const all = loadEvalStream(inputs.evalFiles).map((q) => q.q);
    let next = 0;
    // Distinct questions for every phase: nothing is asked twice.
    const take = (n: number) => Array.from({ length: n }, () => all[next++ % all.length]!);
    let chatId = 1_000_000;
    const timeoutMs = 120_000;
    const drive = (questions: string[], perSecond: number) => {
      chatId += 10_000;
      return driveApi(child, { questions, firstChatId: chatId, perSecond, timeoutMs });
    };
    /** Starts the bot on `botApp` (production settings except a 1 s long poll, so closing is quick), runs `fn`, stops it. */
    const withBot = async <T>(botApp: App, fn: () => Promise<T>): Promise<T> => {
      const handle = await startTelegram(botApp, { pollTimeoutSeconds: 1 });
      if (!handle) throw new Error('the bot did not start');
      try {
        return await fn();
      } finally {
        await handle.close();
      }
    };
    try {
      const { burst, paced } = await withBot(app, async () => {
        await drive(take(opts.warmup), 0);
        return { burst: await drive(take(opts.burst), 0), paced: await drive(take(opts.paced), opts.pacedPerSecond) };
      });
      const channelOnly = await withBot(await readyAnswerApp(app, all), () => drive(take(opts.burst), 0));
      const burstLat = latencySummary(burst.latencies);
      const pacedLat = latencySummary(paced.latencies);
      const rate = (r: DriveResult) => (r.latencies.length / r.spanMs) * 1000;
      const perUpdate = (r: DriveResult, n: number) => {
        const calls = Object.entries(r.calls).filter(([m]) => m !== 'getUpdates').reduce((sum, [, c]) => sum + c, 0);
        return calls / n;
      };
      return {
        scenario: 'telegram',
        metrics: [
          { name: 'burst updates/s', value: rate(burst), unit: '/s', digits: 0 },
          { name: 'burst p95', value: burstLat.p95, unit: 'ms', digits: 1 },
          { name: 'channel-only updates/s', value: rate(channelOnly), unit: '/s', digits: 0 },
          { name: `paced ${opts.pacedPerSecond}/s achieved`, value: rate(paced), unit: '/s', digits: 0 },
          { name: 'paced p50', value: pacedLat.p50, unit: 'ms', digits: 1 },
          { name: 'paced p95', value: pacedLat.p95, unit: 'ms', digits: 1 },
          { name: 'Bot API calls per update', value: perUpdate(burst, opts.burst), unit: '', digits: 2 },
        ],
        targets: [
          { metric: 'burst updates/s', op: '>=', value: TELEGRAM_TARGETS.updatesPerSec },
          { metric: 'channel-only updates/s', op: '>=', value: TELEGRAM_TARGETS.updatesPerSec },
        ],
        details: {
          burst: opts.burst,
          burstMissing: burst.missing,
          burstSpanMs: round(burst.spanMs, 1),
          burstCalls: JSON.stringify(burst.calls),
          channelOnlyMissing: channelOnly.missing,
          channelOnlyCalls: JSON.stringify(channelOnly.calls),
          paced: opts.paced,
          pacedMissing: paced.missing,
          pacedCalls: JSON.stringify(paced.calls),
        },
      };
    } finally {
      await app.close();
    }
  } finally {
    child.send({ type: 'close' });
    child.removeAllListeners('exit');
    ws.dispose();
  }
}
