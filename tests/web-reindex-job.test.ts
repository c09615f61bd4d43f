/** The console's rebuild queue: one rebuild at a time, requests during a rebuild share one follow-up run. */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ReindexJob } from '../src/channels/web/admin/reindex-job.ts';
import type { IndexSummary } from '../src/answer/index.ts';

function gatedBuilder() {
  const gates: (() => void)[] = [];
  let running = 0;
  let maxRunning = 0;
  let runs = 0;
  const app = {
    log: pino({ level: 'silent' }),
    async reindex(opts?: { onProgress?: (p: { phase: 'chunk' | 'embed' | 'write'; done: number; total: number }) => void }): Promise<IndexSummary> {
      runs += 1;
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      opts?.onProgress?.({ phase: 'embed', done: 1, total: 3 });
      await new Promise<void>((resolve) => gates.push(resolve));
      running -= 1;
      if (runs === 3) throw new Error('disk full');
      return { dir: 'x', bankQuestions: 0, kept: [], embedder: 'builtin', docs: 2, chunks: 5, embedded: 5, reused: 0, skippedExpired: 0, problems: [], ms: 12 };
    },
  };
  const release = async () => {
    while (!gates.length) await new Promise((r) => setTimeout(r, 1));
    gates.shift()!();
  };
  return { app, release, stats: () => ({ runs, maxRunning }) };
}

describe('ReindexJob', () => {
  it('runs one rebuild at a time and folds requests made meanwhile into one follow-up', async () => {
    const { app, release, stats } = gatedBuilder();
    const job = new ReindexJob(app, app.log);
    // Running from the moment it is asked for, so the console polls at once.
    expect(job.start('a').state).toBe('running');
    await expect.poll(() => job.get().progress).toEqual({ phase: 'embed', done: 1, total: 3 });
    job.start('b');
    const joined = job.request('c');
    expect(job.get().queued).toBe(true);
    await release();
    await release();
    const summary = await joined;
    expect(summary.chunks).toBe(5);
    expect(stats()).toEqual({ runs: 2, maxRunning: 1 });
    expect(job.get()).toMatchObject({ state: 'done', queued: false, summary: { docs: 2, chunks: 5 } });
  });

  it('reports a failed rebuild and rejects whoever waits for it', async () => {
    const { app, release } = gatedBuilder();
    const job = new ReindexJob(app, app.log);
    const first = job.request('a');
    await release();
    await first;
    const second = job.request('a');
    await release();
    await second;
    const third = job.request('a');
    await release();
    await expect(third).rejects.toThrow('disk full');
    expect(job.get()).toMatchObject({ state: 'failed', error: 'disk full' });
    await job.idle();
  });
});
