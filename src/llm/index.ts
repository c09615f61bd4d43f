/**
 * Optional generative answers through an OpenAI-compatible chat model,
 * held to the cited passages. (Stub until issue 6 lands: no generator.)
 */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Citation, PersonaId } from '../answer/types.ts';

export interface GenerateInput {
  question: string;
  citations: Citation[];
  persona: PersonaId;
  onDelta?: (textSoFar: string) => void;
  signal?: AbortSignal;
}

/** Writes a grounded answer, or returns null so the caller keeps the extractive one. Never throws. */
export interface Generator {
  generate(input: GenerateInput): Promise<string | null>;
}

export function createGenerator(_config: Config, _log: Logger): Generator | null {
  return null;
}
