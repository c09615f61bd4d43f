/** Timing helpers that wrap the engine and index build. */
import os from 'node:os';
import type { BuildProgress } from '../../src/retrieval/index-store.ts';
import { latencySummary } from './stats.ts';
import { openEngine } from '../../src/answer/index.ts';
import type { Config } from '../../src/config.ts';

/** Anything that answers a question (the engine). */
export interface Answerer {
  answer(question: string): Promise<unknown>;
}

/** Latency samples, one per answer: wall time, and the CPU time this process spent (insensitive to other load). */
export interface AnswerTimings {
  wallMs: number[];
  cpuMs: number[];
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Times `engine.answer` for every question, `rounds` times over the set, after `warmup` untimed questions. */
export async function timeAnswers(engine: Answerer, questions: string[], opts: { rounds?: number; warmup?: number } = {}): Promise<AnswerTimings> {
  for (const q of questions.slice(0, opts.warmup ?? 5)) await engine.answer(q);
  const out: AnswerTimings = { wallMs: [], cpuMs: [] };
  for (let r = 0; r < (opts.rounds ?? 1); r++) {
    for (const q of questions) {
      const cpu = cpuMs();
      const started = performance.now();
      await engine.answer(q);
      out.wallMs.push(performance.now() - started);
      out.cpuMs.push(cpuMs() - cpu);
    }
  }
  return out;
}

/** Opens the engine over a built index, times its answers, closes it: the latency part of every scenario's result. */
export async function measureAnswers(
  config: Config,
  questions: string[],
  opts: { rounds?: number; warmup?: number },
): Promise<{ p50: number; p95: number; samples: number; details: Record<string, number> }> {
  const engine = await openEngine(config, { buildIfMissing: false });
  try {
    const timings = await timeAnswers(engine, questions, opts);
    const { p50, p95 } = latencySummary(timings.wallMs);
    return { p50, p95, samples: timings.wallMs.length, details: latencyDetails(timings) };
  } finally {
    await engine.close();
  }
}

/**
 * Facts that tell CPU cost from waiting: the slowest answer, CPU-time percentiles and the machine's load
 * (on a shared 2-core machine wall-time percentiles rise with other processes' load; CPU time does not).
 */
export function latencyDetails(t: AnswerTimings): Record<string, number> {
  return {
    maxMs: round(Math.max(...t.wallMs), 2),
    cpuP50Ms: round(latencySummary(t.cpuMs).p50, 2),
    cpuP95Ms: round(latencySummary(t.cpuMs).p95, 2),
    loadAvg1m: round(os.loadavg()[0], 2),
  };
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
