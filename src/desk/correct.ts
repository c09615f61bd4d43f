/**
 * Correcting an answer from the conversation log (修正): staff write the right
 * answer for a logged turn and it is published as a 问答 entry through the
 * promote machinery (cleaned of personal data, previewed, editable), the index
 * is rebuilt, and that question and its paraphrases are answered from it at once.
 */
import path from 'node:path';
import type { Config } from '../config.ts';
import { formatProblems, parseFrontMatter, validateDocument, writeDocumentFile } from '../corpus/index.ts';
import type { Desk, LoggedTurn, PublishHost } from './types.ts';
import { DeskError } from './errors.ts';
import { deskMessages } from './context.ts';
import { localDate } from '../time/index.ts';
import { cleanAnswer, cleanQuestion, faqDocument, warner, type FaqDraft, type PromoteWarning, type Warn } from './promote.ts';
import { bankGrowthHost, learnFaqWording, type LearnOutcome } from './bank-growth.ts';

/** Staff's wording: the answer is required; the question defaults to the turn's (masked, then cleaned). */
export interface CorrectionEdits {
  answer: string;
  question?: string;
  variants?: string[];
}

/** The FAQ entry a correction would publish. */
export interface CorrectionDraft extends Omit<FaqDraft, 'ticket'> {
  turnId: number;
}

export interface CorrectionResult {
  faqId: string;
  /** Absolute path of the written Markdown file. */
  file: string;
  draft: CorrectionDraft;
  turn: LoggedTurn;
  /**
   * The turn's own question added to the question bank (questions/learned.yaml) when staff published another
   * wording; it takes effect at the next index build. Null when the published question is the turn's.
   */
  learned: LearnOutcome | null;
}

/** `faq-turn-42`: one entry per corrected turn, so correcting it again rewrites the same file. */
export function correctionFaqId(turnId: number): string {
  return `faq-turn-${turnId}`;
}

/** Runs of a number the log masked (`138****5678`, `370*** ******** **34`): removed whole from a published question. */
const MASKED_RUN = /[\w.@-]*\*{3,}[\w.@* -]*\w?/g;

function withoutMaskedRuns(text: string, field: 'question' | 'variants', warn: Warn): string {
  return text.replace(MASKED_RUN, (run) => {
    warn('removedMasked', field, run.trim());
    return '';
  });
}

function turnOrThrow(desk: Pick<Desk, 'getTurn'>, t: ReturnType<typeof deskMessages>, turnId: number): LoggedTurn {
  const turn = Number.isInteger(turnId) && turnId > 0 ? desk.getTurn(turnId) : undefined;
  if (!turn) throw new DeskError('not_found', t('errors.turnNotFound', { id: turnId }));
  return turn;
}

/** What correcting `turnId` with `edits` would publish, cleaned; nothing is written. */
export function draftCorrection(desk: Pick<Desk, 'getTurn'>, config: Pick<Config, 'promptsDir'>, turnId: number, edits: CorrectionEdits): CorrectionDraft {
  const t = deskMessages(config);
  const turn = turnOrThrow(desk, t, turnId);
  const warnings: PromoteWarning[] = [];
  const warn = warner(t, warnings);
  const question = cleanQuestion(withoutMaskedRuns(edits.question?.trim() || turn.question, 'question', warn), 'question', warn);
  if (!question) throw new DeskError('invalid_input', t('errors.correctEmptyQuestion', { id: turnId }));
  const answer = cleanAnswer(edits.answer ?? '', warn);
  if (!answer) throw new DeskError('invalid_input', t('errors.correctEmptyAnswer'));
  const variants = [
    ...new Set((edits.variants ?? []).map((v) => cleanQuestion(withoutMaskedRuns(v, 'variants', warn), 'variants', warn)).filter((v) => v && v !== question)),
  ];
  const faqId = correctionFaqId(turn.turnId);
  return { turnId: turn.turnId, faqId, file: path.join('faq', `${faqId}.md`), question, variants, answer, warnings };
}

/**
 * Publishes the correction of `turnId` exactly as `draftCorrection` shows it, rebuilds the index
 * (so the question is answered from the entry at once) and notes the correction in the log.
 */
export async function correctTurn(
  app: PublishHost,
  turnId: number,
  actor: string,
  edits: CorrectionEdits,
): Promise<CorrectionResult> {
  const t = deskMessages(app.config);
  const draft = draftCorrection(app.desk, app.config, turnId, edits);
  const text = faqDocument(draft, null, localDate(new Date(), app.config.timezone), t('correct.source', { turnId: draft.turnId }));
  const { problems } = validateDocument(draft.file, parseFrontMatter(text));
  if (problems.length) throw new DeskError('invalid_state', formatProblems(problems));
  writeDocumentFile(app.config.corpusDir, draft.file, text);
  await app.reindex();
  app.desk.recordCorrection(draft.turnId, draft.faqId, draft.question, actor);
  const turn = app.desk.getTurn(draft.turnId)!;
  // After the rebuild, so publishing never waits for the decision model to retrain on a changed bank.
  const learned = learnFaqWording(bankGrowthHost(app.config), turn.question, draft, { kind: 'corrected', turnId: draft.turnId });
  return { faqId: draft.faqId, file: path.join(app.config.corpusDir, draft.file), draft, turn, learned };
}
