/** Where the bench finds its inputs: the repo's corpus and evaluation set, and `../shared` beside the checkout. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding package.json). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Inputs of the benchmark scenarios; tests pass tiny stand-ins. */
export interface BenchInputs {
  /** The curated corpus folder copied into each scenario's temp dir. */
  corpusDir: string;
  /** The 2019 regulation (plain Markdown, no front matter), imported as 法规. */
  regulationFile: string;
  /** The 830-law folder (recursive .md files) of the scale scenario. */
  lawsDir: string;
  /** The evaluation questions (JSON lines with a `q` field). */
  questionsFile: string;
}

/** The real inputs: ./corpus, ./eval/questions.jsonl and `../shared` resolved against the repo root. */
export function defaultInputs(root = REPO_ROOT): BenchInputs {
  const shared = path.resolve(root, '..', 'shared');
  return {
    corpusDir: path.join(root, 'corpus'),
    regulationFile: path.join(shared, 'sources', 'gov-info-disclosure-regulation-2019.md'),
    lawsDir: path.join(shared, 'bench', 'laws'),
    questionsFile: path.join(root, 'eval', 'questions.jsonl'),
  };
}
