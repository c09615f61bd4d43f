/**
 * The values the desk stores in `items.status`, `items.kind` and `deliveries.state`, named once. Item statuses and
 * kinds are stored (and exported to the 网站留言 spreadsheet) as the Chinese words staff know; code refers to them by
 * these constants and binds them into SQL as parameters. How a status reads to a citizen lives in prompts/messages.
 */

/** Where an item stands in its workflow. */
export const ITEM_STATUS = {
  pending: '待处理',
  inProgress: '处理中',
  replied: '已答复',
  closed: '已关闭',
  promoted: '已转为问答',
} as const;
export type ItemStatus = (typeof ITEM_STATUS)[keyof typeof ITEM_STATUS];

/** Every status, in workflow order (the order of lists and the weekly figures). */
export const ITEM_STATUSES: readonly ItemStatus[] = Object.values(ITEM_STATUS);
/** Statuses an item can still be worked on in. */
export const OPEN_STATUSES: readonly ItemStatus[] = [ITEM_STATUS.pending, ITEM_STATUS.inProgress];
/** Placeholders for `status IN (…)`: bind them to `...OPEN_STATUSES`. */
export const OPEN_STATUS_PLACEHOLDERS = OPEN_STATUSES.map(() => '?').join(', ');

/** Why an item was opened. */
export const ITEM_KIND = {
  /** The bot could not answer. */
  unanswered: '未解答',
  /** A citizen marked an answer 👎. */
  feedback: '反馈',
  /** A citizen asked for a person. */
  handoff: '转人工',
} as const;
export type ItemKind = (typeof ITEM_KIND)[keyof typeof ITEM_KIND];
export const ITEM_KINDS: readonly ItemKind[] = Object.values(ITEM_KIND);

/** True when `value` is a stored item status (for filters typed by people). */
export const isItemStatus = (value: string): value is ItemStatus => (ITEM_STATUSES as readonly string[]).includes(value);
/** True when `value` is a stored item kind. */
export const isItemKind = (value: string): value is ItemKind => (ITEM_KINDS as readonly string[]).includes(value);
/** True while staff can still work on an item. */
export const isOpenStatus = (status: ItemStatus): boolean => OPEN_STATUSES.includes(status);

/**
 * A reply's delivery: `pending` (waiting, or failed with a retry scheduled), `delivered`, `failed` (retries given
 * up), and `lookup` for web items, which the citizen reads by looking the ticket up.
 */
export const DELIVERY_STATE = {
  pending: 'pending',
  delivered: 'delivered',
  failed: 'failed',
  lookup: 'lookup',
} as const;
export type DeliveryState = (typeof DELIVERY_STATE)[keyof typeof DELIVERY_STATE];
