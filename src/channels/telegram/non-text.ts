/**
 * Stickers, photos, voice, video, files, locations, contacts and the like: a
 * friendly note that the characters read text only. Groups hear it only when
 * the message replies to the bot (a sticker in a group is not for us).
 */
import { Composer, type FilterQuery } from 'grammy';
import { repliesToBot } from './addressing.ts';
import type { BotDeps } from './deps.ts';
import type { BotContext } from './context.ts';

/** Message kinds that get the "text only" reply. */
export const NON_TEXT_KINDS = [
  'message:sticker', 'message:photo', 'message:voice', 'message:audio', 'message:video', 'message:video_note',
  'message:document', 'message:animation', 'message:location', 'message:venue', 'message:contact', 'message:poll', 'message:dice',
] satisfies FilterQuery[];

export function nonTextHandler(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on(NON_TEXT_KINDS, async (ctx) => {
    if (ctx.chat.type !== 'private' && !repliesToBot(ctx)) return;
    await ctx.reply(deps.t('nonText'));
  });
  return composer;
}
