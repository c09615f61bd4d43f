import type { AnswerType } from '../retrieval/answer-type.ts';

import type { PersonaId } from '../constants.ts';

// The personas, the default one and the question limit are shared with config and the channels: written once there.
export { DEFAULT_PERSONA, MAX_QUESTION_CHARS, PERSONAS, type PersonaId } from '../constants.ts';

export type Channel = 'cli' | 'web' | 'telegram' | 'wechat';

/** A passage shown to the citizen as the source of an answer. */
export interface Citation {
  docId: string;
  title: string;
  /** Heading path inside the document, e.g. `三、收到和处理政府信息公开申请情况 › 本年度办理结果`. */
  section: string;
  /** The passage text shown to the user. */
  text: string;
  score: number;
  chunkId: string;
  type: string;
  /** The document the passage rests on (front matter `source`). */
  source?: string;
  published?: string;
  url?: string;
}

/** What kind of reply this is. `smalltalk` covers greetings, thanks, help, empty or emoji-only input. */
export type AnswerKind = 'answer' | 'faq' | 'unresolved' | 'smalltalk';

/** The result of asking; `guanbot ask --json` prints exactly the documented subset of it. */
export interface AnswerResult {
  question: string;
  resolved: boolean;
  kind: AnswerKind;
  answer: string;
  persona: PersonaId;
  citations: Citation[];
  /** Ticket (留言编号) of the stored item when unresolved, else null. */
  ticket: string | null;
  /** Conversation-log id of this turn (feedback refers to it); null when not recorded. */
  turnId: number | null;
  /** The best fused score and the threshold it was held to. */
  confidence: { score: number; threshold: number };
  /** True when the answer text was written by the optional generative model and passed the grounding check. */
  generated?: boolean;
  timings: { totalMs: number; retrievalMs?: number; generationMs?: number };
  /** The question the answer was looked up with: the message itself, or the message read with the previous turn. */
  resolvedQuestion?: string;
  /** How the conversation's previous turn was weighed (absent without a conversation or a previous turn). */
  followUp?: FollowUpTrace;
}

/** How to ask. */
export interface AskOptions {
  channel: Channel;
  /** Channel-specific citizen id used to deliver staff replies (Telegram chat id, web session id). */
  channelUserId?: string;
  persona?: PersonaId;
  /** Default true: log the turn and open an item when unresolved. Evaluation passes false. */
  record?: boolean;
  /** Streaming: called with the text so far while a generative answer is being written. */
  onDelta?: (textSoFar: string) => void;
  /** Aborts generation (not retrieval). */
  signal?: AbortSignal;
  /**
   * The conversation this message belongs to (web session, Telegram chat, console session, CLI `--conversation`):
   * a follow-up is read with that conversation's previous turn. Without it every message stands alone.
   */
  conversationId?: string;
}

/** One ranked passage as hit testing shows it: why the bot answered or not. */
export interface RankedPassage extends Citation {
  /** BM25 score (null: not among the lexical candidates). */
  lexical: number | null;
  /** Cosine similarity (null: not among the dense candidates). */
  dense: number | null;
  /** Reciprocal-rank fusion of both lists, 0..1. */
  fused: number;
  /** IDF-weighted share of the question found in the passage, 0..1: the evidence the resolve threshold applies to. */
  coverage: number;
  tags?: string[];
}

/** How the engine is asked: the persona, the ticket for an answer given in part, whole or sentence by sentence. */
export interface AnswerOptions {
  persona?: PersonaId;
  /**
   * Called when a question is answered only in part, with the sentences no passage answers: returns the ticket they
   * were passed to staff under (named in the answer), or null when none was opened.
   */
  ticketFor?: (unanswered: string[], candidates: RankedPassage[]) => string | null;
  /** Decide the question only as a whole, never sentence by sentence (a follow-up read with the previous question). */
  whole?: boolean;
}

/** What the engine decided for a question, before anything is recorded. */
export interface EngineAnswer {
  question: string;
  kind: AnswerKind;
  resolved: boolean;
  answer: string;
  persona: PersonaId;
  citations: Citation[];
  /** The best passages considered (for unresolved items and hit testing). */
  candidates: RankedPassage[];
  confidence: { score: number; threshold: number };
  retrievalMs: number;
  /** Sentences of a question answered only in part that no passage answers (said in the answer). */
  unanswered?: string[];
  /** The ticket `ticketFor` returned for them. */
  ticket?: string | null;
  /**
   * The answer's lines that name the unanswered sentences and their ticket: an answer rewritten by a model keeps them,
   * so a citizen is never told less than the extractive answer said.
   */
  missingNote?: string;
}

/** One feature of a candidate, its value and what it added to the log-odds of answering from it. */
export interface FeatureContribution {
  name: string;
  value: number;
  contribution: number;
}

/** Why the engine answered or refused: the words matched and missed, each candidate's features, the reason. */
export interface DecisionTrace {
  kind: 'faq' | 'answer' | 'unresolved' | 'vague';
  /** The probability the chosen (or best) candidate had, and the threshold it was held to. */
  probability: number;
  threshold: number;
  /** The passage answered from, or null. */
  chosen: string | null;
  reason: 'answered' | 'below-threshold' | 'too-little-content' | 'no-candidate';
  /** The question's words found in the best candidate, and those missing. */
  matched: string[];
  missed: string[];
  /** The bank question closest to the asked one for the best candidate. */
  bankMatch: { question: string; similarity: number } | null;
  /** The closest question the corpus cannot answer. */
  negativeMatch: { question: string; topic: string; similarity: number } | null;
  candidates: { chunkId: string; probability: number; quote: string; features: FeatureContribution[] }[];
  /** How the model was trained at the last index build (held-out figures). */
  training: unknown;
  /** Present when the question was asked in a conversation with a previous turn: whether that turn was used. */
  context?: FollowUpTrace;
}

/** How a message was weighed against the conversation's previous turn (see src/answer/conversation.ts). */
export interface FollowUpTrace {
  /** True when the answer was looked up with the combined question instead of the message alone. */
  used: boolean;
  /** The previous resolved question of the conversation that was tried. */
  previousQuestion: string;
  /** The passages the previous answer cited. */
  previousPassages: string[];
  /** The previous question and the message read together, as looked up. */
  combinedQuestion: string;
  /** The decision's probability for the message alone (0 when it says too little to look up) and for the combined question. */
  aloneProbability: number;
  combinedProbability: number;
  /** The decision's kind for each reading. */
  aloneKind: HitTest['kind'];
  combinedKind: HitTest['kind'];
  /** The share of the message's own words the combined reading's passage covers (0..1), null when nothing was chosen. */
  coverage: number | null;
  /** Why the combined reading was taken or not. */
  reason: 'combined-more-confident' | 'alone-confident' | 'combined-unresolved' | 'message-not-covered' | 'smalltalk';
}

/** Hit testing's view of a question: the same decision `answer` makes, with the passages, scores and trace behind it. */
export interface HitTest {
  passages: RankedPassage[];
  resolved: boolean;
  /** `vague`: too little content to look up (the citizen is asked for detail); `smalltalk`: a greeting, thanks, … */
  kind: 'faq' | 'answer' | 'unresolved' | 'vague' | 'smalltalk';
  /** The smalltalk kind the citizen's message was taken as, or null. */
  smalltalk: string | null;
  /** The probability held to the threshold. */
  evidence: number;
  threshold: number;
  /** The question-bank entry that answers, when one does. */
  faq: RankedPassage | null;
  /** The kind of answer the question asks for (多久 → duration), or null. */
  answerType: AnswerType | null;
  /** Whether the quoted sentence states that kind of answer; null when none is asked for or nothing is quoted. */
  answerStated: boolean | null;
  /**
   * For a question of several sentences answered from more than one passage, or only in part: the passages in the
   * order quoted and the sentences none answers (see the engine's plan); null otherwise.
   */
  parts: { chosen: { chunkId: string; probability: number }[]; missing: string[] } | null;
  trace: DecisionTrace;
}

/** The answering core: retrieval plus extractive, cited persona answers. Knows nothing of channels or storage. */
export interface Engine {
  answer(question: string, opts?: AnswerOptions): Promise<EngineAnswer>;
  /** Writes the warm "not found yet, passed to staff" reply with its ticket. */
  unresolvedReply(ticket: string, persona: PersonaId): string;
  /** Hit testing: ranked passages with lexical, dense and fused scores and the decision. */
  explain(question: string, limit?: number, opts?: Pick<AnswerOptions, 'whole'>): Promise<HitTest>;
  /**
   * How much of a question a passage covers (0..1): the IDF-weighted share of the question's words the passage holds,
   * halved when it cannot be the answer (as retrieval measures it). Null for a passage the index does not hold.
   */
  passageCoverage(question: string, chunkId: string): number | null;
  /** Reloads the index from disk after a rebuild. */
  reload(): Promise<void>;
  /** The index version (its folder) answers currently come from. */
  readonly version: string;
  readonly threshold: number;
  /** How many passages the serving index holds. */
  readonly passageCount: number;
  close(): Promise<void>;
}
