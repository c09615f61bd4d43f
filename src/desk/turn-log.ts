/**
 * Reading the conversation log: every citizen turn with its answer, what it
 * cited, its confidence, feedback and ticket, filtered and paged for staff.
 * Questions and answers always leave here masked.
 */
import type { AnswerKind, Channel } from '../answer/types.ts';
import type { DeskContext } from './context.ts';
import { DeskError } from './errors.ts';
import { maskPersonalData } from './mask.ts';
import { localMidnight, parseDateOrDateTime } from '../time/index.ts';
import type { TurnRow } from './turns.ts';
import type { KeysUnder } from '../messages/index.ts';

export const TURN_KINDS: AnswerKind[] = ['answer', 'faq', 'unresolved', 'smalltalk'];
export const TURN_CHANNELS: Channel[] = ['web', 'telegram', 'cli'];
/** Page size when none is asked for, and the most one page may hold. */
export const DEFAULT_TURN_PAGE = 50;
export const MAX_TURN_PAGE = 500;

/** A cited passage as staff read it: the document's title and section, and (in one turn's detail) the passage. */
export interface LoggedCitation {
  docId: string;
  title: string;
  section: string;
  /** The passage text, when the turn was logged with it (only in `getTurn`). */
  text?: string;
}

/** One turn of the log as staff see it. */
export interface LoggedTurn {
  turnId: number;
  createdAt: string;
  channel: Channel;
  /** Pseudonymous citizen handle, e.g. `TG-3f9a2c`. */
  handle: string;
  /** Masked, always. */
  question: string;
  kind: AnswerKind;
  resolved: boolean;
  /** The item the turn opened or was judged in (未解答 or 👎 反馈), or null. */
  ticket: string | null;
  /** The citizen's latest judgement of the answer. */
  feedback: 'up' | 'down' | null;
  /** Masked, always. */
  answer: string;
  citations: LoggedCitation[];
  /** Best fused score, null for turns logged before it was stored. */
  confidence: number | null;
  threshold: number | null;
  persona: string;
  generated: boolean;
  /** The latest staff correction of this turn (the FAQ entry it became), or null. */
  correction: { faqId: string; actor: string; at: string } | null;
}

export interface TurnFilter {
  /** `YYYY-MM-DD` (local day, from its midnight) or an ISO date-time. */
  since?: string;
  /** `YYYY-MM-DD` (local day, included) or an ISO date-time (excluded). */
  until?: string;
  channel?: Channel;
  kind?: AnswerKind;
  /** true: answered turns only; false: refused (unresolved) only. */
  resolved?: boolean;
  feedback?: 'up' | 'down';
  /** Turns that cited this document. */
  docId?: string;
  limit?: number;
  offset?: number;
}

/** One page of the log, newest first, and how many turns match in all. */
export interface TurnPage {
  turns: LoggedTurn[];
  total: number;
  limit: number;
  offset: number;
}

interface LogRow extends TurnRow {
  fb: number | null;
  fb_ticket: string | null;
  corr_faq: string | null;
  corr_actor: string | null;
  corr_at: string | null;
}

interface StoredCitation {
  docId?: string;
  chunkId?: string;
  title?: string;
  section?: string;
  text?: string;
}

/** The log's columns: the turn, its latest feedback (and the ticket that opened) and its latest correction. */
const SELECT = `
  SELECT t.*,
    (SELECT f.helpful FROM feedback f WHERE f.turn_id = t.id ORDER BY f.id DESC LIMIT 1) AS fb,
    (SELECT f.ticket FROM feedback f WHERE f.turn_id = t.id AND f.ticket IS NOT NULL ORDER BY f.id DESC LIMIT 1) AS fb_ticket,
    (SELECT c.faq_id FROM turn_corrections c WHERE c.turn_id = t.id ORDER BY c.id DESC LIMIT 1) AS corr_faq,
    (SELECT c.actor FROM turn_corrections c WHERE c.turn_id = t.id ORDER BY c.id DESC LIMIT 1) AS corr_actor,
    (SELECT c.at FROM turn_corrections c WHERE c.turn_id = t.id ORDER BY c.id DESC LIMIT 1) AS corr_at
  FROM turns t`;

function parseCitations(json: string, withText: boolean): LoggedCitation[] {
  let stored: StoredCitation[];
  try {
    stored = JSON.parse(json) as StoredCitation[];
  } catch {
    return [];
  }
  return stored
    .filter((c) => c.docId)
    .map((c) => ({
      docId: c.docId!,
      // Turns logged before titles were stored name the document by id only.
      title: c.title ?? c.docId!,
      section: c.section ?? '',
      ...(withText && c.text ? { text: c.text } : {}),
    }));
}

function toLogged(row: LogRow, withText: boolean): LoggedTurn {
  return {
    turnId: row.id,
    createdAt: row.created_at,
    channel: row.channel,
    handle: row.handle,
    question: maskPersonalData(row.question_masked),
    kind: row.kind,
    resolved: row.resolved === 1,
    ticket: row.ticket ?? row.fb_ticket,
    feedback: row.fb === null ? null : row.fb === 1 ? 'up' : 'down',
    answer: maskPersonalData(row.answer),
    citations: parseCitations(row.citations, withText),
    confidence: row.confidence ?? null,
    threshold: row.threshold ?? null,
    persona: row.persona,
    generated: row.generated === 1,
    correction: row.corr_faq ? { faqId: row.corr_faq, actor: row.corr_actor ?? '', at: row.corr_at ?? '' } : null,
  };
}

/** The instant a `--until` value stands for: a bare local day includes that whole day. */
function untilInstant(ctx: DeskContext, value: string): Date | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (day && parseDateOrDateTime(value, ctx.timeZone)) return localMidnight(Number(day[1]), Number(day[2]), Number(day[3]) + 1, ctx.timeZone);
  return parseDateOrDateTime(value, ctx.timeZone);
}

/** Checks a filter from outside (CLI options, console query) and throws `DeskError('invalid_input')` in words. */
export function checkTurnFilter(ctx: DeskContext, filter: TurnFilter): void {
  const bad = (key: KeysUnder<'desk', 'errors'>, vars: Record<string, string | number | undefined>) => new DeskError('invalid_input', ctx.t(`errors.${key}`, vars));
  if (filter.kind && !TURN_KINDS.includes(filter.kind)) throw bad('badTurnKind', { kind: filter.kind, kinds: TURN_KINDS.join('、') });
  if (filter.channel && !TURN_CHANNELS.includes(filter.channel)) throw bad('badChannel', { channel: filter.channel, channels: TURN_CHANNELS.join('、') });
  if (filter.feedback && filter.feedback !== 'up' && filter.feedback !== 'down') throw bad('badFeedback', { feedback: filter.feedback });
  if (filter.since && !parseDateOrDateTime(filter.since, ctx.timeZone)) throw bad('badDate', { date: filter.since });
  if (filter.until && !untilInstant(ctx, filter.until)) throw bad('badDate', { date: filter.until });
  if (filter.limit !== undefined && (!Number.isInteger(filter.limit) || filter.limit < 1 || filter.limit > MAX_TURN_PAGE)) {
    throw bad('badTurnLimit', { limit: filter.limit, max: MAX_TURN_PAGE });
  }
  if (filter.offset !== undefined && (!Number.isInteger(filter.offset) || filter.offset < 0)) throw bad('badOffset', { offset: filter.offset });
}

/** One page of the turns matching `filter`, newest first. */
export function listTurns(ctx: DeskContext, filter: TurnFilter = {}): TurnPage {
  checkTurnFilter(ctx, filter);
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.since) {
    where.push('t.created_at >= ?');
    params.push(parseDateOrDateTime(filter.since, ctx.timeZone)!.toISOString());
  }
  if (filter.until) {
    where.push('t.created_at < ?');
    params.push(untilInstant(ctx, filter.until)!.toISOString());
  }
  if (filter.channel) {
    where.push('t.channel = ?');
    params.push(filter.channel);
  }
  if (filter.kind) {
    where.push('t.kind = ?');
    params.push(filter.kind);
  }
  if (filter.resolved !== undefined) {
    where.push('t.resolved = ?');
    params.push(filter.resolved ? 1 : 0);
  }
  if (filter.feedback) {
    where.push('(SELECT f.helpful FROM feedback f WHERE f.turn_id = t.id ORDER BY f.id DESC LIMIT 1) = ?');
    params.push(filter.feedback === 'up' ? 1 : 0);
  }
  if (filter.docId) {
    where.push("EXISTS (SELECT 1 FROM json_each(t.citations) j WHERE json_extract(j.value, '$.docId') = ?)");
    params.push(filter.docId.trim());
  }
  const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const limit = filter.limit ?? DEFAULT_TURN_PAGE;
  const offset = filter.offset ?? 0;
  const { total } = ctx.stmt(`SELECT COUNT(*) AS total FROM turns t${clause}`).get(...params) as { total: number };
  const rows = ctx.stmt(`${SELECT}${clause} ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?`).all(...params, limit, offset) as LogRow[];
  return { turns: rows.map((r) => toLogged(r, false)), total, limit, offset };
}

/** One turn with its cited passages, or undefined. */
export function getTurn(ctx: DeskContext, turnId: number): LoggedTurn | undefined {
  const row = ctx.stmt(`${SELECT} WHERE t.id = ?`).get(turnId) as LogRow | undefined;
  return row ? toLogged(row, true) : undefined;
}

/** Records that staff corrected `turnId` into FAQ entry `faqId` (the turn itself is never rewritten). */
export function recordCorrection(ctx: DeskContext, turnId: number, faqId: string, question: string, actor: string): void {
  ctx
    .stmt('INSERT INTO turn_corrections(turn_id, faq_id, question, actor, at) VALUES (?, ?, ?, ?, ?)')
    .run(turnId, faqId, question, actor, ctx.now().toISOString());
}
