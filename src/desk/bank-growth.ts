/**
 * The question bank grows from use: a 👍 on an answer, a ticket promoted to a FAQ entry and a staff correction each
 * add the citizen's question, labelled with the passage that answers it, to `questions/learned.yaml` in the corpus
 * folder. No staff member reviews these before they are written, so a question goes in only when it is safe to
 * publish: personal numbers are removed whole, and a question that still holds a number, a person's name or a house
 * number is left out. It takes effect at the next index build (the decision model is trained on the bank then).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { appendBankQuestions, BankFileError, LEARNED_FILE, bankQuestionKey, readDocument, TYPE_FOLDERS } from '../corpus/index.ts';
import { msg } from '../messages/index.ts';
import { deskMessages } from './context.ts';
import { findPersonalData, stripPersonalData } from './mask.ts';
import { houseNumbers, personNames } from './personal.ts';
import { localDate } from '../time/index.ts';

/** What learning needs from its caller: the corpus folder, the calendar and the desk's messages. Nothing else. */
export interface BankGrowthHost {
  corpusDir: string;
  timeZone: string;
  now(): Date;
  t: ReturnType<typeof deskMessages>;
  /** The configured prompts folder (the learned file's header comment); default: the shipped one. */
  promptsDir?: string;
}

/** Where a learned question came from. */
export type LearnSource = { kind: 'helpful'; turnId: number } | { kind: 'promoted'; ticket: string } | { kind: 'corrected'; turnId: number };

/** A question to learn and the passage it belongs to. */
export interface LearnInput {
  /** The citizen's question as logged (masked or not): it is cleaned here. */
  question: string;
  doc: string;
  section: string;
  key?: string;
  source: LearnSource;
  /** Wordings the passage already has outside the bank files (a FAQ entry's question and variants). */
  known?: string[];
}

/** Why a question was not added. */
export type LearnSkip = 'empty' | 'personal' | 'tooLong' | 'duplicate' | 'failed';

export interface LearnOutcome {
  added: boolean;
  reason?: LearnSkip;
  /** The cleaned question; empty when it held personal data (it is never repeated then). */
  question: string;
  /** The bank file, relative to the corpus folder. */
  file: string;
  /** What happened, in words, for staff. */
  message: string;
}

/** Longer messages are stories, not questions worth a bank line; the bank's own longest are about 120 characters. */
const MAX_LEARNED_CHARS = 200;

/**
 * The question fit to go into the bank, or why it is not: numbers (and what a masking left of them) removed whole;
 * a name, a house number or any number still found after that keeps it out.
 */
export function cleanLearnedQuestion(text: string): { question: string } | { skip: 'empty' | 'personal' | 'tooLong' } {
  // As a FAQ's question is cleaned (promote.ts): removed, not starred; what a masking left goes too.
  const question = stripPersonalData(text).replace(/\s+/g, ' ').trim();
  if (personNames(question).length || houseNumbers(question).length || findPersonalData(question).length || question.includes('*')) return { skip: 'personal' };
  if (!/[\p{L}\p{N}]/u.test(question)) return { skip: 'empty' };
  if (question.length > MAX_LEARNED_CHARS) return { skip: 'tooLong' };
  return { question };
}

function note(host: BankGrowthHost, source: LearnSource): string {
  const date = localDate(host.now(), host.timeZone);
  return host.t(`learn.note.${source.kind}`, { ...source, date });
}

/** Adds one question to the learned file (see the module comment). Never throws: a failure is an outcome staff read. */
export function learnQuestion(host: BankGrowthHost, input: LearnInput): LearnOutcome {
  const file = LEARNED_FILE;
  const cleaned = cleanLearnedQuestion(input.question);
  if ('skip' in cleaned) {
    const question = cleaned.skip === 'personal' ? '' : input.question;
    return { added: false, reason: cleaned.skip, question, file, message: host.t(`learn.skipped.${cleaned.skip}`, { file }) };
  }
  const { question } = cleaned;
  try {
    const result = appendBankQuestions(
      host.corpusDir,
      file,
      [{ doc: input.doc, section: input.section, key: input.key, question, note: note(host, input.source) }],
      { header: msg('corpus', 'bankFile.learnedHeader', {}, host.promptsDir), known: input.known },
    );
    if (!result.added.length) return { added: false, reason: 'duplicate', question, file, message: host.t('learn.skipped.duplicate', { question, file }) };
    return { added: true, question, file, message: host.t('learn.added', { question, file }) };
  } catch (err) {
    // A bank file staff broke is named with its line; anything else (a full disk, no permission) as it was raised.
    const message = err instanceof BankFileError ? err.message : host.t('learn.failed', { file, detail: (err as Error).message });
    return { added: false, reason: 'failed', question, file, message };
  }
}

/**
 * Learns the citizen's own wording of a question that became a FAQ entry (a promoted ticket, a corrected turn),
 * filed under that entry. Null when it is the entry's question or one of its variants: there is nothing to learn.
 */
export function learnFaqWording(
  host: BankGrowthHost,
  citizenQuestion: string,
  faq: { faqId: string; question: string; variants: string[] },
  source: LearnSource,
): LearnOutcome | null {
  const wordings = [faq.question, ...faq.variants];
  const cleaned = cleanLearnedQuestion(citizenQuestion);
  if ('question' in cleaned && wordings.some((w) => bankQuestionKey(w) === bankQuestionKey(cleaned.question))) return null;
  // A FAQ entry is one passage, whose section is its question (see the chunker).
  return learnQuestion(host, { question: citizenQuestion, doc: faq.faqId, section: faq.question, source, known: wordings });
}

/** What the learned file needs from the configuration (the clock is the real one: promote and correct run now). */
export function bankGrowthHost(config: Pick<Config, 'corpusDir' | 'timezone' | 'promptsDir'>): BankGrowthHost {
  return { corpusDir: config.corpusDir, timeZone: config.timezone, now: () => new Date(), t: deskMessages(config), promptsDir: config.promptsDir };
}

/** Clause ends inside a passage: a key is one clause, so it never spans two facts. */
const CLAUSE_END = /[。！？!?；;，,：:\n]/;
const MIN_KEY_HAN = 6;
const MAX_KEY_CHARS = 60;

/**
 * A short verbatim piece of `passage` that `answer` quotes: the longest clause of the passage (at least six Chinese
 * characters, at most sixty characters) that the answer holds word for word; undefined when there is none.
 * `passage` may be the log's shortened copy (ending in …): its last, cut clause is never used.
 */
export function quotedKey(passage: string, answer: string): string | undefined {
  const pieces = passage.split(CLAUSE_END);
  if (passage.endsWith('…')) pieces.pop();
  let best: string | undefined;
  for (const raw of pieces) {
    const clause = raw.replace(/^\s*(?:[-*+]|\d+[.、)])\s+/, '').replace(/\*\*/g, '').trim();
    if (!clause || clause.length > MAX_KEY_CHARS || !passage.includes(clause)) continue;
    if ((clause.match(/\p{Script=Han}/gu)?.length ?? 0) < MIN_KEY_HAN) continue;
    if (answer.includes(clause) && clause.length > (best?.length ?? 0)) best = clause;
  }
  return best;
}

/** A logged turn as the 👍 source reads it. */
export interface HelpfulTurn {
  id: number;
  question: string;
  answer: string;
  kind: string;
  resolved: boolean;
  citations: { docId: string; section?: string; text?: string }[];
}

/**
 * A FAQ entry's own question and variants, which the bank already counts (they live in its front matter): read from
 * where entries are written (`faq/<id>.md`), and empty when the document is not there or is no FAQ entry.
 */
export function faqWordings(corpusDir: string, docId: string): string[] {
  const file = path.join(TYPE_FOLDERS['问答'], `${docId}.md`);
  if (!fs.existsSync(path.join(corpusDir, file))) return [];
  const { doc } = readDocument(corpusDir, file);
  if (!doc || doc.meta.id !== docId || doc.meta.type !== '问答') return [];
  return [doc.meta.question ?? doc.meta.title, ...(doc.meta.variants ?? [])];
}

/**
 * Learns from a 👍: the turn's question, filed under the passage it was answered from (the first citation), keyed
 * by the piece of that passage the answer quoted. Only resolved answers from the corpus (answer, faq) count.
 * Returns null when the turn is not one to learn from.
 */
export function learnFromHelpful(host: BankGrowthHost, turn: HelpfulTurn): LearnOutcome | null {
  const cited = turn.citations[0];
  if (!turn.resolved || (turn.kind !== 'answer' && turn.kind !== 'faq') || !cited?.docId) return null;
  const key = cited.text ? quotedKey(cited.text, turn.answer) : undefined;
  const known = faqWordings(host.corpusDir, cited.docId);
  return learnQuestion(host, { question: turn.question, doc: cited.docId, section: cited.section ?? '', key, source: { kind: 'helpful', turnId: turn.id }, known });
}
