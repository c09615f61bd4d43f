/** Timing helpers that wrap the engine and index build. */
import type { BuildProgress } from '../../src/retrieval/index-store.ts';

/** Anything that answers a question (the engine). */
export interface Answerer {
  answer(question: string): Promise<unknown>;
}

/**
 * Times `engine.answer` for every question, `rounds` times over the set, after `warmup` untimed questions.
 * @returns one latency sample (ms) per answer
 */
export async function timeAnswers(engine: Answerer, questions: string[], opts: { rounds?: number; warmup?: number } = {}): Promise<number[]> {
  for (const q of questions.slice(0, opts.warmup ?? 5)) await engine.answer(q);
  const samples: number[] = [];
  for (let r = 0; r < (opts.rounds ?? 1); r++) {
    for (const q of questions) {
      const started = performance.now();
      await engine.answer(q);
      samples.push(performance.now() - started);
    }
  }
  return samples;
}

/** Records how long each build phase took (chunk, embed, write), from the build's progress callbacks. */
export class PhaseClock {
  private readonly firstSeen = new Map<string, number>();
  private readonly lastSeen = new Map<string, number>();
  private readonly origin = performance.now();

  readonly onProgress = (p: BuildProgress): void => {
    const now = performance.now();
    if (!this.firstSeen.has(p.phase)) this.firstSeen.set(p.phase, now);
    this.lastSeen.set(p.phase, now);
  };

  /**
   * Seconds per phase. A phase lasts from the previous phase's last report (or the start) to its own last report,
   * so `chunk` includes loading the corpus and `write` includes the BM25 analysis, the HNSW graph and the files.
   */
  phases(): Record<string, number> {
    const out: Record<string, number> = {};
    let prev = this.origin;
    for (const phase of ['chunk', 'embed', 'write']) {
      const end = this.lastSeen.get(phase);
      if (end === undefined) continue;
      out[`${phase}Sec`] = round((end - prev) / 1000, 2);
      prev = end;
    }
    return out;
  }
}

/** Rounds to `digits` decimals. */
export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
