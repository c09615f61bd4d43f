/**
 * The application object every channel and command works with: the answering
 * engine, the staff desk and the optional generator, wired once from config.
 * `ask` is the single path a citizen question takes, whatever the channel.
 */
import type { Logger } from 'pino';
import { loadConfig, type Config } from './config.ts';
import { createLogger } from './log.ts';
import { usePromptsDir } from './messages/index.ts';
import { ensureWritableDir } from './storage/sqlite.ts';
import { openEngine, buildIndex, type IndexSummary, type BuildOptions } from './answer/index.ts';
import type { AnswerResult, AskOptions, Engine } from './answer/types.ts';
import { DEFAULT_PERSONA } from './constants.ts';
import { ITEM_KIND } from './desk/status.ts';
import { openDesk, refreshSuggestions, type Desk, type SuggestionRun } from './desk/index.ts';
import { createGenerator, type Generator } from './llm/index.ts';
import { createEmbedder } from './retrieval/embedders/index.ts';
import { buildIndexInWorker } from './answer/build-in-worker.ts';
import { currentIndexDir } from './retrieval/index-store.ts';
import { conversationKey, resolveFollowUp } from './answer/conversation.ts';
import { SqliteConversationStore } from './answer/conversation-store.ts';
import { maskPersonalData } from './desk/index.ts';

export interface App {
  config: Config;
  log: Logger;
  engine: Engine;
  desk: Desk;
  /** Null when no OpenAI-compatible chat model is configured. */
  generator: Generator | null;
  /** Answers a citizen question, logs the turn and opens an item when the corpus has no answer. */
  ask(question: string, opts: AskOptions): Promise<AnswerResult>;
  /** Rebuilds the index incrementally and reloads it. */
  reindex(opts?: BuildOptions): Promise<IndexSummary>;
  /**
   * Picks up index versions built by other processes (`guanbot index`, a CLI promote) by polling the index pointer.
   * Returns a function that stops watching.
   */
  watchIndex(intervalMs?: number): () => void;
  /**
   * The run that flags open tickets the corpus can now answer, started in the background after each
   * reload (never in a citizen's request); resolves with the latest one once it is done (null: none yet or failed).
   */
  suggestions(): Promise<SuggestionRun | null>;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  config?: Config;
  log?: Logger;
  /** Build the index when none exists yet (default true). */
  buildIfMissing?: boolean;
}

/** Opens the index (building it on first start), the desk database and the generator. */
export async function createApp(options: CreateAppOptions = {}): Promise<App> {
  const config = options.config ?? loadConfig();
  usePromptsDir(config.promptsDir);
  // Fail first, in Chinese and naming the folder, rather than deep inside the index build or SQLite.
  ensureWritableDir(config.dataDir);
  const log = options.log ?? createLogger(config);
  // One embedder (one model session) serves answering and every rebuild; the engine closes it.
  const embedder = await createEmbedder(config.embed);
  const engine = await openEngine(config, { buildIfMissing: options.buildIfMissing ?? true, log, embedder });
  const desk = openDesk(config, log);
  const generator = createGenerator(config, log);
  const conversations = new SqliteConversationStore(config.dbPath);

  async function ask(question: string, opts: AskOptions): Promise<AnswerResult> {
    const started = performance.now();
    const persona = opts.persona ?? DEFAULT_PERSONA;
    // A follow-up is read with the conversation's previous turn when the learned decision finds that reading better.
    const key = opts.conversationId ? conversationKey(opts.channel, opts.conversationId, conversations.salt) : undefined;
    const reading = await resolveFollowUp(engine, question, key ? conversations.turns(key) : []);
    const result = await engine.answer(reading.question, { persona });
    let answer = result.answer;
    let generated = false;
    let generationMs: number | undefined;

    if (result.resolved && generator) {
      const g0 = performance.now();
      const text = await generator.generate({ question: reading.question, citations: result.citations, persona, onDelta: opts.onDelta, signal: opts.signal });
      generationMs = performance.now() - g0;
      if (text) {
        answer = text;
        generated = true;
      }
    }

    const record = opts.record ?? true;
    let messageId: string | null = null;
    if (!result.resolved && result.kind === 'unresolved') {
      if (record) {
        messageId = desk.openItem({
          kind: ITEM_KIND.unanswered,
          channel: opts.channel,
          channelUserId: opts.channelUserId,
          question,
          candidates: result.candidates.slice(0, 5).map((c) => ({ docId: c.docId, title: c.title, section: c.section, score: c.score, tags: c.tags })),
        }).ticket;
      }
      answer = engine.unresolvedReply(messageId ?? '', persona);
    }

    if (key) {
      if (result.kind === 'answer' || result.kind === 'faq') {
        const remembered = config.keepPersonalData ? reading.question : maskPersonalData(reading.question);
        conversations.remember(key, { question: remembered, passages: result.citations.map((c) => c.chunkId), at: Date.now() });
      } else conversations.touch(key);
    }

    const totalMs = performance.now() - started;
    let turnId: number | null = null;
    if (record) {
      turnId = desk.recordTurn({
        channel: opts.channel,
        channelUserId: opts.channelUserId,
        question,
        answer,
        resolved: result.resolved,
        kind: result.kind,
        persona,
        citations: result.citations.map((c) => ({ docId: c.docId, chunkId: c.chunkId, score: c.score, title: c.title, section: c.section, text: c.text })),
        latencyMs: totalMs,
        ticket: messageId,
        generated,
        confidence: result.confidence,
      });
    }

    return {
      question,
      resolved: result.resolved,
      kind: result.kind,
      answer,
      persona,
      citations: result.citations,
      messageId,
      turnId,
      confidence: result.confidence,
      generated,
      timings: { totalMs: Math.round(totalMs * 100) / 100, retrievalMs: result.retrievalMs, generationMs },
      resolvedQuestion: reading.question,
      ...(reading.trace ? { followUp: reading.trace } : {}),
    };
  }

  // Runs one after another, after the index they re-ask was loaded.
  let suggesting: Promise<SuggestionRun | null> = Promise.resolve(null);
  function suggestAfterReload(): void {
    const asker = { askWithoutRecording: (q: string) => ask(q, { channel: 'cli', record: false }), version: engine.version };
    suggesting = suggesting
      .then(() => refreshSuggestions(desk, asker, { limit: config.suggestLimit }))
      .then((run) => {
        log.info({ checked: run.checked, flagged: run.flagged.length }, 'open tickets re-asked');
        return run;
      })
      .catch((err: unknown) => {
        log.error({ err }, 're-asking open tickets failed');
        return null;
      });
  }

  return {
    config,
    log,
    engine,
    desk,
    generator,
    ask,
    async reindex(opts = {}) {
      // The built-in embedder builds in a worker thread, so citizens are answered while it trains; a model-backed
      // embedder (one loaded model per app) builds here.
      const summary =
        config.embed.kind === 'builtin'
          ? await buildIndexInWorker(config, { full: opts.full, onProgress: opts.onProgress })
          : await buildIndex(config, { embedder, ...opts, log });
      log.info({ docs: summary.docs, chunks: summary.chunks, ms: summary.ms }, 'index rebuilt');
      await engine.reload();
      suggestAfterReload();
      return summary;
    },
    watchIndex(intervalMs = 5000) {
      let reloading = false;
      const timer = setInterval(() => {
        const current = currentIndexDir(config.indexDir);
        if (reloading || !current || current === engine.version) return;
        reloading = true;
        engine
          .reload()
          .then(() => {
            log.info({ version: engine.version }, 'index reloaded');
            suggestAfterReload();
          })
          .catch((err: unknown) => log.error({ err }, 'index reload failed; still answering from the previous version'))
          .finally(() => (reloading = false));
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
    suggestions: () => suggesting,
    async close() {
      await suggesting;
      await engine.close();
      conversations.close();
      desk.closeDb();
    },
  };
}
