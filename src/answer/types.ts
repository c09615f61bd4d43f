import type { AnswerType } from '../retrieval/answer-type.ts';

/** The characters who speak for the county. */
export const PERSONAS = ['xiaoli', 'xiaozhi', 'duo'] as const;
/** `xiaoli` = 冠小梨, `xiaozhi` = 冠小芝, `duo` = the two in dialogue. */
export type PersonaId = (typeof PERSONAS)[number];

export type Channel = 'cli' | 'web' | 'telegram';

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
  messageId: string | null;
  /** Conversation-log id of this turn (feedback refers to it); null when not recorded. */
  turnId: number | null;
  /** The best fused score and the threshold it was held to. */
  confidence: { score: number; threshold: number };
  /** True when the answer text was written by the optional generative model and passed the grounding check. */
  generated?: boolean;
  timings: { totalMs: number; retrievalMs?: number; generationMs?: number };
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
}

/** Hit testing's view of a question: the same decision `answer` makes, with the passages and scores behind it. */
export interface HitTest {
  passages: RankedPassage[];
  resolved: boolean;
  /** `vague`: too little content to look up (the citizen is asked for detail). */
  kind: 'faq' | 'answer' | 'unresolved' | 'vague';
  /** The evidence held to the threshold. */
  evidence: number;
  threshold: number;
  /** The question-bank entry that answers, when one does. */
  faq: RankedPassage | null;
  /** The kind of answer the question asks for (多久 → duration), or null. */
  answerType: AnswerType | null;
  /** Whether the quoted sentence states that kind of answer (when it does not, the evidence is halved); null when none is asked for or nothing is quoted. */
  answerStated: boolean | null;
}

/** The answering core: retrieval plus extractive, cited persona answers. Knows nothing of channels or storage. */
export interface Engine {
  answer(question: string, opts?: { persona?: PersonaId }): Promise<EngineAnswer>;
  /** Writes the warm "not found yet, passed to staff" reply with its ticket. */
  unresolvedReply(ticket: string, persona: PersonaId): string;
  /** Hit testing: ranked passages with lexical, dense and fused scores and the decision. */
  explain(question: string, limit?: number): Promise<HitTest>;
  /** Reloads the index from disk after a rebuild. */
  reload(): Promise<void>;
  /** The index version (its folder) answers currently come from. */
  readonly version: string;
  readonly threshold: number;
  close(): Promise<void>;
}
