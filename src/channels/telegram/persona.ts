/**
 * /persona: the chat chooses who explains — 冠小梨, 冠小芝 or the two in
 * dialogue — from an inline keyboard; the choice is stored per chat.
 */
import { Composer, InlineKeyboard } from 'grammy';
import { PERSONAS, type PersonaId } from '../../answer/types.ts';
import { personaOf, type BotDeps } from './deps.ts';
import type { BotContext } from './context.ts';

const PREFIX = 'persona:';

/** The keyboard with one button per persona, the current one marked. */
export function personaKeyboard(deps: BotDeps, current: PersonaId): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const id of PERSONAS) {
    const label = deps.t(`persona.buttons.${id}`);
    kb.text(id === current ? `✅ ${label}` : label, `${PREFIX}${id}`);
  }
  return kb;
}

/** The /persona command and its callback buttons. */
export function personaHandlers(deps: BotDeps): Composer<BotContext> {
  const { t } = deps;
  const composer = new Composer<BotContext>();

  composer.command('persona', async (ctx) => {
    const current = personaOf(deps, ctx.chat.id);
    await ctx.reply(t('persona.prompt', { current: t(`persona.names.${current}`) }), {
      parse_mode: 'HTML',
      reply_markup: personaKeyboard(deps, current),
    });
  });

  composer.callbackQuery(new RegExp(`^${PREFIX}(\\w+)$`), async (ctx) => {
    const chosen = ctx.match[1] as PersonaId;
    const chatId = ctx.chat?.id ?? ctx.from.id;
    if (!(PERSONAS as readonly string[]).includes(chosen)) return void (await ctx.answerCallbackQuery());
    deps.chats.setPersona(String(chatId), chosen);
    const name = t(`persona.names.${chosen}`);
    await ctx.answerCallbackQuery({ text: t('persona.chosenToast', { name }) });
    // Editing can fail harmlessly (message too old, same markup); the choice is already saved.
    await ctx.editMessageReplyMarkup({ reply_markup: personaKeyboard(deps, chosen) }).catch(() => undefined);
    await ctx.reply(t('persona.chosen', { name }), { parse_mode: 'HTML' });
  });

  return composer;
}
