/**
 * First-pass timing: every question asked once, on a freshly opened engine (and again on a freshly created app),
 * so no figure is a warm repeat of a question already answered.
 */
import os from 'node:os';
import pino from 'pino';
import type { BuildProgress } from '../../src/retrieval/index-store.ts';
import { openEngine } from '../../src/answer/index.ts';
import type { EngineAnswer } from '../../src/answer/types.ts';
import { createApp } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import { seedOpenItems } from './seed.ts';
import { latencySummary } from './stats.ts';

/** Latency samples, one per question: wall time, and the CPU time this process spent (insensitive to other load). */
export interface AnswerTimings {
  wallMs: number[];
  cpuMs: number[];
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Times `fn` once per question, in order, with no warm-up; returns the timings and what `fn` returned. */
export async function timeEach<T>(questions: string[], fn: (q: string, i: number) => Promise<T>): Promise<{ timings: AnswerTimings; results: T[] }> {
  const timings: AnswerTimings = { wallMs: [], cpuMs: [] };
  const results: T[] = [];
  for (const [i, question] of questions.entries()) {
    const cpu = cpuMs();
    const started = performance.now();
    results.push(await fn(question, i));
    timings.wallMs.push(performance.now() - started);
    timings.cpuMs.push(cpuMs() - cpu);
  }
  return { timings, results };
}

/** The engine alone: opened fresh over the built index, each question answered once. */
export async function firstPassEngine(config: Config, questions: string[]): Promise<{ timings: AnswerTimings; answers: EngineAnswer[] }> {
  const engine = await openEngine(config, { buildIfMissing: false });
  try {
    const { timings, results } = await timeEach(questions, (q) => engine.answer(q));
    return { timings, answers: results };
  } finally {
    await engine.close();
  }
}

/** Open desk items seeded before the whole-ask pass, so the near-duplicate scan of a new ticket has work to do. */
export const SEEDED_OPEN_ITEMS = 1000;

/**
 * The whole ask as a channel makes it (`App.ask`: follow-up lookup, engine, turn log, ticket with its near-duplicate
 * scan), on a freshly created app whose desk holds `openItems` open items; each question once, its own conversation.
 */
export async function firstPassAsk(config: Config, questions: string[], openItems = SEEDED_OPEN_ITEMS): Promise<{ timings: AnswerTimings; ticketsOpened: number }> {
  const app = await createApp({ config, log: pino({ level: 'silent' }), buildIfMissing: false });
  try {
    seedOpenItems(app.desk, openItems);
    const { timings, results } = await timeEach(questions, (q, i) =>
      app.ask(q, { channel: 'web', channelUserId: `bench-${i}`, conversationId: `bench-${i}` }),
    );
    return { timings, ticketsOpened: results.filter((r) => r.ticket).length };
  } finally {
    await app.close();
  }
}

/** p50/p95 of wall and CPU time as metrics named `<prefix> p50` … */
export function latencyMetrics(prefix: string, t: AnswerTimings): { name: string; value: number; unit: string }[] {
  const wall = latencySummary(t.wallMs);
  const cpu = latencySummary(t.cpuMs);
  return [
    { name: `${prefix} p50`, value: wall.p50, unit: 'ms' },
    { name: `${prefix} p95`, value: wall.p95, unit: 'ms' },
    { name: `${prefix} CPU p95`, value: cpu.p95, unit: 'ms' },
  ];
}

/** The slowest answer and the machine's load: facts that tell CPU cost from waiting for a core. */
export function latencyDetails(prefix: string, t: AnswerTimings): Record<string, number> {
  return { [`${prefix}MaxMs`]: round(Math.max(...t.wallMs), 2), [`${prefix}Samples`]: t.wallMs.length, loadAvg1m: round(os.loadavg()[0] ?? 0, 2) };
}

/** Records how long each build phase took (chunk, embed, write, train), from the build's progress callbacks. */
export class PhaseClock {
  private readonly lastSeen = new Map<string, number>();
  private readonly origin = performance.now();

  readonly onProgress = (p: BuildProgress): void => {
    this.lastSeen.set(p.phase, performance.now());
  };

  /**
   * Seconds per phase. A phase lasts from the previous phase's last report (or the start) to its own last report,
   * so `chunk` includes loading the corpus, `train` the BM25 analysis and the HNSW graph before the decision's
   * training (the build reports `write` before and after it), and `write` the files.
   */
  phases(): Record<string, number> {
    const out: Record<string, number> = {};
    let prev = this.origin;
    for (const phase of ['chunk', 'embed', 'train', 'write']) {
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
