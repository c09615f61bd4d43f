/**
 * The corpus's 问答 entries as FAQ spreadsheet rows (the columns of the import), so an export imports again as the
 * same entries, and the import template: the header row and one example row.
 */
import { loadCorpus } from '../load.ts';
import type { CorpusDoc } from '../types.ts';
import { messages, messageNode } from '../../messages/index.ts';
import { faqWorkbook, type FaqRow } from './table.ts';

const t = messages('corpus');

/** The answer of an entry without its closing 「（依据：…）」 line when that only repeats the 依据 column. */
function answerOf(doc: CorpusDoc): string {
  const body = doc.body.trim();
  const basisLine = `（依据：${doc.meta.source}）`;
  return body.endsWith(basisLine) && body.length > basisLine.length ? body.slice(0, -basisLine.length).trim() : body;
}

/** One row per 问答 document of the corpus, in file order. */
export function faqRowsOf(corpusDir: string): FaqRow[] {
  return loadCorpus(corpusDir)
    .docs.filter((d) => d.meta.type === '问答' && d.meta.question)
    .sort((a, b) => a.file.localeCompare(b.file))
    .map((d) => ({
      question: d.meta.question!,
      variants: d.meta.variants ?? [],
      answer: answerOf(d),
      basis: d.meta.source,
      title: d.meta.title,
      published: d.meta.published,
    }));
}

/** The example row of the template (prompts/messages/corpus.yaml faq.example: a real article of the regulation). */
export function templateExample(): FaqRow {
  const e = messageNode<{ question: string; variants: string[]; answer: string; basis: string; published: string }>('corpus', 'faq.example');
  return { question: e.question, variants: e.variants, answer: e.answer, basis: e.basis, published: e.published };
}

/** The import template as an .xlsx file: header row (each column explained in a note) and one example row. */
export function faqTemplate(): Promise<Buffer> {
  return faqWorkbook([templateExample()], t('faq.templateSheet'));
}
