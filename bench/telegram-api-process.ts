/**
 * The stand-in Bot API (tests/fixtures/fake-telegram-api.ts) in a process of its own, so the bot under bench does not
 * share its event loop with the server it talks to. Driven over IPC by bench/scenarios/telegram.ts:
 *   → { type: 'drive', questions, firstChatId, perSecond }   pushes one question per chat (all at once when perSecond
 *                                                             is 0, else paced) and waits for every chat's first reply
 *   ← { type: 'driven', latencies, spanMs, calls }            times measured here, on the stand-in's own clock
 *   → { type: 'close' }
 * Usage: node --import tsx bench/telegram-api-process.ts (with an IPC channel); prints nothing.
 */
import { startFakeTelegram, type FakeTelegramApi } from '../tests/fixtures/fake-telegram-api.ts';

export interface DriveRequest {
  type: 'drive';
  questions: string[];
  firstChatId: number;
  /** Updates per second; 0 pushes them all at once (a burst). */
  perSecond: number;
  /** Give up after this long. */
  timeoutMs: number;
}

export interface DriveResult {
  type: 'driven';
  /** Per update: from its push to the first sendMessage to its chat. */
  latencies: number[];
  /** From the first push to the last reply. */
  spanMs: number;
  /** Bot API calls made while driving, by method. */
  calls: Record<string, number>;
  /** Replies still missing when it gave up (0 when all came). */
  missing: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function drive(api: FakeTelegramApi, req: DriveRequest): Promise<DriveResult> {
  const cursorAtStart = api.calls.length;
  let cursor = cursorAtStart;
  const pushedAt = new Map<number, number>();
  const replyAt = new Map<number, number>();
  const scan = () => {
    for (; cursor < api.calls.length; cursor++) {
      const c = api.calls[cursor]!; // cursor < calls.length
      if (c.method !== 'sendMessage' || c.failed) continue;
      const id = Number(c.payload.chat_id);
      if (pushedAt.has(id) && !replyAt.has(id)) replyAt.set(id, c.at);
    }
  };
  const start = performance.now();
  for (const [i, question] of req.questions.entries()) {
    if (req.perSecond > 0) {
      // Paced against the schedule, not the previous push, so timer slack does not lower the rate.
      const due = start + (i * 1000) / req.perSecond;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
    }
    const id = req.firstChatId + i;
    pushedAt.set(id, performance.now());
    api.sendText({ id, type: 'private' }, { id, is_bot: false, first_name: '市民' }, question);
  }
  const deadline = performance.now() + req.timeoutMs;
  while (replyAt.size < req.questions.length && performance.now() < deadline) {
    await sleep(2);
    scan();
  }
  scan();
  const calls: Record<string, number> = {};
  for (const c of api.calls.slice(cursorAtStart)) calls[c.method] = (calls[c.method] ?? 0) + 1;
  const latencies = [...replyAt].map(([id, at]) => at - pushedAt.get(id)!);
  return { type: 'driven', latencies, spanMs: Math.max(start, ...replyAt.values()) - start, calls, missing: req.questions.length - replyAt.size };
}

if (!process.send) {
  process.stderr.write('telegram-api-process: run me with an IPC channel (child_process.fork)\n');
  process.exit(2);
}
const api = await startFakeTelegram();
// Calls are kept for the bench's counts; the bench is bounded, so memory is too.
process.on('message', (msg: DriveRequest | { type: 'close' }) => {
  if (msg.type === 'drive') void drive(api, msg).then((r) => process.send!(r));
  if (msg.type === 'close') void api.close().then(() => process.exit(0));
});
process.on('disconnect', () => void api.close().then(() => process.exit(0)));
process.send({ type: 'ready', apiRoot: api.apiRoot });
