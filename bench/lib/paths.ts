/** Where the bench finds its inputs: the repo's corpus and evaluation sets, and `../shared` beside the checkout. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evalFiles } from './questions.ts';

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
  /** The evaluation sets (JSON lines, `q` and `expect`): the question stream, each question asked once. */
  evalFiles: string[];
  /** The sets whose answers are scored at scale (answerable accuracy, out-of-scope answered). */
  qualityFiles: string[];
}

/** The real inputs: ./corpus, ./eval/{questions,heldout*,sealed-*}.jsonl and `../shared` resolved against the repo root. */
export function defaultInputs(root = REPO_ROOT): BenchInputs {
  const shared = path.resolve(root, '..', 'shared');
  const files = evalFiles(path.join(root, 'eval'));
  return {
    corpusDir: path.join(root, 'corpus'),
    regulationFile: path.join(shared, 'sources', 'gov-info-disclosure-regulation-2019.md'),
    lawsDir: path.join(shared, 'bench', 'laws'),
    evalFiles: files,
    qualityFiles: files.filter((f) => path.basename(f).startsWith('sealed-')),
  };
}
