/**
 * The audit log as staff read it: Chinese action names, details spelled out
 * instead of raw JSON (personal numbers masked), the source (an address or the
 * server's command line) and local times. One rendering for the console, the
 * export and `guanbot audit list`.
 */
import type { Translate } from '../text.ts';
import type { MessageKey } from '../../../messages/index.ts';
import type { AuditEntry } from './audit.ts';
import { maskPersonalData } from '../../../desk/mask.ts';
import { localDateTime } from '../../../time/index.ts';

/** One entry ready to show. */
export interface AuditView {
  id: number;
  /** ISO instant, as stored. */
  at: string;
  /** `YYYY-MM-DD HH:mm` in the county's time zone. */
  localAt: string;
  actor: string;
  /** The stable code (`item.close`), for filters and scripts. */
  action: string;
  /** 关闭留言 */
  actionLabel: string;
  target: string;
  /** 原因：重复留言；失败 1 条 */
  detailText: string;
  /** The stored detail parsed (JSON object) or as written; personal numbers masked. */
  detail: unknown;
  /** The client address, or 命令行（本机）. */
  source: string;
  ip: string | null;
}

/** `t(key)`, or undefined when web.yaml has no such message. */
function optional(t: Translate, key: string, vars?: Record<string, string | number>): string | undefined {
  try {
    // Probes keys made from stored action names, which web.yaml may not name: the catch is the answer.
    return t(key as MessageKey<'web'>, vars);
  } catch {
    return undefined;
  }
}

/** Message keys split on '.', so `item.close` is looked up as `item-close`. */
const messageKey = (code: string) => code.replace(/\./g, '-');

/** The Chinese name of an action code; an unknown code is shown as it is. */
export function actionLabel(t: Translate, action: string): string {
  return optional(t, `audit.actions.${messageKey(action)}`) ?? action;
}

function valueText(t: Translate, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => valueText(t, v)).join('、');
  if (typeof value === 'boolean') return t(value ? 'audit.yes' : 'audit.no');
  if (value && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/** The stored detail parsed: JSON when it is JSON, else the text itself. */
function parseDetail(detail: string | null): unknown {
  if (detail === null) return null;
  try {
    return JSON.parse(detail) as unknown;
  } catch {
    return detail;
  }
}

/** Details in words: each field by its own template in web.yaml (`audit.details.<field>`), empty ones left out. */
export function detailText(t: Translate, action: string, detail: unknown): string {
  if (isEmpty(detail)) return '';
  if (typeof detail !== 'object' || Array.isArray(detail)) return maskPersonalData(valueText(t, detail));
  const parts: string[] = [];
  for (const [key, value] of Object.entries(detail as Record<string, unknown>)) {
    // "0 failed" is no news; the count of a bulk action is in its target.
    if (isEmpty(value) || (key === 'failed' && value === 0)) continue;
    const text = valueText(t, value);
    parts.push(optional(t, `audit.details.${messageKey(action)}-${key}`, { value: text }) ?? optional(t, `audit.details.${key}`, { value: text }) ?? t('audit.details.other', { key, value: text }));
  }
  return maskPersonalData(parts.join(t('audit.separator')));
}

/** Masks every string inside a parsed detail (for the JSON form). */
function masked(value: unknown): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (Array.isArray(value)) return value.map(masked);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v)]));
  return value;
}

/** Renders one stored entry. */
export function viewAuditEntry(t: Translate, timeZone: string, entry: AuditEntry): AuditView {
  const detail = parseDetail(entry.detail);
  return {
    id: entry.id,
    at: entry.at,
    localAt: localDateTime(entry.at, timeZone),
    actor: entry.actor === 'cli' ? t('audit.cliActor') : entry.actor,
    action: entry.action,
    actionLabel: actionLabel(t, entry.action),
    // Bulk actions list their tickets comma-separated.
    target: (entry.target ?? '').split(',').filter(Boolean).join('、'),
    detailText: detailText(t, entry.action, detail),
    detail: masked(detail),
    source: entry.ip ?? t('audit.cliSource'),
    ip: entry.ip,
  };
}

/** The column headings of the export and the CLI table, in order. */
export function auditHeaders(t: Translate): string[] {
  return (['at', 'actor', 'action', 'target', 'detail', 'source'] as const).map((k) => t(`audit.columns.${k}`));
}

/** One entry as the cells of the export, in `auditHeaders` order. */
export function auditCells(view: AuditView): string[] {
  return [view.localAt, view.actor, view.actionLabel, view.target, view.detailText, view.source];
}
