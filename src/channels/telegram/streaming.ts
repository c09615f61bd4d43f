/**
 * A reply that grows while a generative answer is written: the first text is
 * sent as a message, later text edits it — at most once per interval and never
 * with identical text (Telegram rejects "message is not modified" and limits
 * edit rates). The final, checked answer then replaces the preview.
 *
 * The model's text has not passed the grounding check yet, so the preview is a
 * draft: sent without a notification and headed by a draft mark (✍️ 正在整理…)
 * that only the final answer removes.
 */
import type { Api } from 'grammy';
import type { Logger } from 'pino';
import { TELEGRAM_TEXT_LIMIT } from './html.ts';

/** The preview shown while streaming: the draft mark, then the plain text so far, cut to fit one message. */
export function previewText(textSoFar: string, draftMark = ''): string {
  const text = textSoFar.trim();
  if (!text) return '';
  const head = draftMark ? `${draftMark}\n\n` : '';
  const room = TELEGRAM_TEXT_LIMIT - 16 - head.length;
  return head + (text.length > room ? `${text.slice(0, room)} …` : text);
}

export class StreamingReply {
  private latest = '';
  private shown = '';
  private lastCallAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private busy = false;
  /** The preview message, once sent. */
  messageId: number | undefined;
  /** API calls made for the preview (for tests and logs). */
  edits = 0;

  constructor(
    private readonly api: Api,
    private readonly chatId: number,
    private readonly intervalMs: number,
    private readonly log: Logger,
    /** Heads every preview until the final answer replaces it (from the channel's messages). */
    private readonly draftMark: string,
    private readonly replyTo?: number,
  ) {}

  /** Receives the text so far (the `onDelta` callback). */
  update(textSoFar: string): void {
    if (this.closed) return;
    this.latest = textSoFar;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.busy || this.closed) return;
    const wait = Math.max(0, this.lastCallAt + this.intervalMs - performance.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.closed) return;
    const text = previewText(this.latest, this.draftMark);
    if (!text || text === this.shown) return;
    this.shown = text;
    // One call at a time, the interval counted from the start of the previous call.
    this.busy = true;
    this.lastCallAt = performance.now();
    this.chain = this.show(text)
      .catch((err) => this.log.warn({ err }, 'telegram: streaming preview failed'))
      .finally(() => {
        this.busy = false;
        if (previewText(this.latest, this.draftMark) !== this.shown) this.schedule();
      });
  }

  private async show(text: string): Promise<void> {
    this.edits++;
    if (this.messageId === undefined) {
      const sent = await this.api.sendMessage(this.chatId, text, {
        // A draft must not buzz the citizen's phone; the checked answer is what counts.
        disable_notification: true,
        reply_parameters: this.replyTo ? { message_id: this.replyTo, allow_sending_without_reply: true } : undefined,
      });
      this.messageId = sent.message_id;
    } else {
      await this.api.editMessageText(this.chatId, this.messageId, text);
    }
  }

  /** Stops previewing and waits for the preview calls in flight; returns the preview message id, if any. */
  async finish(): Promise<number | undefined> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
    return this.messageId;
  }
}
