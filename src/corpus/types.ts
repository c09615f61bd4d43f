/** The four document types staff may file in the corpus. */
export const DOC_TYPES = ['年度报告', '政策解读', '法规', '问答'] as const;
export type DocType = (typeof DOC_TYPES)[number];

/** Front matter of one corpus document (YAML between `---` lines). */
export interface DocMeta {
  id: string;
  title: string;
  type: DocType;
  /** The document the content rests on, e.g. 《冠县人民政府2024年政府信息公开工作年度报告》. */
  source: string;
  /** Publication date, YYYY-MM-DD. */
  published: string;
  url?: string;
  effective?: string;
  expires?: string;
  tags?: string[];
  /** 问答 only: the canonical question and its colloquial variants. */
  question?: string;
  variants?: string[];
}

/** A parsed corpus document. */
export interface CorpusDoc {
  meta: DocMeta;
  /** Markdown body after the front matter. */
  body: string;
  /** Path relative to the corpus dir. */
  file: string;
  /** 1-based line of the body's first line in the file (for error reports). */
  bodyLine: number;
}

/** One problem found in the corpus, reported as `file:line: message`. */
export interface CorpusProblem {
  file: string;
  line: number;
  message: string;
}
