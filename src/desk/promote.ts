/**
 * Turns an answered item into a 问答 entry of the corpus, so the bot answers
 * that question itself from now on: writes `<corpusDir>/faq/<id>.md`,
 * reindexes, then marks the item 已转为问答. The corpus is public text, so
 * only the masked question goes in.
 */
import path from 'node:path';
import type { App } from '../app.ts';
import { formatProblems, parseFrontMatter, stringifyDocument, validateDocument, writeDocumentFile } from '../corpus/index.ts';
import type { Item } from './types.ts';
import { DeskError } from './errors.ts';
import { deskMessages } from './context.ts';
import { localDate } from './time.ts';

export interface PromoteResult {
  faqId: string;
  /** Absolute path of the written Markdown file. */
  file: string;
  item: Item;
}

/** `faq-gx20261128-0007` */
export function faqIdFor(ticket: string): string {
  return `faq-${ticket.toLowerCase()}`;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The Markdown document (front matter + reply) for an answered item. */
export function faqDocument(item: Item, variants: string[], published: string, source: string): string {
  const question = oneLine(item.question);
  const meta: Record<string, unknown> = {
    id: faqIdFor(item.ticket),
    title: question,
    type: '问答',
    source,
    published,
    question,
    variants: variants.length ? variants : undefined,
    tags: item.topic ? [item.topic] : undefined,
  };
  return stringifyDocument(meta, item.reply ?? '');
}

/** Promotes an answered item to a FAQ entry; requires a staff reply. */
export async function promoteToFaq(app: Pick<App, 'desk' | 'config' | 'reindex'>, ticket: string, actor: string): Promise<PromoteResult> {
  const t = deskMessages(app.config);
  const item = app.desk.getFullItem(ticket);
  if (!item) throw new DeskError('not_found', t('errors.ticketNotFound', { ticket: ticket.trim() }));
  if (item.status !== '已答复' || !item.reply) {
    throw new DeskError('invalid_state', t('errors.promoteNeedsReply', { ticket: item.ticket, status: item.status }));
  }
  const question = oneLine(item.question);
  const variants = [
    ...new Set(
      (item.groupTickets ?? [])
        // The summary's question is the masked one, as getFullItem's is by default.
        .map((other) => app.desk.getItem(other)?.question)
        .filter((q): q is string => Boolean(q))
        .map(oneLine)
        .filter((q) => q !== question),
    ),
  ];

  const faqId = faqIdFor(item.ticket);
  const relative = path.join('faq', `${faqId}.md`);
  const text = faqDocument(item, variants, localDate(new Date(), app.config.timezone), t('promote.source', { ticket: item.ticket }));
  // The corpus is validated like any staff document before it is written (atomically).
  const { problems } = validateDocument(relative, parseFrontMatter(text));
  if (problems.length) throw new DeskError('invalid_state', formatProblems(problems));
  // Same ticket, same file: re-running after an interrupted promote simply rewrites it.
  writeDocumentFile(app.config.corpusDir, relative, text);
  const file = path.join(app.config.corpusDir, relative);

  await app.reindex();
  const promoted = app.desk.markPromoted(item.ticket, faqId, actor);
  return { faqId, file, item: promoted };
}
