/**
 * Keeping the served index current: rebuilding it (the console, a promoted
 * FAQ), picking up versions other processes built (`guanbot index`, a CLI
 * promote), and, after every reload, re-asking open tickets in the background
 * to flag those the corpus can now answer.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { buildIndex, type BuildOptions, type IndexSummary } from '../answer/index.ts';
import { buildIndexInWorker } from '../answer/build-in-worker.ts';
import type { Engine } from '../answer/types.ts';
import { refreshSuggestions, type SuggestionRun, type SuggestionStore } from '../desk/index.ts';
import type { Embedder } from '../retrieval/embedders/index.ts';
import { currentIndexDir } from '../retrieval/index-store.ts';
import type { AskFunction } from './ask-service.ts';

export interface IndexServiceParts {
  config: Config;
  log: Logger;
  engine: Pick<Engine, 'reload' | 'version'>;
  /** The app's one embedder (one model session), for rebuilds that do not run in a worker. */
  embedder: Embedder;
  desk: SuggestionStore;
  ask: AskFunction;
}

export interface IndexService {
  /** Rebuilds the index incrementally and reloads it. */
  reindex(opts?: BuildOptions): Promise<IndexSummary>;
  /**
   * Picks up index versions built by other processes by polling the index pointer.
   * Returns a function that stops watching.
   */
  watchIndex(intervalMs?: number): () => void;
  /**
   * The run that flags open tickets the corpus can now answer, started in the background after each
   * reload (never in a citizen's request); resolves with the latest one once it is done (null: none yet or failed).
   */
  suggestions(): Promise<SuggestionRun | null>;
}

/** Builds the index service over the parts. */
export function createIndexService({ config, log, engine, embedder, desk, ask }: IndexServiceParts): IndexService {
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
  };
}
