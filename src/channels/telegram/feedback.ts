/**
 * The buttons under an answer: 👍 有帮助, 👎 没解决 (a 反馈 item with a ticket),
 * 📄 原文 (the full cited passages) and 🙋 转人工 (a 转人工 item). Every callback
 * query is answered, whatever happens, so the button stops spinning.
 */
import { Composer } from 'grammy';
import type { Candidate } from '../../desk/types.ts';
import { ITEM_KIND } from '../../desk/status.ts';
import { CALLBACK } from './answer-format.ts';
import type { StoredAnswer } from './chat-store.ts';
import type { BotDeps } from './deps.ts';
import { appendPiece, escapeHtml, layoutMessages, linkOrText } from './html.ts';
import { sendPieces } from './send.ts';
import type { BotContext, MatchedCallbackContext } from './context.ts';

type Ctx = MatchedCallbackContext;

/** The stored answer behind a button, only if it was sent to this very chat (callback data can be forged). */
function answerFor(deps: BotDeps, ctx: Ctx): StoredAnswer | undefined {
  const turnId = Number(ctx.match[1]);
  const stored = deps.chats.getAnswer(turnId);
  const chatId = String(ctx.chat?.id ?? ctx.from.id);
  return stored && stored.chatId === chatId ? stored : undefined;
}

function candidatesOf(stored: StoredAnswer): Candidate[] {
  return stored.citations.map((c) => ({ docId: c.docId, title: c.title, section: c.section, score: c.score }));
}

async function onHelpful(deps: BotDeps, ctx: Ctx, stored: StoredAnswer): Promise<void> {
  deps.desk.feedback(stored.turnId, true, { channel: 'telegram', channelUserId: stored.chatId });
  deps.chats.setHelpful(stored.turnId, true);
  await ctx.answerCallbackQuery({ text: deps.t('callback.thanks') });
}

async function onNotSolved(deps: BotDeps, ctx: Ctx, stored: StoredAnswer): Promise<void> {
  if (stored.followUpTicket) return void (await ctx.answerCallbackQuery({ text: deps.t('callback.already', { ticket: stored.followUpTicket }) }));
  const { ticket } = deps.desk.feedback(stored.turnId, false, { channel: 'telegram', channelUserId: stored.chatId });
  deps.chats.setHelpful(stored.turnId, false);
  if (!ticket) return void (await ctx.answerCallbackQuery({ text: deps.t('callback.thanks') }));
  deps.chats.setFollowUp(stored.turnId, ticket);
  await ctx.answerCallbackQuery({ text: deps.t('callback.done') });
  await ctx.reply(deps.t('callback.notSolvedItem', { ticket }), { parse_mode: 'HTML' });
}

async function onHuman(deps: BotDeps, ctx: Ctx, stored: StoredAnswer): Promise<void> {
  if (stored.followUpTicket) return void (await ctx.answerCallbackQuery({ text: deps.t('callback.already', { ticket: stored.followUpTicket }) }));
  const { ticket } = deps.desk.openItem({
    kind: ITEM_KIND.handoff,
    channel: 'telegram',
    channelUserId: stored.chatId,
    question: stored.question,
    candidates: candidatesOf(stored),
    turnId: stored.turnId,
  });
  deps.chats.setFollowUp(stored.turnId, ticket);
  await ctx.answerCallbackQuery({ text: deps.t('callback.done') });
  await ctx.reply(deps.t('callback.humanItem', { ticket }), { parse_mode: 'HTML' });
}

async function onOriginal(deps: BotDeps, ctx: Ctx, stored: StoredAnswer): Promise<void> {
  await ctx.answerCallbackQuery();
  if (stored.citations.length === 0) return void (await ctx.reply(deps.t('callback.originalNone')));
  for (const c of stored.citations) {
    const lines = [deps.t('callback.originalHeader', { title: linkOrText(c.title, c.url) })];
    if (c.section) lines.push(deps.t('callback.originalSection', { section: escapeHtml(c.section) }));
    const header = lines.join('\n');
    const [first = '', ...rest] = layoutMessages(c.text);
    await sendPieces(ctx.api, ctx.chat?.id ?? ctx.from.id, [...appendPiece([header], first), ...rest]);
  }
}

const ACTIONS: [string, (deps: BotDeps, ctx: Ctx, stored: StoredAnswer) => Promise<void>][] = [
  [CALLBACK.helpful, onHelpful],
  [CALLBACK.notSolved, onNotSolved],
  [CALLBACK.original, onOriginal],
  [CALLBACK.human, onHuman],
];

/** The feedback buttons' callback queries. */
export function feedbackHandlers(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  for (const [prefix, action] of ACTIONS) {
    composer.callbackQuery(new RegExp(`^${prefix.replace(/:/g, '\\:')}(\\d+)$`), async (ctx) => {
      const stored = answerFor(deps, ctx as Ctx);
      if (!stored) return void (await ctx.answerCallbackQuery({ text: deps.t('callback.expired') }));
      await action(deps, ctx as Ctx, stored);
    });
  }
  return composer;
}

/**
 * Installed before every callback handler: after the handlers ran (or threw),
 * a callback query nobody answered is answered, so no button keeps spinning.
 */
export function alwaysAnswerCallbacks(log: BotDeps['log']): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('callback_query', async (ctx, next) => {
    let answered = false;
    const answer = ctx.answerCallbackQuery.bind(ctx);
    ctx.answerCallbackQuery = (...args: Parameters<typeof answer>) => {
      answered = true;
      return answer(...args);
    };
    try {
      await next();
    } finally {
      if (!answered) await answer().catch((err) => log.warn({ err }, 'telegram: answerCallbackQuery failed'));
    }
  });
  return composer;
}
