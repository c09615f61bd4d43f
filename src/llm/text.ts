/** Shaping the model's raw text into what a citizen may see. */
import { toHalfWidth } from '../text/index.ts';

/**
 * Hides reasoning blocks that some models (DeepSeek-R1, Qwen3 on Ollama) write before the answer:
 * closed `<think>…</think>` blocks are removed, and an unclosed one hides everything after it.
 */
export function visibleText(raw: string): string {
  const closed = raw.replace(/<think>[\s\S]*?<\/think>/g, '');
  const open = closed.indexOf('<think>');
  return (open >= 0 ? closed.slice(0, open) : closed).trimStart();
}

/** Final tidy-up: one mark style ([n]), no runs of blank lines, no surrounding whitespace. */
export function tidyAnswer(text: string): string {
  return text
    .replace(/[［【]\s*([0-9０-９]{1,3})\s*[］】]/g, (_, n: string) => `[${toHalfWidth(n)}]`)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
