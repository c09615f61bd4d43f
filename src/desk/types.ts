/**
 * The staff desk's contract with the rest of the app. The answering core calls
 * `recordTurn` for every citizen message and `openItem` when it could not
 * answer; channels call the rest. (Owned by src/desk/; extend, don't break.)
 */
import type { Logger } from 'pino';
import type { AnswerKind, Channel, PersonaId } from '../answer/types.ts';
import type { Config } from '../config.ts';
import type { PersonalDetail } from './personal.ts';
import type { LoggedTurn, TurnFilter, TurnPage } from './turn-log.ts';
import type { FeedbackStats } from './feedback-stats.ts';
import type { ItemKind, ItemStatus } from './status.ts';

export type { PersonalDetail } from './personal.ts';
export type { LoggedTurn, LoggedCitation, TurnFilter, TurnPage } from './turn-log.ts';
export type { FeedbackStats, FeedbackCount } from './feedback-stats.ts';

export type { ItemKind, ItemStatus } from './status.ts';

/** One conversation turn for the append-only log. */
export interface TurnInput {
  channel: Channel;
  channelUserId?: string;
  question: string;
  answer: string;
  resolved: boolean;
  kind: AnswerKind;
  persona: PersonaId;
  /** Title, section and passage text are kept so the log and 👎 tickets show what was cited without the index. */
  citations: { docId: string; chunkId: string; score: number; title?: string; section?: string; text?: string }[];
  latencyMs: number;
  ticket?: string | null;
  generated?: boolean;
  /** The best fused score and the threshold it was held to. */
  confidence?: { score: number; threshold: number };
}

/** A candidate passage the bot considered, stored with an item so staff see what was close. */
export interface Candidate {
  docId: string;
  title: string;
  section: string;
  score: number;
  tags?: string[];
}

export interface NewItemInput {
  kind: ItemKind;
  channel: Channel;
  channelUserId?: string;
  question: string;
  candidates: Candidate[];
  /** The turn this item comes from (for 反馈: the answer that was judged). */
  turnId?: number;
  topic?: string;
}

export interface ItemSummary {
  ticket: string;
  createdAt: string;
  channel: Channel;
  question: string;
  status: ItemStatus;
  kind: ItemKind;
  reply?: string | null;
  repliedAt?: string | null;
  /** Why a closed item was closed (masked): the citizen is told. */
  closeReason?: string | null;
}

/** What the answering core needs from the desk. */
export interface DeskCore {
  /** Appends one turn to the conversation log and returns its id. */
  recordTurn(turn: TurnInput): number;
  /** Opens (or joins a near-duplicate group of) an item and returns its ticket. */
  openItem(item: NewItemInput): { ticket: string };
  /** Looks up an item by ticket; undefined when unknown. */
  getItem(ticket: string): ItemSummary | undefined;
  /** Closes the database. */
  closeDb(): void;
  /** Resolves when the work deferred past replies (a 👍's bank write) is done; await it before `closeDb`. */
  settled(): Promise<void>;
}

/** A full item as staff see it (question masked in list views unless `unmasked` is asked for). */
export interface Item extends ItemSummary {
  id: number;
  /** Pseudonymous citizen handle for this channel, e.g. `TG-3f9a2c`; never the raw chat id. */
  handle: string;
  topic: string | null;
  candidates: Candidate[];
  assignee: string | null;
  /** The department (部门) the item is assigned to, e.g. 教体局; null when none. */
  department?: string | null;
  closeReason: string | null;
  /** Near-duplicate group: items answered together share a group id. */
  groupId: number | null;
  turnId: number | null;
  /** `action` is the Chinese label staff read; `code` the stable action name (open, group, assign, department, reply, close, promote, delivered, deliveryFailed, feedback). */
  history: { at: string; actor: string; action: string; code?: string; detail?: string }[];
  /**
   * `pending` covers "waiting" and "failed, retry scheduled at nextAttemptAt"; `failed` means retries were given up.
   * `method` is `lookup` for web items (the citizen reads the reply by ticket lookup), else `push`.
   */
  delivery: {
    state: 'none' | 'pending' | 'delivered' | 'failed';
    attempts: number;
    lastError?: string | null;
    method?: 'push' | 'lookup';
    nextAttemptAt?: string | null;
  };
  /** Tickets of the other items in the same near-duplicate group. */
  groupTickets?: string[];
  /** Who wrote the reply. */
  repliedBy?: string | null;
  /** Corpus id of the FAQ entry the item was promoted to. */
  faqId?: string | null;
  /** For a 👎 反馈 item: the answer the citizen rejected (masked) and the passages it came from. */
  rejected?: { turnId: number; answer: string; passages: { docId: string; title: string; section: string; text?: string }[] } | null;
  /** What the corpus would now answer this open 未解答 item (flagged after a reindex); null when nothing. */
  suggestion?: Suggestion | null;
}

/** The answer the corpus would give an open item, found by re-asking it after a reindex (src/desk/suggestions.ts). */
export interface Suggestion {
  answer: string;
  /** The answer kind (`answer` or `faq`). */
  kind: string;
  citations: { docId: string; title: string; section: string }[];
  /** When it was found (ISO). */
  at: string;
  /** The index version it came from. */
  version?: string;
}

/** What a reply would reach, for staff to confirm before sending (see `Desk.replyPlan`). */
export interface ReplyPlan {
  ticket: string;
  /** Other open items of the same group that would receive the same reply. */
  alsoTo: ItemSummary[];
  /** Open group members left out because the reply contains personal details (they need their own reply). */
  heldBack: ItemSummary[];
  /** Personal details found in the reply (a name, a house number, a phone…); non-empty means this ticket only. */
  personal: PersonalDetail[];
}

export interface ReplyOptions {
  /**
   * Tickets of the group that staff were shown and confirmed; only those (still open, still in the
   * group, and only when the reply has no personal details) receive the reply too. Default: none.
   */
  alsoTo?: string[];
}

export interface ItemFilter {
  status?: ItemStatus;
  kind?: ItemKind;
  channel?: Channel;
  /** ISO date or datetime; items created at or after it. */
  since?: string;
  /** ISO date or datetime; items created before it. */
  until?: string;
  /** Free-text search in the question. */
  search?: string;
  /** Only items assigned to this department. */
  department?: string;
  limit?: number;
  /** By creation time: `desc` (default, newest first) or `asc` (oldest first, for readers that walk forward). */
  order?: 'asc' | 'desc';
}

/** A staff reply waiting to reach a citizen through its channel. */
export interface Delivery {
  id: number;
  ticket: string;
  channel: Channel;
  channelUserId: string;
  text: string;
  attempts: number;
}

/** Delivers one reply; throws to have it retried later, or throws `UndeliverableError` to give it up. */
export type Deliverer = (delivery: Delivery) => Promise<void>;

/** Everything staff flows (CLI, web console, Telegram staff commands) use. */
export interface Desk extends DeskCore {
  listItems(filter?: ItemFilter, opts?: { unmasked?: boolean }): Item[];
  getFullItem(ticket: string, opts?: { unmasked?: boolean }): Item | undefined;
  assign(ticket: string, assignee: string, actor: string): Item;
  /** Assigns an open item to a department (部门); its status and assignee stay as they are. */
  assignDepartment(ticket: string, department: string, actor: string): Item;
  /** Who else a reply would reach (open group members) and whether it is personal; nothing is written. */
  replyPlan(ticket: string, text: string): ReplyPlan;
  /**
   * Records the reply on the item, and on the group members of `opts.alsoTo` (as confirmed from
   * `replyPlan`), and queues deliveries. Without `alsoTo` only this item is answered.
   */
  reply(ticket: string, text: string, actor: string, opts?: ReplyOptions): Item;
  close(ticket: string, reason: string, actor: string): Item;
  /** Marks the item 已转为问答 after the FAQ file has been written (see promote in src/desk/promote.ts). */
  markPromoted(ticket: string, faqId: string, actor: string): Item;
  /**
   * Citizen feedback 👎 on an answered turn becomes a 反馈 item linked to that turn.
   * When `channel` or `channelUserId` is given the caller must own the turn (see `ownsTurn`), else
   * `DeskError('not_found')`, exactly as for an unknown turn. Without either (staff tools) no check is made.
   */
  feedback(turnId: number, helpful: boolean, opts?: { channel?: Channel; channelUserId?: string; note?: string }): { ticket: string | null };
  /** True when turn `turnId` was asked by (channel, channelUserId); anonymous callers (no id) own nothing. */
  ownsTurn(turnId: number, channel: Channel, channelUserId: string | undefined): boolean;
  /** True when the item of `ticket` belongs to (channel, channelUserId); anonymous callers own nothing. */
  ownsTicket(ticket: string, channel: Channel, channelUserId: string | undefined): boolean;
  /**
   * A citizen's ticket lookup: the summary of their own item, undefined when the ticket is unknown or
   * someone else's (callers answer both with the same "not found", so tickets cannot be probed).
   */
  citizenTicket(ticket: string, channel: Channel, channelUserId: string | undefined): ItemSummary | undefined;
  /** Deliveries due now for these channels. */
  dueDeliveries(channels: Channel[], limit?: number): Delivery[];
  markDelivered(id: number): void;
  /** `giveUp`: no further attempts (the channel can never deliver it); otherwise a retry is scheduled. */
  markDeliveryFailed(id: number, error: string, opts?: { giveUp?: boolean }): void;
  /** The question of a logged turn (for 转人工 hand-offs that refer to a turn); undefined when unknown. */
  turnQuestion(turnId: number): string | undefined;
  /** Conversation-log figures for [from, to) (small talk counted apart), used by the weekly export. */
  turnStats(from: Date, to: Date): TurnStats;
  /** docId → number of answers in [from, to) that cited it (weekly report: most- and never-cited documents). */
  citationCounts(from: Date, to: Date): Map<string, number>;
  /** The conversation log: one page of the turns matching `filter`, newest first (masked). */
  listTurns(filter?: TurnFilter): TurnPage;
  /** One logged turn with its cited passages (masked); undefined when unknown. */
  getTurn(turnId: number): LoggedTurn | undefined;
  /** Notes that staff corrected `turnId` into FAQ entry `faqId` (see src/desk/correct.ts). */
  recordCorrection(turnId: number, faqId: string, question: string, actor: string): void;
  /** 👍/👎 on the turns asked in [from, to): per week, per document, per 问答 entry, the most rejected documents. */
  feedbackStats(from: Date, to: Date): FeedbackStats;
  /** Open 未解答 items to re-ask after a reindex, newest first (ticket and masked question). */
  suggestionTargets(limit: number): { ticket: string; question: string }[];
  /** Stores or (null) clears the suggestion of a still-open item; false when it is no longer open. */
  setSuggestion(ticket: string, suggestion: Suggestion | null): boolean;
}

/** Turns logged in a time range: questions per local day and channel, how many the corpus answered. */
export interface TurnStats {
  perDay: { date: string; channel: Channel; questions: number; resolved: number }[];
  /** Questions (small talk excluded). */
  questions: number;
  resolved: number;
  smalltalk: number;
}

/**
 * What the desk's scheduled jobs use of the running service: the desk, the settings and the log. The desk names
 * what it needs instead of importing the app, so it can be used (and tested) without one.
 */
export interface DeskHost {
  desk: Desk;
  config: Config;
  log: Logger;
}

/** What publishing an FAQ entry (promote, correction) uses: the desk, the settings and a rebuild of the index. */
export interface PublishHost {
  desk: Desk;
  config: Config;
  reindex(): Promise<unknown>;
}
