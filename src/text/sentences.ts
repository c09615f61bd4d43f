/** Sentence splitting for Chinese text (passages, answers). */

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
