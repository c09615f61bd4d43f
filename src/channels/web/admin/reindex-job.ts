/**
 * Index rebuilds started from the console, one at a time, with progress the
 * console polls. A request made while a rebuild runs is queued once (several
 * requests share it), so an edit made during a rebuild is never left out.
 */
import type { Reindexer } from '../../../app/index.ts';
import type { IndexSummary } from '../../../answer/index.ts';

export type ReindexState = 'idle' | 'running' | 'done' | 'failed';

export interface ReindexStatus {
  state: ReindexState;
  /** Last progress report of the running rebuild: phase (chunk, embed, write), done, total. */
  progress: { phase: string; done: number; total: number } | null;
  startedAt: string | null;
  finishedAt: string | null;
  startedBy: string | null;
  /** Summary of the last finished rebuild. */
  summary: { docs: number; chunks: number; embedded: number; reused: number; ms: number } | null;
  error: string | null;
  /** Another rebuild will run right after this one. */
  queued: boolean;
  /** Open tickets re-asked after the last rebuild and those the corpus can now answer (null until that run is done). */
  suggestions: { checked: number; flagged: number } | null;
}

export class ReindexJob {
  private status: ReindexStatus = { state: 'idle', progress: null, startedAt: null, finishedAt: null, startedBy: null, summary: null, error: null, queued: false, suggestions: null };
  private chain: Promise<unknown> = Promise.resolve();
  private waiting: Promise<IndexSummary> | null = null;
  private active = false;

  /**
   * @param indexer rebuilds and re-asks (its `suggestions` optional: without it the status never shows the outcome)
   * @param log where a failed rebuild is logged
   */
  constructor(
    private readonly indexer: Pick<Reindexer, 'reindex'> & Partial<Pick<Reindexer, 'suggestions'>>,
    private readonly log: { error(obj: object, msg: string): void },
  ) {}

  get(): ReindexStatus {
    return { ...this.status };
  }

  /** Starts (or queues) a rebuild without waiting for it. */
  start(by: string): ReindexStatus {
    this.request(by).catch(() => undefined);
    return this.get();
  }

  /** Runs (or joins the queued) rebuild and resolves with its summary; rejects when it fails. */
  request(by: string): Promise<IndexSummary> {
    if (this.waiting) return this.waiting;
    if (this.active) this.status.queued = true;
    // Shown as running from the moment it is asked for, so the console starts polling at once.
    else this.begin(by);
    this.active = true;
    const next = this.chain.then(() => {
      this.waiting = null;
      if (this.status.queued) {
        this.status.queued = false;
        this.begin(by);
      }
      return this.run();
    });
    this.waiting = next;
    this.chain = next.catch(() => undefined).finally(() => {
      if (!this.waiting) this.active = false;
    });
    return next;
  }

  /** Resolves when nothing is running or queued (tests, shutdown). */
  async idle(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  private begin(by: string): void {
    this.status = { ...this.status, state: 'running', progress: null, startedAt: new Date().toISOString(), finishedAt: null, startedBy: by, error: null };
  }

  private async run(): Promise<IndexSummary> {
    try {
      const summary = await this.indexer.reindex({ onProgress: (p) => (this.status.progress = { phase: p.phase, done: p.done, total: p.total }) });
      this.status = {
        ...this.status,
        state: 'done',
        summary: { docs: summary.docs, chunks: summary.chunks, embedded: summary.embedded, reused: summary.reused, ms: Math.round(summary.ms) },
        finishedAt: new Date().toISOString(),
        suggestions: null,
      };
      // The app re-asks open tickets in the background after the reload; the console shows the outcome once known.
      void this.indexer.suggestions?.().then((run) => {
        if (run) this.status.suggestions = { checked: run.checked, flagged: run.flagged.length };
      });
      return summary;
    } catch (err) {
      this.log.error({ err }, 'reindex from the console failed');
      this.status = { ...this.status, state: 'failed', error: err instanceof Error ? err.message : String(err), finishedAt: new Date().toISOString() };
      throw err;
    }
  }
}
