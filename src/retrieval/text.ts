/** Small text helpers shared by the chunker, the analyzer and answer composition. */

/** Full-width ASCII (０-９, Ａ-Ｚ, ％ …) to half-width, and whitespace folded. */
export function normalizeWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** Normal form used for matching: half-width, lower case, no whitespace. */
export function normalizeForMatch(text: string): string {
  return normalizeWidth(text).toLowerCase().replace(/\s+/g, '');
}

const SENTENCE_END = /([。！？；!?;]+[”’」』）)]*)/;

/** Splits text into sentences at Chinese sentence ends and line breaks, keeping the end mark with its sentence. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const parts = line.split(SENTENCE_END);
    for (let i = 0; i < parts.length; i += 2) {
      const s = (parts[i] + (parts[i + 1] ?? '')).trim();
      if (s) out.push(s);
    }
  }
  return out;
}

/** Character bigrams of the CJK/alphanumeric runs of a text. */
export function charBigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of normalizeForMatch(text).match(/[\p{Script=Han}a-z0-9]+/gu) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }
  return out;
}

/** The set of a text's character bigrams, for {@link dice}. */
export function bigramSet(text: string): Set<string> {
  return new Set(charBigrams(text));
}

/** Dice similarity of two bigram sets (0..1). */
export function dice(A: Set<string>, B: Set<string>): number {
  if (!A.size || !B.size) return 0;
  let shared = 0;
  for (const g of A) if (B.has(g)) shared++;
  return (2 * shared) / (A.size + B.size);
}
