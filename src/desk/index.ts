/**
 * The staff desk: unanswered questions become website-message items (网站留言),
 * staff answer them, replies travel back to citizens, and every turn is logged.
 * Public face of src/desk: `openDesk`, `startDeskJobs`, `promoteToFaq`, exports.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Desk } from './types.ts';
import { openDeskDb, readMeta } from './db.ts';
import { statementCache } from '../storage/sqlite.ts';
import { deskMessages, type DeskContext } from './context.ts';
import { findTurn, recordTurn } from './turns.ts';
import { openItem } from './intake.ts';
import { findItemRow, listItemRows, toItem, toSummary } from './items.ts';
import { assign, assignDepartment, close, markPromoted, reply, replyPlan } from './workflow.ts';
import { dueDeliveries, markDelivered, markDeliveryFailed } from './deliveries.ts';
import { feedback } from './feedback.ts';
import { afterReply } from './after-reply.ts';
import { citizenTicket, ownsTicket, ownsTurn } from './ownership.ts';
import { citationCounts, turnStats } from './stats.ts';
import { getTurn, listTurns, recordCorrection } from './turn-log.ts';
import { feedbackStats } from './feedback-stats.ts';
import { setSuggestion, suggestionTargets } from './suggestions.ts';

export type * from './types.ts';
export { DeskError, UndeliverableError, type DeskErrorCode } from './errors.ts';
export { maskPersonalData, stripPersonalData, findPersonalData, type PersonalKind, type PersonalDatum } from './mask.ts';
export { personalDetails, personNames, houseNumbers } from './personal.ts';
export { normalizeTicket, TICKET_PATTERN } from './tickets.ts';
export { DELIVERY_STATE, ITEM_KIND, ITEM_KINDS, ITEM_STATUS, ITEM_STATUSES, OPEN_STATUSES, isItemKind, isItemStatus, isOpenStatus } from './status.ts';
export { startDeskJobs, type DeskJobs, type DeskJobsOptions } from './jobs.ts';
export { promoteToFaq, draftFaq, type PromoteResult, type PromoteEdits, type FaqDraft, type PromoteWarning } from './promote.ts';
export { writeWeeklyExport, type ExportFormat, type ExportResult } from './export/index.ts';
export { weekFigures, type WeekFigures } from './export/figures.ts';
export { parseIsoWeek, lastCompleteWeek, isoWeekOf, weekRange, formatIsoWeek, BadWeekError, type IsoWeek } from './export/week.ts';
export { renderItemTable, renderItemDetail, renderTicketForCitizen, describeDelivery, renderFaqDraft, renderReplyPlan, describePersonalDetails } from './render.ts';
export { deskMessages } from './context.ts';
export { TURN_KINDS, TURN_CHANNELS, DEFAULT_TURN_PAGE, MAX_TURN_PAGE } from './turn-log.ts';
export { learnQuestion, learnFromHelpful, cleanLearnedQuestion, quotedKey, type LearnOutcome, type LearnSource, type BankGrowthHost } from './bank-growth.ts';
export { correctTurn, draftCorrection, type CorrectionDraft, type CorrectionEdits, type CorrectionResult } from './correct.ts';
export { renderTurnTable, renderTurnDetail } from './render-turns.ts';
export { refreshSuggestions, DEFAULT_SUGGESTION_LIMIT, type QuietAsker, type SuggestionStore, type SuggestionRun, type RefreshOptions } from './suggestions.ts';

export interface OpenDeskOptions {
  /** The clock (tests fix it to check ticket days and week boundaries). */
  now?: () => Date;
}

/** Opens the desk on `config.dbPath` (creating its tables on first use). */
export function openDesk(config: Config, log: Logger, options: OpenDeskOptions = {}): Desk {
  const db = openDeskDb(config.dbPath);
  const deskLog = log.child({ module: 'desk' });
  const ctx: DeskContext = {
    db,
    stmt: statementCache(db),
    timeZone: config.timezone,
    keepPersonalData: config.keepPersonalData,
    salt: readMeta(db, 'handle_salt') ?? '',
    log: deskLog,
    now: options.now ?? (() => new Date()),
    t: deskMessages(config),
    corpusDir: config.corpusDir,
    learnFromFeedback: config.learnFromFeedback,
    promptsDir: config.promptsDir,
    afterReply: afterReply(deskLog),
  };

  return {
    recordTurn: (turn) => recordTurn(ctx, turn),
    openItem: (item) => openItem(ctx, item),
    getItem(ticket) {
      const row = findItemRow(ctx, ticket);
      return row ? toSummary(row) : undefined;
    },
    closeDb() {
      if (db.open) db.close();
    },
    settled: () => ctx.afterReply.settled(),
    listItems: (filter, opts) => listItemRows(ctx, filter).map((row) => toItem(ctx, row, opts?.unmasked)),
    getFullItem(ticket, opts) {
      const row = findItemRow(ctx, ticket);
      return row ? toItem(ctx, row, opts?.unmasked) : undefined;
    },
    assign: (ticket, assignee, actor) => assign(ctx, ticket, assignee, actor),
    assignDepartment: (ticket, department, actor) => assignDepartment(ctx, ticket, department, actor),
    replyPlan: (ticket, text) => replyPlan(ctx, ticket, text),
    reply: (ticket, text, actor, opts) => reply(ctx, ticket, text, actor, opts),
    close: (ticket, reason, actor) => close(ctx, ticket, reason, actor),
    markPromoted: (ticket, faqId, actor) => markPromoted(ctx, ticket, faqId, actor),
    feedback: (turnId, helpful, opts) => feedback(ctx, turnId, helpful, opts),
    ownsTurn: (turnId, channel, channelUserId) => ownsTurn(ctx, turnId, channel, channelUserId),
    ownsTicket: (ticket, channel, channelUserId) => ownsTicket(ctx, ticket, channel, channelUserId),
    citizenTicket: (ticket, channel, channelUserId) => citizenTicket(ctx, ticket, channel, channelUserId),
    dueDeliveries: (channels, limit) => dueDeliveries(ctx, channels, limit),
    markDelivered: (id) => markDelivered(ctx, id),
    markDeliveryFailed: (id, error, opts) => markDeliveryFailed(ctx, id, error, opts),
    turnStats: (from, to) => turnStats(ctx, from, to),
    citationCounts: (from, to) => citationCounts(ctx, from, to),
    turnQuestion: (turnId) => findTurn(ctx, turnId)?.question,
    listTurns: (filter) => listTurns(ctx, filter),
    getTurn: (turnId) => getTurn(ctx, turnId),
    recordCorrection: (turnId, faqId, question, actor) => recordCorrection(ctx, turnId, faqId, question, actor),
    feedbackStats: (from, to) => feedbackStats(ctx, from, to),
    suggestionTargets: (limit) => suggestionTargets(ctx, limit),
    setSuggestion: (ticket, suggestion) => setSuggestion(ctx, ticket, suggestion),
  };
}
