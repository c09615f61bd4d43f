/**
 * Checks one document's front matter and body. Problems are returned, never
 * thrown, so `corpus check` can list every mistake in every file at once.
 */
import { messages } from '../messages/index.ts';
import { DOC_TYPES, type CorpusProblem, type DocMeta, type DocType } from './types.ts';
import type { ParsedFrontMatter } from './frontmatter.ts';

const t = messages('corpus');
const ID = /^[a-z0-9][a-z0-9-]*$/;
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** YYYY, YYYY-MM or YYYY-MM-DD naming a real calendar day. */
function isDate(v: string): boolean {
  if (!DATE.test(v)) return false;
  // DATE has matched, so there is always a year.
  const [y = Number.NaN, m = 1, d = 1] = v.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
const REQUIRED = ['id', 'title', 'type', 'source', 'published'] as const;

/** YAML turns `2025-01-31` into a Date; keep dates as the text staff wrote. */
function asText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' ? v.trim() : undefined;
}

function asList(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.split(/[,，、]/).map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(v)) return v.map((x) => asText(x) ?? '').filter(Boolean);
  return undefined;
}

/** Validates parsed front matter; returns the typed meta when it is usable. */
export function validateDocument(file: string, fm: ParsedFrontMatter): { meta: DocMeta | null; problems: CorpusProblem[] } {
  const problems: CorpusProblem[] = [];
  const at = (line: number, message: string) => problems.push({ file, line, message });
  if (!fm.present) {
    at(1, t('problem.noFrontMatter'));
    return { meta: null, problems };
  }
  for (const e of fm.errors) at(e.line, t('problem.yaml', { detail: e.message }));
  if (!fm.data) return { meta: null, problems };

  const d = fm.data;
  const line = (key: string) => fm.keyLines[key] ?? 1;
  for (const field of REQUIRED) {
    if (asText(d[field]) === undefined || asText(d[field]) === '') at(line(field), t('problem.missingField', { field }));
  }
  for (const field of ['title', 'source', 'question']) {
    if (d[field] !== undefined && typeof d[field] !== 'string') at(line(field), t('problem.notText', { field }));
  }
  const id = asText(d.id);
  if (id && !ID.test(id)) at(line('id'), t('problem.badId', { value: id }));
  const type = asText(d.type);
  if (type && !DOC_TYPES.includes(type as DocType)) {
    at(line('type'), t('problem.badType', { value: type, allowed: DOC_TYPES.join('、') }));
  }
  for (const field of ['published', 'effective', 'expires']) {
    const v = asText(d[field]);
    if (v && !isDate(v)) at(line(field), t('problem.badDate', { field, value: v }));
  }
  const url = asText(d.url);
  if (url && !/^https?:\/\/\S+$/.test(url)) at(line('url'), t('problem.badUrl', { value: url }));
  for (const field of ['tags', 'variants']) {
    if (d[field] !== undefined && asList(d[field]) === undefined) at(line(field), t('problem.badList', { field }));
  }
  if (type === '问答' && !asText(d.question)) at(line('type'), t('problem.faqNeedsQuestion'));
  if (!fm.body.trim()) at(fm.bodyLine, t('problem.emptyBody'));

  if (problems.length) return { meta: null, problems };
  const meta: DocMeta = {
    id: id!,
    title: asText(d.title)!,
    type: type as DocType,
    source: asText(d.source)!,
    published: asText(d.published)!,
    url,
    effective: asText(d.effective),
    expires: asText(d.expires),
    tags: asList(d.tags),
    question: asText(d.question),
    variants: asList(d.variants),
  };
  return { meta, problems };
}
