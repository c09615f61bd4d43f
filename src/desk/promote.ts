/**
 * Turns an answered item into a 问答 entry of the corpus, so the bot answers
 * that question itself from now on: writes `<corpusDir>/faq/<id>.md`,
 * reindexes, then marks the item 已转为问答.
 *
 * The corpus is public text that the bot quotes to everyone, so what is
 * published is a cleaned question: personal numbers are removed (not just
 * starred), and names of persons or house numbers are flagged for staff, who
 * see the draft (`draftFaq`) and may edit question, variants and answer before
 * they confirm it.
 */
import path from 'node:path';
import type { Config } from '../config.ts';
import { formatProblems, parseFrontMatter, stringifyDocument, validateDocument, writeDocumentFile } from '../corpus/index.ts';
import type { Desk, Item, PublishHost } from './types.ts';
import { DeskError } from './errors.ts';
import { ITEM_STATUS } from './status.ts';
import { deskMessages } from './context.ts';
import { localDate } from '../time/index.ts';
import { findPersonalData, maskPersonalData, stripPersonalData, type PersonalKind } from './mask.ts';
import { houseNumbers, personNames } from './personal.ts';
import { topicWordsFor } from './topics.ts';
import { questionAnalyzer } from './question-terms.ts';
import { bankGrowthHost, learnFaqWording, type LearnOutcome } from './bank-growth.ts';

export interface PromoteResult {
  faqId: string;
  /** Absolute path of the written Markdown file. */
  file: string;
  item: Item;
  /** What was published. */
  draft: FaqDraft;
  /**
   * The citizen's own wording added to the question bank (questions/learned.yaml) when staff published another
   * question; it takes effect at the next index build. Null when the FAQ's question is the citizen's.
   */
  learned: LearnOutcome | null;
}

/** Staff's own wording for what is published; anything left out comes from the item. */
export interface PromoteEdits {
  question?: string;
  answer?: string;
  variants?: string[];
}

/** Something in the draft staff should look at before publishing it. */
export interface PromoteWarning {
  /**
   * `name` a person's name, `house` a house number, `number` a number left in the answer, `removed` a number taken out,
   * `removedMasked` a number the log had already masked, taken out.
   */
  kind: 'name' | 'house' | 'number' | 'removed' | 'removedMasked';
  /** Where it is: the question (or a variant) or the answer. */
  field: 'question' | 'variants' | 'answer';
  /** What was found; numbers in their masked form. */
  text: string;
  numberKind?: PersonalKind;
  /** The warning in words, for staff. */
  message: string;
}

/** The FAQ entry as it would be published. */
export interface FaqDraft {
  ticket: string;
  faqId: string;
  /** Relative to the corpus folder. */
  file: string;
  question: string;
  variants: string[];
  answer: string;
  warnings: PromoteWarning[];
}

/** `faq-gx20261128-0007` */
export function faqIdFor(ticket: string): string {
  return `faq-${ticket.toLowerCase()}`;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Numbers that are never an office's: they are removed from a published answer too. */
const NEVER_OFFICIAL: PersonalKind[] = ['id18', 'id15', 'bankCard'];

type Translate = ReturnType<typeof deskMessages>;
export type Warn = (kind: PromoteWarning['kind'], field: PromoteWarning['field'], text: string, numberKind?: PersonalKind) => void;

/** Collects warnings into `list`, each with its message in words. */
export function warner(t: Translate, list: PromoteWarning[]): Warn {
  return (kind, field, found, numberKind) => {
    // A warning names a number in its masked form: previews are shown and logged more widely than the item.
    const text = numberKind ? maskPersonalData(found) : found;
    const message = t(`promote.warnings.${kind}`, { field: t(`promote.fields.${field}`), text, kind: numberKind ? t(`personal.number.${numberKind}`) : '' });
    list.push({ kind, field, text, ...(numberKind ? { numberKind } : {}), message });
  };
}

/** A question (or variant) fit to publish: one line, personal numbers removed; what was removed becomes a warning. */
export function cleanQuestion(text: string, field: 'question' | 'variants', warn: Warn): string {
  for (const d of findPersonalData(text)) warn('removed', field, d.text, d.kind);
  const cleaned = oneLine(stripPersonalData(text));
  for (const name of personNames(cleaned)) warn('name', field, name);
  for (const house of houseNumbers(cleaned)) warn('house', field, house);
  return cleaned;
}

/**
 * The answer to publish: ID and bank-card numbers are removed; phones and e-mail stay (an office's
 * number is the answer people need) but are flagged, as are names and house numbers.
 */
export function cleanAnswer(text: string, warn: Warn): string {
  let answer = text.trim();
  const found = findPersonalData(answer);
  for (const d of found.filter((f) => NEVER_OFFICIAL.includes(f.kind)).sort((a, b) => b.start - a.start)) {
    warn('removed', 'answer', d.text, d.kind);
    answer = answer.slice(0, d.start) + answer.slice(d.end);
  }
  for (const d of found.filter((f) => !NEVER_OFFICIAL.includes(f.kind))) warn('number', 'answer', d.text, d.kind);
  for (const name of personNames(answer)) warn('name', 'answer', name);
  for (const house of houseNumbers(answer)) warn('house', 'answer', house);
  return answer;
}

/** The item, checked to be answered; its question unmasked when it was kept (so numbers can be removed whole). */
function answeredItem(desk: Pick<Desk, 'getFullItem'>, config: Pick<Config, 'promptsDir'>, ticket: string): Item {
  const t = deskMessages(config);
  const item = desk.getFullItem(ticket, { unmasked: true });
  if (!item) throw new DeskError('not_found', t('errors.ticketNotFound', { ticket: ticket.trim() }));
  if (item.status !== ITEM_STATUS.replied || !item.reply) {
    throw new DeskError('invalid_state', t('errors.promoteNeedsReply', { ticket: item.ticket, status: item.status }));
  }
  return item;
}

/**
 * The FAQ entry promoting `ticket` would publish, with `edits` applied and everything cleaned:
 * what staff preview and confirm. Nothing is written.
 */
export function draftFaq(desk: Pick<Desk, 'getFullItem'>, config: Pick<Config, 'promptsDir'>, ticket: string, edits: PromoteEdits = {}): FaqDraft {
  const t = deskMessages(config);
  const item = answeredItem(desk, config, ticket);
  const warnings: PromoteWarning[] = [];
  const warn = warner(t, warnings);
  const question = cleanQuestion(edits.question ?? item.question, 'question', warn);
  if (!question) throw new DeskError('invalid_input', t('errors.promoteEmptyQuestion', { ticket: item.ticket }));
  const answer = cleanAnswer(edits.answer ?? item.reply ?? '', warn);
  if (!answer) throw new DeskError('invalid_input', t('errors.empty.reply'));
  const sources =
    edits.variants ??
    (item.groupTickets ?? []).map((other) => desk.getFullItem(other, { unmasked: true })?.question).filter((q): q is string => Boolean(q));
  const variants = [...new Set(sources.map((q) => cleanQuestion(q, 'variants', warn)).filter((q) => q && q !== question))];
  const faqId = faqIdFor(item.ticket);
  return { ticket: item.ticket, faqId, file: path.join('faq', `${faqId}.md`), question, variants, answer, warnings };
}

/** The Markdown document (front matter + answer) of a draft. */
export function faqDocument(draft: Pick<FaqDraft, 'faqId' | 'question' | 'variants' | 'answer'>, topic: string | string[] | null, published: string, source: string): string {
  const tags = (Array.isArray(topic) ? topic : topic ? [topic] : []).filter(Boolean);
  const meta: Record<string, unknown> = {
    id: draft.faqId,
    title: draft.question,
    type: '问答',
    source,
    published,
    question: draft.question,
    variants: draft.variants.length ? draft.variants : undefined,
    tags: tags.length ? tags : undefined,
  };
  return stringifyDocument(meta, draft.answer);
}

/**
 * Promotes an answered item to a FAQ entry (requires a staff reply): publishes the cleaned draft
 * with `edits` applied, exactly as `draftFaq` shows it, reindexes, and marks the item.
 */
export async function promoteToFaq(
  app: PublishHost,
  ticket: string,
  actor: string,
  edits: PromoteEdits = {},
): Promise<PromoteResult> {
  const t = deskMessages(app.config);
  const draft = draftFaq(app.desk, app.config, ticket, edits);
  const item = app.desk.getFullItem(draft.ticket)!;
  // Tagged by what the question is about (its topic among the week's questions), not by the nearest document.
  const tags = topicWordsFor(app.desk, questionAnalyzer(app.config.corpusDir), item, app.config.timezone);
  const text = faqDocument(draft, tags, localDate(new Date(), app.config.timezone), t('promote.source', { ticket: draft.ticket }));
  // The corpus is validated like any staff document before it is written (atomically).
  const { problems } = validateDocument(draft.file, parseFrontMatter(text));
  if (problems.length) throw new DeskError('invalid_state', formatProblems(problems));
  // Same ticket, same file: re-running after an interrupted promote simply rewrites it.
  writeDocumentFile(app.config.corpusDir, draft.file, text);
  const file = path.join(app.config.corpusDir, draft.file);

  await app.reindex();
  const promoted = app.desk.markPromoted(draft.ticket, draft.faqId, actor);
  // After the rebuild, so publishing never waits for the decision model to retrain on a changed bank.
  const citizen = app.desk.getFullItem(draft.ticket, { unmasked: true })?.question ?? '';
  const learned = learnFaqWording(bankGrowthHost(app.config), citizen, draft, { kind: 'promoted', ticket: draft.ticket });
  return { faqId: draft.faqId, file, item: promoted, draft, learned };
}
