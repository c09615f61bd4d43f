/** The document facts every passage refers to, as the index stores them. */
import type { DocMeta } from '../corpus/index.ts';

/** Document facts every passage refers to. */
export type DocInfo = Pick<DocMeta, 'id' | 'title' | 'type' | 'source' | 'published' | 'url' | 'tags' | 'question' | 'variants'> & {
  /** The corpus file it was read from (relative): a later build keeps serving it while that file is broken. */
  file?: string;
};

/** The ways citizens ask a 问答 entry (its question and variants); empty for other documents. */
export function questionForms(doc: DocInfo): string[] {
  return doc.type === '问答' ? [doc.question ?? doc.title, ...(doc.variants ?? [])] : [];
}
