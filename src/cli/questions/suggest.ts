/**
 * `guanbot questions suggest` (doc2query): the configured OpenAI-compatible chat model drafts, for each passage,
 * questions citizens would ask that the passage answers. Drafts the bank already holds are dropped; the rest are
 * shown, and with `--write` go to `questions/<doc>.suggested.yaml` for staff to review — never into the trained bank.
 * Every passage is asked before anything is written, so a model error leaves no half-written drafts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { appendBankQuestions, BankFileError, knownBankQuestions, loadBankFile, bankQuestionKey, suggestedFileFor, type AppendResult, type BankAddition } from '../../corpus/index.ts';
import { findPersonalData } from '../../desk/mask.ts';
import { createChatClient, describeError, type ChatClient } from '../../llm/client.ts';
import type { ChatMessage } from '../../llm/prompt.ts';
import { fill, messages } from '../../messages/index.ts';
import { questionForms } from '../../retrieval/doc-info.ts';
import { CliError } from '../errors.ts';
import { bankPassages, inSection, type BankPassage } from './passages.ts';

const t = messages('questions');
const corpusText = messages('corpus');

/** Drafting a passage's questions is a batch job, not a citizen waiting: it may take longer than an answer. */
const MIN_TIMEOUT_MS = 60_000;
/** Bank questions shown to the model so it writes new ones, not these again. */
const EXISTING_SHOWN = 15;
/** A draft longer than this is a story or a ramble, not a question; the bank's shortest (要钱不) have three characters. */
const MAX_DRAFT_CHARS = 150;
const MIN_DRAFT_CHARS = 3;
export const MAX_COUNT = 30;
const CLAUSE_END = /[。！？!?；;，,：:\n]/;

export interface SuggestOptions {
  doc?: string;
  section?: string;
  count: number;
  write: boolean;
  /** A ready chat client (tests); by default one is built from `config.llm`. */
  client?: ChatClient;
}

/** The new drafts for one passage. */
export interface PassageDrafts {
  passage: BankPassage;
  drafts: string[];
}

export interface SuggestResult {
  groups: PassageDrafts[];
  /** Drafts files written (relative to the corpus folder), with how many drafts each received. */
  written: { doc: string; file: string; added: number }[];
}

function readTemplate(file: string): string {
  return fs.readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '').trim();
}

/** The chat messages asking for `count` questions about one passage. */
export function suggestMessages(promptsDir: string, passage: BankPassage, count: number): ChatMessage[] {
  const dir = path.join(promptsDir, 'questions');
  const existing = passage.questions.slice(0, EXISTING_SHOWN);
  const vars = {
    count,
    title: passage.doc.title,
    section: passage.chunk.section ? ` › ${passage.chunk.section}` : '',
    passage: passage.chunk.text,
    existing: existing.length ? existing.join('\n') : t('suggest.noExisting'),
  };
  return [
    { role: 'system', content: fill(readTemplate(path.join(dir, 'system.md')), vars) },
    { role: 'user', content: fill(readTemplate(path.join(dir, 'user.md')), vars) },
  ];
}

/** The questions in a model's reply: one a line, numbering, bullets and quotes taken off; what is no question left out. */
export function parseDrafts(reply: string): string[] {
  return reply
    .split(/\r?\n/)
    .map((line) =>
      line
        .replace(/^\s*(?:[-*•·]|\d{1,2}\s*[.、．:：)）]|[（(]\d{1,2}[)）])\s*/, '')
        .replace(/^["“”'‘’「」『』]+|["“”'‘’「」『』]+$/g, '')
        .trim(),
    )
    // A line ending in a colon introduces the list (以下是五个问题：); a model's personal numbers are invented ones.
    .filter((line) => line.length >= MIN_DRAFT_CHARS && line.length <= MAX_DRAFT_CHARS && /\p{Script=Han}/u.test(line) && !/[:：]$/.test(line) && !findPersonalData(line).length);
}

/**
 * A verbatim clause of `passage` that no other passage of the same section holds: the key that files drafts under
 * this passage when its section has several (undefined when the section is the passage's own, or none is unique).
 */
function distinguishingKey(passage: BankPassage, all: BankPassage[]): string | undefined {
  const siblings = all.filter((p) => p !== passage && p.doc.id === passage.doc.id && p.chunk.section === passage.chunk.section);
  if (!siblings.length) return undefined;
  for (const raw of passage.chunk.text.split(CLAUSE_END)) {
    const clause = raw.trim();
    if ((clause.match(/\p{Script=Han}/gu)?.length ?? 0) >= 6 && clause.length <= 60 && !siblings.some((s) => s.chunk.text.includes(clause))) return clause;
  }
  return undefined;
}

/** The passages asked about: one document's (or every document's), maybe one section's. */
function chosenPassages(all: BankPassage[], opts: Pick<SuggestOptions, 'doc' | 'section'>): BankPassage[] {
  let chosen = all;
  if (opts.doc) {
    chosen = chosen.filter((p) => p.doc.id === opts.doc);
    if (!chosen.length) throw new CliError(t('unknownDoc', { doc: opts.doc }));
  }
  if (opts.section !== undefined) {
    const section = opts.section;
    chosen = chosen.filter((p) => inSection(p.chunk, section));
    if (!chosen.length) throw new CliError(t('suggest.noSection', { section, doc: opts.doc ?? t('suggest.anyDoc') }));
  }
  return chosen;
}

/**
 * Drafts questions for the chosen passages; `onGroup` sees each passage's new drafts as they arrive. Throws a
 * {@link CliError}: exit code 2 without a model configured, 1 for a model error (nothing is written then).
 */
export async function suggestQuestions(config: Config, opts: SuggestOptions, onGroup?: (group: PassageDrafts, done: number, total: number) => void): Promise<SuggestResult> {
  if (!opts.client && (!config.llm.baseURL || !config.llm.model)) throw new CliError(t('suggest.noModel'), 2);
  const { passages: all } = bankPassages(config.corpusDir, config.timezone);
  const chosen = chosenPassages(all, opts);
  const timeoutMs = Math.max(config.llm.timeoutMs, MIN_TIMEOUT_MS);
  const client = opts.client ?? createChatClient({ ...config.llm, timeoutMs });

  // Known: the bank, every FAQ entry's own wordings, and drafts already waiting for review.
  const known = knownBankQuestions(config.corpusDir);
  for (const p of all) for (const q of questionForms(p.doc)) known.add(bankQuestionKey(q));
  for (const doc of new Set(chosen.map((p) => p.doc.id))) {
    const file = suggestedFileFor(doc);
    if (!fs.existsSync(path.join(config.corpusDir, file))) continue;
    const drafts = loadBankFile(config.corpusDir, file);
    // A drafts file staff broke while reviewing is refused before the model is asked, not after.
    const p = drafts.problems[0];
    if (p) throw new CliError(corpusText('bankFile.broken', { file, line: p.line, detail: p.message }));
    for (const e of drafts.entries) for (const q of e.questions) known.add(bankQuestionKey(q));
  }

  const groups: PassageDrafts[] = [];
  for (const [i, passage] of chosen.entries()) {
    let reply: string;
    try {
      reply = await client.complete(suggestMessages(config.promptsDir, passage, opts.count), { signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const e = describeError(err);
      throw new CliError(t('suggest.modelError', { chunk: passage.chunk.id, detail: e.status ? `HTTP ${e.status} ${e.message}` : e.message }));
    }
    const drafts: string[] = [];
    for (const q of parseDrafts(reply)) {
      const norm = bankQuestionKey(q);
      if (!norm || known.has(norm)) continue;
      known.add(norm);
      drafts.push(q);
      if (drafts.length >= opts.count) break;
    }
    const group = { passage, drafts };
    groups.push(group);
    onGroup?.(group, i + 1, chosen.length);
  }

  const written: SuggestResult['written'] = [];
  if (opts.write) {
    for (const doc of new Set(groups.filter((g) => g.drafts.length).map((g) => g.passage.doc.id))) {
      const mine = groups.filter((g) => g.passage.doc.id === doc);
      const additions: BankAddition[] = mine.flatMap((g) => {
        const key = distinguishingKey(g.passage, all);
        const preview = g.passage.chunk.text.replace(/\s+/g, ' ').slice(0, 40);
        const entryNote = corpusText('bankFile.passage', { chunk: g.passage.chunk.id, preview: `${preview}…` });
        return g.drafts.map((question) => ({ doc, section: g.passage.chunk.section, key, question, entryNote }));
      });
      const header = corpusText('bankFile.suggestedHeader', { doc, title: mine[0]?.passage.doc.title ?? doc });
      let result: AppendResult;
      try {
        result = appendBankQuestions(config.corpusDir, suggestedFileFor(doc), additions, { header, doc });
      } catch (err) {
        if (err instanceof BankFileError) throw new CliError(err.message);
        throw err;
      }
      written.push({ doc, file: result.file, added: result.added.length });
    }
  }
  return { groups, written };
}
