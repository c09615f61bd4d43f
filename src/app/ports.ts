/**
 * The narrow interfaces channels depend on. Each channel's deps type lists
 * only the ports it uses; the composition root (or serve.ts) passes the parts
 * that implement them, so no channel reaches through the whole App.
 */
import type { Engine } from '../answer/types.ts';
import type { Desk } from '../desk/index.ts';
import type { AskFunction } from './ask-service.ts';
import type { IndexService } from './index-service.ts';

/** Answers a citizen question, logs the turn and opens a ticket when the corpus has no answer. */
export type CitizenAsk = AskFunction;

/**
 * What a citizen channel does at the desk besides asking: look up its own
 * tickets, 👍/👎 an answer, hand a question to a person, and check that a turn
 * belongs to the asking session.
 */
export type CitizenDesk = Pick<Desk, 'citizenTicket' | 'feedback' | 'openItem' | 'ownsTurn' | 'turnQuestion'>;

/** Staff working in a chat (Telegram): any ticket, replies, and the new items they are notified of. */
export type ChatStaffDesk = Pick<Desk, 'getItem' | 'reply' | 'listItems'>;

/** The staff console: the queue, staff actions, the log, the report, exports and FAQ promotion. */
export type StaffDesk = Desk;

/** Rebuilding the index from the console, and the re-asking of open tickets that follows each reload. */
export type Reindexer = Pick<IndexService, 'reindex' | 'suggestions'>;

/** Hit testing in the console: the engine's explanation and the text a citizen would read, after a previous question too; nothing is logged. */
export type HitTester = Pick<Engine, 'explain' | 'answer' | 'passageCoverage'>;

/** The version of the serving index, so caches built from the corpus follow a rebuild. */
export type IndexVersion = Pick<Engine, 'version'>;
