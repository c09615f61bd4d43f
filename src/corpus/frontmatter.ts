/**
 * Splits a Markdown document into YAML front matter and body, keeping line
 * numbers so that every problem can be reported as `file:line`.
 */
import YAML, { LineCounter, isMap, isScalar } from 'yaml';
import { messages } from '../messages/index.ts';

const t = messages('corpus');

export interface ParsedFrontMatter {
  /** The YAML mapping, or null when absent or unparsable. */
  data: Record<string, unknown> | null;
  /** 1-based line of each top-level key, for error reports. */
  keyLines: Record<string, number>;
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
  /** YAML syntax errors with their lines. */
  errors: { line: number; message: string }[];
  /** True when the file has a `---` front matter block at all. */
  present: boolean;
}

const FENCE = /^---\s*$/;

export function parseFrontMatter(text: string): ParsedFrontMatter {
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = src.split('\n');
  if (!FENCE.test(lines[0] ?? '')) {
    return { data: null, keyLines: {}, body: src, bodyLine: 1, errors: [], present: false };
  }
  const end = lines.findIndex((l, i) => i > 0 && FENCE.test(l));
  if (end < 0) {
    return {
      data: null, keyLines: {}, body: '', bodyLine: lines.length + 1, present: true,
      errors: [{ line: 1, message: t('problem.unclosed') }],
    };
  }
  const yamlText = lines.slice(1, end).join('\n');
  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const yamlLines = lines.slice(1, end);
  // +1: the opening fence is line 1, YAML line 1 is file line 2.
  const errors = doc.errors.map((e) => {
    const line = lineCounter.linePos(e.pos[0]).line;
    const quote = e.code === 'MISSING_CHAR' ? /(["'])quote/.exec(e.message)?.[1] : undefined;
    const opened = quote ? openingQuoteLine(yamlLines, line, quote) : null;
    if (quote && opened) return { line: opened + 1, message: t('problem.unclosedQuote', { quote }) };
    return { line: line + 1, message: e.message.split('\n')[0] ?? e.message };
  });
  const keyLines: Record<string, number> = {};
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (isScalar(pair.key) && pair.key.range) {
        keyLines[String(pair.key.value)] = lineCounter.linePos(pair.key.range[0]).line + 1;
      }
    }
  }
  const value = errors.length ? null : doc.toJS();
  const data = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  if (!errors.length && !data) errors.push({ line: 2, message: t('problem.notMapping') });
  return { data, keyLines, body: lines.slice(end + 1).join('\n'), bodyLine: end + 2, errors, present: true };
}

/**
 * The 1-based YAML line where a quoted value opens without closing on that line. YAML lets a quoted value run
 * over several lines, so the parser reports a missing closing quote at the end of the block, not where staff
 * left it out; the first line whose value opens `quote` and does not close it is where the mistake is.
 */
function openingQuoteLine(yamlLines: string[], upTo: number, quote: string): number | null {
  const opens = new RegExp(`^\\s*(?:-\\s+|[^\\s#][^#]*?:\\s+)${quote}(.*)$`);
  // A double quote closes unless escaped; in single quotes '' is an escaped quote, any other ' closes.
  const closes = quote === '"' ? /(^|[^\\])(\\\\)*"/ : /'/;
  for (let i = 0; i < Math.min(upTo, yamlLines.length); i += 1) {
    // The loop stays below yamlLines.length, and `opens` always captures the rest of the line.
    const m = opens.exec(yamlLines[i]!);
    const rest = m?.[1];
    if (rest !== undefined && !closes.test(quote === "'" ? rest.replace(/''/g, '') : rest)) return i + 1;
  }
  return null;
}

/** Renders front matter + body back into a Markdown file. */
export function stringifyDocument(meta: Record<string, unknown>, body: string): string {
  const clean = Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return `---\n${YAML.stringify(clean, { lineWidth: 0 }).trimEnd()}\n---\n\n${body.trim()}\n`;
}
