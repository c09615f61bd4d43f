/**
 * The chat's view of an answer: the documented public answer, each citation
 * carrying the one source line every channel prints (so the page shows it on
 * its card and not a second time in the bubble) and the date its facts come
 * from. An interpretation restating the 2024 report is dated by the report,
 * not by the day the interpretation was written.
 */
import { answerJson, restatesSource, sourceLine, type AnswerResult, type Citation, type SourceRenderer } from '../../../answer/index.ts';
import { loadCorpus } from '../../../corpus/index.ts';

/** Plain text without the trailing url: the card links the page itself. */
const NO_URL: SourceRenderer = { text: (s) => s, title: (title) => title };

interface TitleDates {
  version: string;
  /** Corpus titles with their `published`, longest first (a longer title wins over one it contains). */
  titles: { title: string; published: string }[];
}

export type CitationView = (result: AnswerResult) => ReturnType<typeof answerJson> & { citations: (ReturnType<typeof answerJson>['citations'][number] & { sourceLine: string; sourceDate?: string })[] }

/**
 * Builds the view. `version()` names the serving index: the corpus titles and dates are read again only when it
 * changes (a rebuild, a promoted FAQ).
 */
export function citationView(corpusDir: string, promptsDir: string, version: () => string): CitationView {
  let cache: TitleDates | undefined;
  const titles = () => {
    const current = version();
    if (cache?.version !== current) {
      const list = loadCorpus(corpusDir).docs.map((d) => ({ title: d.meta.title, published: String(d.meta.published ?? '') }));
      cache = { version: current, titles: list.filter((x) => x.title && x.published).sort((a, b) => b.title.length - a.title.length) };
    }
    return cache.titles;
  };

  /** The date of the facts: the cited document's own, or that of the first corpus document its basis names. */
  const sourceDate = (c: Citation): string | undefined => {
    if (!restatesSource(c)) return c.published || undefined;
    const basis = c.source!;
    let best: { at: number; published: string } | undefined;
    for (const { title, published } of titles()) {
      const at = basis.indexOf(title);
      if (at >= 0 && (!best || at < best.at)) best = { at, published };
    }
    return best?.published;
  };

  return (result) => {
    const json = answerJson(result);
    return {
      ...json,
      // answerJson keeps result.citations one to one and in order.
      citations: json.citations.map((c, i) => ({
        ...c,
        sourceLine: sourceLine(result.citations[i]!, promptsDir, NO_URL),
        sourceDate: sourceDate(result.citations[i]!),
      })),
    };
  };
}
