/** The questions the scenarios ask: the evaluation sets as one stream, and questions made from law titles. */
import fs from 'node:fs';
import path from 'node:path';
import { readEvalSet, type EvalQuestion } from '../../src/eval/dataset.ts';

/** A labelled question and the set it comes from. */
export interface StreamQuestion extends EvalQuestion {
  /** The file names of the sets holding this question, e.g. `sealed-a.jsonl` (first one first). */
  sets: string[];
}

/** The evaluation sets the bench times (only timed and, at scale, scored; never tuned on here). */
export const EVAL_SET_PATTERN = /^(questions|heldout.*|sealed-.*)\.jsonl$/;

/** The evaluation files of `evalDir` the bench uses, sorted by name. */
export function evalFiles(evalDir: string): string[] {
  return fs
    .readdirSync(evalDir)
    .filter((f) => EVAL_SET_PATTERN.test(f))
    .sort()
    .map((f) => path.join(evalDir, f));
}

/** Every question of the files, in file order; a question text met twice is asked once (first-pass means once). */
export function loadEvalStream(files: string[]): StreamQuestion[] {
  const byText = new Map<string, StreamQuestion>();
  for (const file of files) {
    for (const q of readEvalSet(file)) {
      const seen = byText.get(q.q);
      if (seen) seen.sets.push(path.basename(file));
      else byText.set(q.q, { ...q, sets: [path.basename(file)] });
    }
  }
  return [...byText.values()];
}

/** The `q` of every line of one evaluation JSON-lines file, in order. */
export function loadEvalQuestions(file: string): string[] {
  return readEvalSet(file).map((q) => q.q);
}

const TEMPLATES = ['{title}的立法目的是什么？', '{title}适用于哪些情形？', '{title}由哪个部门负责实施？', '违反{title}要承担什么法律责任？'];

/**
 * `count` questions about laws, spread evenly over the titles (every k-th title) and cycling
 * through a few citizen-style templates, so the set is deterministic and covers the whole corpus.
 */
export function lawQuestions(titles: string[], count: number): string[] {
  if (!titles.length || count <= 0) return [];
  const sorted = [...titles].sort();
  const step = Math.max(1, Math.floor(sorted.length / count));
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    // Both indices are taken modulo a non-empty list's length.
    const title = sorted[(i * step) % sorted.length]!;
    out.push(TEMPLATES[i % TEMPLATES.length]!.replace('{title}', title));
  }
  return out;
}

/** Exactly `total` questions: the evaluation questions first, topped up (or cut) with law-title questions. */
export function mixedQuestions(evalQuestions: string[], titles: string[], total: number): string[] {
  const base = evalQuestions.slice(0, total);
  return [...base, ...lawQuestions(titles, total - base.length)];
}
