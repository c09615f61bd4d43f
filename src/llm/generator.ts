/**
 * The generator: asks the configured chat model for a short answer in the persona's voice,
 * streams it, and lets it through only when it passes the grounding check. Every failure
 * (timeout, HTTP error, open breaker, ungrounded text) returns null so the caller keeps
 * the extractive answer. Never throws.
 */
import { maskPersonalData } from '../desk/mask.ts';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Citation, PersonaId } from '../answer/types.ts';
import { createBreaker, type BreakerOptions, type BreakerState } from './breaker.ts';
import { createChatClient, describeError, type ChatClient } from './client.ts';
import { checkGrounding } from './grounding.ts';
import { buildMessages, loadTemplates, passageTexts, type PromptTemplates } from './prompt.ts';
import { emptyStats, type GeneratorStats } from './stats.ts';
import { tidyAnswer, visibleText } from './text.ts';

export interface GenerateInput {
  question: string;
  citations: Citation[];
  persona: PersonaId;
  /** Called with the visible text so far while the answer streams (channels throttle their edits). */
  onDelta?: (textSoFar: string) => void;
  /** The caller giving up (citizen left); generation stops and null is returned. */
  signal?: AbortSignal;
}

/**
 * Writes a grounded answer, or returns null so the caller keeps the extractive one. Never throws.
 * `stats` is optional so that channel tests can stand in a bare `{ generate }`; the real one has it.
 */
export interface Generator {
  /** The answer text with its [n] marks kept (numbered like the citations), or null. */
  generate(input: GenerateInput): Promise<string | null>;
  /** Counters since start, for the evaluation report (`app.generator?.stats?.()`). */
  stats?(): GeneratorStats;
}

/** The generator over an OpenAI-compatible model, with its counters and breaker state. */
export interface LlmGenerator extends Generator {
  stats(): GeneratorStats;
  /** The circuit breaker's state (for health output). */
  readonly breakerState: BreakerState;
}

export interface GeneratorOptions {
  /** Circuit breaker tuning and clock (tests). */
  breaker?: BreakerOptions;
  /** A ready chat client (tests); by default one is built from `config.llm`. */
  client?: ChatClient;
}

/** Builds the generator over loaded templates and a chat client. */
export function makeGenerator(templates: PromptTemplates, client: ChatClient, timeoutMs: number, log: Logger, options: GeneratorOptions = {}): LlmGenerator {
  const breaker = createBreaker(options.breaker);
  const counters = emptyStats();

  async function generate(input: GenerateInput): Promise<string | null> {
    if (input.citations.length === 0) return null;
    if (!breaker.allow()) {
      counters.skippedByBreaker += 1;
      return null;
    }
    counters.attempts += 1;

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCallerAbort = () => controller.abort();
    if (input.signal?.aborted) controller.abort();
    input.signal?.addEventListener('abort', onCallerAbort, { once: true });

    let shown = '';
    const onText = input.onDelta
      ? (raw: string) => {
          const text = visibleText(raw);
          if (!text || text === shown) return;
          shown = text;
          try {
            input.onDelta!(text);
          } catch (err) {
            // A channel's display error must not lose the answer.
            log.debug({ err: describeError(err) }, 'onDelta failed');
          }
        }
      : undefined;

    let raw: string;
    try {
      raw = await client.complete(buildMessages(templates, input), { signal: controller.signal, onText });
      breaker.success();
    } catch (err) {
      counters.errors += 1;
      const callerAborted = input.signal?.aborted && !timedOut;
      // The citizen leaving says nothing about the endpoint's health.
      if (callerAborted) breaker.release();
      else breaker.failure();
      log.warn({ err: describeError(err), timedOut, callerAborted, breaker: breaker.state }, 'generative model unavailable; keeping the extractive answer');
      return null;
    } finally {
      clearTimeout(timer);
      input.signal?.removeEventListener('abort', onCallerAbort);
    }

    const text = tidyAnswer(visibleText(raw));
    const grounding = checkGrounding(text, passageTexts(input.citations), { forbidden: [templates.rules] });
    if (!grounding.ok) {
      counters.failedGrounding += 1;
      // Logs are read widely: the citizen's question and the model's echo of it are masked like staff list views.
      log.warn({ modelText: maskPersonalData(text), reasons: grounding.reasons, question: maskPersonalData(input.question) }, 'generated answer failed grounding');
      return null;
    }
    counters.passed += 1;
    return text;
  }

  return {
    async generate(input) {
      try {
        return await generate(input);
      } catch (err) {
        // Last line of defence: a bug here must never cost the citizen the extractive answer.
        log.error({ err: describeError(err) }, 'generator failed unexpectedly');
        return null;
      }
    },
    stats: () => ({ ...counters }),
    get breakerState() {
      return breaker.state;
    },
  };
}

/**
 * The generator for `config.llm`, or null when no model is configured (base URL and model
 * both needed) or the prompt templates cannot be read (logged; answers stay extractive).
 */
export function createGenerator(config: Config, log: Logger, options: GeneratorOptions = {}): LlmGenerator | null {
  const { baseURL, model, timeoutMs } = config.llm;
  if (!baseURL || !model) return null;
  let templates: PromptTemplates;
  try {
    templates = loadTemplates(config.promptsDir);
  } catch (err) {
    log.error({ err: describeError(err), promptsDir: config.promptsDir }, 'cannot read prompts/llm templates; generative answers are off');
    return null;
  }
  const client = options.client ?? createChatClient(config.llm);
  log.info({ baseURL, model, timeoutMs }, 'generative answers on');
  return makeGenerator(templates, client, timeoutMs, log, options);
}
