/**
 * Greetings, thanks, help requests, goodbyes and messages with no words at
 * all get a friendly reply: they are not questions for the corpus and must
 * never become unanswered items.
 */
import { messageNode } from '../messages/index.ts';
import { normalizeForMatch } from '../retrieval/text.ts';
import type { PersonaId } from './types.ts';

/** `vague`: a message with too little content to look up (decided by the engine, not by patterns). */
export type SmalltalkKind = 'greeting' | 'thanks' | 'help' | 'bye' | 'empty' | 'vague';

interface Table {
  patterns?: string[];
  replies: Record<PersonaId, string>;
}

export class Smalltalk {
  private readonly table: Record<SmalltalkKind, Table>;

  constructor(promptsDir: string) {
    this.table = messageNode<Record<SmalltalkKind, Table>>('answer', 'smalltalk', promptsDir);
  }

  /** Classifies a message; null for a real question. */
  classify(message: string): SmalltalkKind | null {
    const words = normalizeForMatch(message).replace(/[^\p{Script=Han}a-z0-9]/gu, '');
    if (!words) return 'empty';
    for (const kind of ['greeting', 'thanks', 'help', 'bye'] as const) {
      const patterns = (this.table[kind].patterns ?? []).map((p) => normalizeForMatch(String(p)).replace(/[^\p{Script=Han}a-z0-9]/gu, ''));
      // Whole-message match, allowing a greeting plus a character's name ("你好冠小梨") but not a question after it.
      const stripped = words.replace(/冠小梨|冠小芝|小梨|小芝|机器人|你们|啊|呀|啦|嘞|哈|哦|嗯|呢|吧/g, '');
      if (patterns.includes(words) || (stripped && patterns.includes(stripped))) return kind;
      // Nothing but particles and names (哈哈, 嗯嗯): a friendly nudge, not a question for staff.
      if (!stripped) return 'greeting';
    }
    return null;
  }

  reply(kind: SmalltalkKind, persona: PersonaId): string {
    return this.table[kind].replies[persona];
  }
}
