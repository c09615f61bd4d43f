/**
 * One index rebuild at a time, with progress the console polls. A request
 * while a rebuild runs is remembered and run once right after, so an edit made
 * during a rebuild is never left out of the index.
 */
import type { App } from '../../../app.ts';

export type ReindexState = 'idle' | 'running' | 'done' | 'failed';

export interface ReindexStatus {
  state: ReindexState;
  /** Last progress report of the running rebuild (whatever the builder reports: phase, done, total). */
  progress: Record<string, unknown> | null;
  startedAt: string | null;
  finishedAt: string | null;
  startedBy: string | null;
  /** Summary of the last finished rebuild. */
  summary: unknown;
  error: string | null;
  /** Another rebuild will run right after this one. */
  queued: boolean;
}

export class ReindexJob {
  private status: ReindexStatus = { state: 'idle', progress: null, startedAt: null, finishedAt: null, startedBy: null, summary: null, error: null, queued: false };
  private running: Promise<void> | null = null;

  constructor(private readonly app: App) {}

  get(): ReindexStatus {
    return { ...this.status };
  }

  /** Starts a rebuild, or queues one when a rebuild is already running. */
  start(by: string): ReindexStatus {
    if (this.running) {
      this.status.queued = true;
      return this.get();
    }
    this.running = this.run(by).finally(() => {
      this.running = null;
      if (this.status.queued) {
        this.status.queued = false;
        this.start(by);
      }
    });
    return this.get();
  }

  /** Resolves when no rebuild is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(by: string): Promise<void> {
    this.status = { ...this.status, state: 'running', progress: null, startedAt: new Date().toISOString(), finishedAt: null, startedBy: by, error: null };
    try {
      const summary = await this.app.reindex({
        onProgress: (p: unknown) => {
          this.status.progress = p && typeof p === 'object' ? { ...(p as Record<string, unknown>) } : { value: p };
        },
      } as Parameters<App['reindex']>[0]);
      this.status = { ...this.status, state: 'done', summary, finishedAt: new Date().toISOString() };
    } catch (err) {
      this.app.log.error({ err }, 'reindex from the console failed');
      this.status = { ...this.status, state: 'failed', error: err instanceof Error ? err.message : String(err), finishedAt: new Date().toISOString() };
    }
  }
}
