/**
 * Greetings, thanks, help requests, goodbyes and messages with no words at
 * all get a friendly reply: they are not questions for the corpus and must
 * never become unanswered items.
 */
import { messageNode } from '../messages/index.ts';
import { normalizeForMatch, SMALLTALK_FILLER } from '../text/index.ts';
import { loadPersonas } from './persona.ts';
import type { PersonaId } from './types.ts';

/** `vague`: a message with too little content to look up (decided by the engine, not by patterns). */
export type SmalltalkKind = 'greeting' | 'thanks' | 'help' | 'bye' | 'empty' | 'vague';

interface Table {
  patterns?: string[];
  replies: Record<PersonaId, string>;
}

/** Letters, digits and Han characters only, in the normal form used for matching. */
const bare = (text: string) => normalizeForMatch(text).replace(/[^\p{Script=Han}a-z0-9]/gu, '');

/** Words as regular-expression alternatives, longest first (冠小梨 goes whole rather than leaving 冠), each literal. */
const alternatives = (words: string[]) =>
  [...new Set(words)]
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');

/** The characters' names and aliases, from personas.yaml (renaming one is no code change). */
const characterNames = (promptsDir: string) => Object.values(loadPersonas(promptsDir)).flatMap((p) => [p.name, ...(p.aliases ?? [])]);

/** The characters' names and the filler around a greeting (你好冠小梨, 谢谢你们啊), removed before matching. */
function aroundGreeting(promptsDir: string): RegExp {
  return new RegExp(alternatives([...characterNames(promptsDir).map(bare), ...SMALLTALK_FILLER]), 'g');
}

/**
 * A greeting at the start of a message, with a character's name before or after it, up to the punctuation or space
 * that ends it (你好， / 冠小梨您好！). A name alone opens nothing: 冠小梨、冠小芝是干啥的 asks about them.
 */
function openingGreeting(greetings: string[], promptsDir: string): RegExp {
  const names = alternatives(characterNames(promptsDir));
  return new RegExp(`^(?:${names})?(?:${alternatives(greetings.map(String))})[啊呀啦哈呢]?(?:${names})?[\\s,，。.!！?？、~～：:]+`, 'iu');
}

/** The kinds recognised by their patterns, in the order they are tried. */
const PATTERN_KINDS = ['greeting', 'thanks', 'help', 'bye'] as const;

export class Smalltalk {
  private readonly table: Record<SmalltalkKind, Table>;
  /** Each kind's patterns in the form messages are compared in, prepared once. */
  private readonly patterns: Map<SmalltalkKind, string[]>;
  private readonly aroundGreeting: RegExp;
  /** A greeting that opens a message before its question: 你好，… / 冠小梨您好！… */
  private readonly opening: RegExp;

  constructor(promptsDir: string) {
    this.table = messageNode<Record<SmalltalkKind, Table>>('answer', 'smalltalk', promptsDir);
    this.aroundGreeting = aroundGreeting(promptsDir);
    this.opening = openingGreeting(this.table.greeting.patterns ?? [], promptsDir);
    this.patterns = new Map(PATTERN_KINDS.map((kind) => [kind, (this.table[kind].patterns ?? []).map((p) => bare(String(p)))]));
  }

  /** Classifies a message; null for a real question. */
  classify(message: string): SmalltalkKind | null {
    const words = bare(message);
    if (!words) return 'empty';
    // Whole-message match, allowing a greeting plus a character's name ("你好冠小梨") but not a question after it.
    const stripped = words.replace(this.aroundGreeting, '');
    // Nothing but particles and names (哈哈, 嗯嗯): a friendly nudge, not a question for staff.
    if (!stripped) return 'greeting';
    for (const kind of PATTERN_KINDS) {
      const patterns = this.patterns.get(kind)!;
      if (patterns.includes(words) || patterns.includes(stripped)) return kind;
    }
    return null;
  }

  /**
   * The message without a greeting that opens it (你好，申请公开要钱吗？ → 申请公开要钱吗？): the greeting is not part
   * of the question, and words no passage uses would only count against answering it. A greeting alone is left as
   * it is ({@link classify} answers it).
   */
  withoutOpening(message: string): string {
    const rest = message.trim().replace(this.opening, '');
    return rest && rest !== message.trim() ? rest : message;
  }

  reply(kind: SmalltalkKind, persona: PersonaId): string {
    return this.table[kind].replies[persona];
  }
}
