/** The questions the scenarios ask: the evaluation set, and questions made from law titles. */
import fs from 'node:fs';

/** The `q` of every line of an evaluation JSON-lines file, in order. */
export function loadEvalQuestions(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { q: string }).q);
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
    const title = sorted[(i * step) % sorted.length];
    out.push(TEMPLATES[i % TEMPLATES.length].replace('{title}', title));
  }
  return out;
}

/** Exactly `total` questions: the evaluation questions first, topped up (or cut) with law-title questions. */
export function mixedQuestions(evalQuestions: string[], titles: string[], total: number): string[] {
  const base = evalQuestions.slice(0, total);
  return [...base, ...lawQuestions(titles, total - base.length)];
}
