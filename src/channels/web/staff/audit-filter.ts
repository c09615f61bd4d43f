/**
 * The audit filters staff type (operator, action, from and to dates in local
 * time) turned into an AuditFilter. Shared by the console and `guanbot audit list`.
 */
import type { Translate } from '../text.ts';
import type { AuditFilter } from './audit.ts';
import { parseDateOrDateTime } from '../../../time/index.ts';

/** A filter value staff must correct; the message says which one and how. */
export class AuditFilterError extends Error {}

export interface AuditFilterInput {
  actor?: string;
  action?: string;
  /** `YYYY-MM-DD` (from that local day on) or an ISO date-time. */
  since?: string;
  /** `YYYY-MM-DD` (up to and including that local day) or an ISO date-time. */
  until?: string;
  limit?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function instant(t: Translate, text: string, timeZone: string, endOfDay: boolean): Date {
  const at = parseDateOrDateTime(text, timeZone);
  if (!at) throw new AuditFilterError(t('audit.errors.badDate', { date: text }));
  // A bare day as the end of the range includes that whole day (DST-free zones: the county's is).
  return endOfDay && /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? new Date(at.getTime() + DAY_MS) : at;
}

/** Parses staff input; throws AuditFilterError with a Chinese message on a malformed date or an empty range. */
export function parseAuditFilter(t: Translate, timeZone: string, input: AuditFilterInput): AuditFilter {
  const since = input.since?.trim() ? instant(t, input.since, timeZone, false) : undefined;
  const until = input.until?.trim() ? instant(t, input.until, timeZone, true) : undefined;
  if (since && until && since >= until) throw new AuditFilterError(t('audit.errors.emptyRange', { since: input.since!, until: input.until! }));
  return { actor: input.actor?.trim() || undefined, action: input.action?.trim() || undefined, since, until, limit: input.limit };
}
