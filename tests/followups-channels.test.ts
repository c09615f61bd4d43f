/**
 * Follow-ups in every channel, each with two conversations interleaved to prove no context crosses: the real web
 * server on 127.0.0.1 (`/api/ask` and `/api/ask/stream`, keyed by the page's session id), the real grammY bot
 * against the stand-in Bot API (keyed by chat), the console chat (one conversation per session), and
 * `guanbot ask --conversation ID` spawned in separate processes. One real app serves them all.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsoleChat } from '../src/channels/console/index.ts';
import { buildWebServer, openStaffStore, type StaffStore } from '../src/channels/web/index.ts';
import { citizen, type FakeChat, type FakeUser } from './fixtures/fake-telegram-api.ts';
import { runCli } from './fixtures/engine-workspace.ts';
import { startHarness, type Harness } from './fixtures/telegram-harness.ts';
import { postJson } from './web-fixture.ts';

/** Two conversations whose second message says too little alone (each is "asked for detail" without context). */
const WEBSITE = { first: '政府网站去年发布了多少条信息？', followUp: '微信公众号呢？', fact: '2562' };
const FEES = { first: '申请公开信息要交钱吗？', followUp: '那什么情况下会收？', fact: '明显超过合理范围' };

let h: Harness;
let staff: StaffStore;
let server: FastifyInstance;
let url: string;

beforeAll(async () => {
  h = await startHarness({ env: { GUANBOT_TELEGRAM_RATE_LIMIT: '50' } });
  staff = openStaffStore(h.config.dbPath);
  server = await buildWebServer(h.app, { staff });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 120_000);
afterAll(async () => {
  await server?.close();
  staff?.close();
  await h?.close();
});

/** The final event of an `/api/ask/stream` response. */
async function streamedAnswer(body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/api/ask/stream`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  const final = text.split('\n\n').find((block) => block.startsWith('event: final'));
  expect(final, text).toBeDefined();
  return JSON.parse(final!.split('\n').find((l) => l.startsWith('data: '))!.slice('data: '.length));
}

/** The answer text and its cited passages, as the citizen sees them. */
const shownText = (a: Record<string, unknown>) => [a.answer, ...(a.citations as { text: string }[]).map((c) => c.text)].join('\n');

describe('web', () => {
  it('reads a follow-up with the same session’s previous question, never another session’s', async () => {
    const a = `sessA${Date.now()}`;
    const b = `sessB${Date.now()}`;
    await postJson(`${url}/api/ask`, { question: WEBSITE.first, sessionId: a });
    await postJson(`${url}/api/ask`, { question: FEES.first, sessionId: b });
    const fromB = await postJson(`${url}/api/ask`, { question: FEES.followUp, sessionId: b });
    const fromA = await streamedAnswer({ question: WEBSITE.followUp, sessionId: a });
    expect(fromB.status).toBe(200);
    expect(fromB.body.resolved).toBe(true);
    expect(shownText(fromB.body)).toContain(FEES.fact);
    expect(shownText(fromB.body)).not.toContain(WEBSITE.fact);
    expect(fromA.question).toBe(WEBSITE.followUp);
    expect(shownText(fromA)).toContain(WEBSITE.fact);
    expect(shownText(fromA)).not.toContain(FEES.fact);
  });

  it('a new session has no context to lean on', async () => {
    const r = await postJson(`${url}/api/ask`, { question: WEBSITE.followUp, sessionId: `sessC${Date.now()}` });
    expect(r.status).toBe(200);
    expect(r.body.kind).not.toBe('faq');
    expect(shownText(r.body)).not.toContain(WEBSITE.fact);
  });
});

describe('telegram', () => {
  /** Sends a message and waits for the next answer to that chat. */
  async function ask(who: { user: FakeUser; chat: FakeChat }, text: string): Promise<string> {
    const before = h.api.callsOf('sendMessage', who.chat.id).length;
    h.api.sendText(who.chat, who.user, text);
    return (await h.api.waitForMessageTo(who.chat.id, before + 1)).payload.text as string;
  }

  it('keeps one conversation per chat, interleaved', async () => {
    const x = citizen('甲');
    const y = citizen('乙');
    await ask(x, WEBSITE.first);
    await ask(y, FEES.first);
    const fromX = await ask(x, WEBSITE.followUp);
    const fromY = await ask(y, FEES.followUp);
    expect(fromX).toContain(WEBSITE.fact);
    expect(fromX).not.toContain(FEES.fact);
    expect(fromY).toContain(FEES.fact);
    expect(fromY).not.toContain(WEBSITE.fact);
    const z = citizen('丙');
    expect(await ask(z, WEBSITE.followUp)).not.toContain(WEBSITE.fact);
  });
});

describe('console chat', () => {
  function session() {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d: Buffer) => (printed += d.toString('utf8')));
    const done = runConsoleChat(h.app, { persona: 'xiaoli', input, output });
    let answers = 0;
    return {
      done,
      end: () => input.end(),
      /** Types a line and resolves with what was printed for it (each answer starts with the persona's emoji). */
      async ask(line: string): Promise<string> {
        const from = printed.length;
        input.write(`${line}\n`);
        answers++;
        const want = answers;
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no answer to ${line}; printed:\n${printed}`)), 15_000);
          const check = () => {
            if ((printed.match(/🍐 /g) ?? []).length >= want) {
              clearTimeout(timer);
              output.off('data', check);
              resolve();
            }
          };
          output.on('data', check);
          check();
        });
        return printed.slice(from);
      },
    };
  }

  it('is one conversation per session: follow-ups lean on this session only', async () => {
    const one = session();
    const two = session();
    await one.ask(WEBSITE.first);
    await two.ask(FEES.first);
    const fromOne = await one.ask(WEBSITE.followUp);
    const fromTwo = await two.ask(FEES.followUp);
    expect(fromOne).toContain(WEBSITE.fact);
    expect(fromTwo).toContain(FEES.fact);
    expect(fromTwo).not.toContain(WEBSITE.fact);
    const three = session();
    expect(await three.ask(WEBSITE.followUp)).not.toContain(WEBSITE.fact);
    for (const s of [one, two, three]) {
      s.end();
      await s.done;
    }
  });
});

describe('guanbot ask --conversation', () => {
  const ws = () => ({ dataDir: h.cliEnv.GUANBOT_DATA_DIR!, corpusDir: h.cliEnv.GUANBOT_CORPUS_DIR! });

  it('keeps the context between two processes with the same id, and the trace shows it; another id starts fresh', async () => {
    const id = `cli-${Date.now()}`;
    const first = await runCli(['ask', '--json', '--conversation', id, FEES.first], ws());
    expect(first.code, first.stderr).toBe(0);
    const other = await runCli(['ask', '--json', '--conversation', `${id}-other`, WEBSITE.first], ws());
    expect(other.code, other.stderr).toBe(0);
    const second = await runCli(['ask', '--json', '--explain', '--conversation', id, FEES.followUp], ws());
    expect(second.code, second.stderr).toBe(0);
    const r = JSON.parse(second.stdout);
    expect(r.question).toBe(FEES.followUp);
    expect(r.resolved).toBe(true);
    expect(shownText(r)).toContain(FEES.fact);
    expect(r.trace.context).toMatchObject({
      used: true,
      previousQuestion: FEES.first,
      combinedQuestion: `${FEES.first}${FEES.followUp}`,
      reason: 'combined-more-confident',
    });
    expect(r.trace.context.combinedProbability).toBeGreaterThan(r.trace.context.aloneProbability);
    expect(r.trace.chosen).toBe(r.trace.candidates[0].chunkId);

    const fresh = await runCli(['ask', '--json', '--explain', FEES.followUp], ws());
    expect(fresh.code, fresh.stderr).toBe(0);
    const alone = JSON.parse(fresh.stdout);
    expect(alone.trace.context).toBeUndefined();
    expect(shownText(alone)).not.toContain(FEES.fact);
  }, 120_000);

  it('refuses an empty conversation id', async () => {
    const r = await runCli(['ask', '--conversation', ' ', FEES.first], ws());
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--conversation 需要一个会话编号');
  }, 60_000);
});
