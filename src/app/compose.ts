/**
 * The composition root: builds every part the channels and commands work with
 * — config, log, embedder, engine, desk, generator, conversation store — once,
 * and wires the ask and index services over them. Nothing here answers or
 * decides; that lives in the services and the parts.
 */
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { ensureWritableDir } from '../storage/sqlite.ts';
import { openEngine } from '../answer/index.ts';
import type { Engine } from '../answer/types.ts';
import { SqliteConversationStore } from '../answer/conversation-store.ts';
import { openDesk, type Desk } from '../desk/index.ts';
import { createGenerator, type Generator } from '../llm/index.ts';
import { createEmbedder } from '../retrieval/embedders/index.ts';
import { createAskService, type AskFunction } from './ask-service.ts';
import { createIndexService, type IndexService } from './index-service.ts';

/** The application: its parts and services, wired once from config. */
export interface App extends IndexService {
  config: Config;
  log: Logger;
  engine: Engine;
  desk: Desk;
  /** Null when no OpenAI-compatible chat model is configured. */
  generator: Generator | null;
  /** Answers a citizen question, logs the turn and opens an item when the corpus has no answer. */
  ask: AskFunction;
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
  // The prompts folder travels with the config to every part and channel; the process-wide default of
  // src/messages (set by the CLI entry) is left alone, so two apps in one process each keep their own.
  // Fail first, in Chinese and naming the folder, rather than deep inside the index build or SQLite.
  ensureWritableDir(config.dataDir);
  const log = options.log ?? createLogger(config);
  // One embedder (one model session) serves answering and every rebuild; the engine closes it.
  const embedder = await createEmbedder(config.embed);
  const engine = await openEngine(config, { buildIfMissing: options.buildIfMissing ?? true, log, embedder });
  const desk = openDesk(config, log);
  const generator = createGenerator(config, log);
  const conversations = new SqliteConversationStore(config.dbPath);

  const ask = createAskService({ config, engine, desk, generator, conversations });
  const index = createIndexService({ config, log, engine, embedder, desk, ask });

  return {
    config,
    log,
    engine,
    desk,
    generator,
    ask,
    ...index,
    async close() {
      await index.suggestions();
      await engine.close();
      conversations.close();
      await desk.settled();
      desk.closeDb();
    },
  };
}
