/**
 * The chat call to an OpenAI-compatible endpoint (DeepSeek, Qwen via DashScope, Ollama, vLLM)
 * through the `openai` package. One attempt, no retries: the extractive answer is the retry.
 */
import type OpenAI from 'openai';
import type { Config } from '../config.ts';
import type { ChatMessage } from './prompt.ts';

export interface CompleteOptions {
  /** Aborts the request (total time budget or the caller giving up). */
  signal: AbortSignal;
  /** When given, the reply is streamed (`stream: true`) and this is called with the raw text so far. */
  onText?: (textSoFar: string) => void;
}

/** Sends chat messages and returns the reply text. Throws on HTTP, network and abort errors. */
export interface ChatClient {
  complete(messages: ChatMessage[], options: CompleteOptions): Promise<string>;
}

/** Sampling kept low: the answer restates passages, it does not invent. */
const TEMPERATURE = 0.3;
/** A phone-screen answer is a few hundred characters; the cap bounds cost and time. */
const MAX_TOKENS = 800;

/** The SDK (about 300 files), loaded only when a chat model is configured: most starts never read it. */
let sdk: typeof import('openai') | undefined;

/** Creates a client for `config.llm` (baseURL and model must be set). */
export function createChatClient(llm: Config['llm']): ChatClient {
  let client: Promise<OpenAI> | undefined;
  const connect = (): Promise<OpenAI> =>
    (client ??= import('openai').then((loaded) => {
      sdk = loaded;
      return new loaded.default({
        baseURL: llm.baseURL,
        // Local servers (Ollama, vLLM) need no key, but the client insists on one.
        apiKey: llm.apiKey ?? 'no-key',
        // Pass everything explicitly so the client reads nothing from the environment.
        adminAPIKey: null,
        organization: null,
        project: null,
        webhookSecret: null,
        timeout: llm.timeoutMs,
        maxRetries: 0,
        logLevel: 'off',
      });
    }));
  // Loaded in the background now, so the first citizen's answer does not wait for it (a failure shows on first use).
  connect().catch(() => undefined);
  const model = llm.model!;

  return {
    async complete(messages, { signal, onText }) {
      const api = await connect();
      if (!onText) {
        const reply = await api.chat.completions.create(
          { model, messages, temperature: TEMPERATURE, max_tokens: MAX_TOKENS },
          { signal },
        );
        return reply.choices[0]?.message?.content ?? '';
      }
      const stream = await api.chat.completions.create(
        { model, messages, temperature: TEMPERATURE, max_tokens: MAX_TOKENS, stream: true },
        { signal },
      );
      let text = '';
      for await (const chunk of stream) {
        const piece = chunk.choices[0]?.delta?.content;
        if (!piece) continue;
        text += piece;
        onText(text);
      }
      return text;
    },
  };
}

/** Classifies an error for the log: timeouts and aborts are not the endpoint's HTTP answer. */
export function describeError(err: unknown): { kind: 'http' | 'network' | 'aborted' | 'other'; status?: number; message: string } {
  const message = err instanceof Error ? err.message : String(err);
  // Before the SDK is loaded no error can be one of its classes.
  const OpenAI = sdk?.default;
  if (!OpenAI) return err instanceof Error && err.name === 'AbortError' ? { kind: 'aborted', message } : { kind: 'other', message };
  if (err instanceof OpenAI.APIUserAbortError) return { kind: 'aborted', message };
  if (err instanceof OpenAI.APIConnectionError) return { kind: 'network', message };
  if (err instanceof OpenAI.APIError) return { kind: 'http', status: err.status, message };
  if (err instanceof Error && err.name === 'AbortError') return { kind: 'aborted', message };
  return { kind: 'other', message };
}
