/** The WeChat channel's Chinese texts (prompts/messages/wechat.yaml), bound to the app's prompts folder. */
import { messageNode, messages, type Translator } from '../../messages/index.ts';

export type WechatTexts = Translator<'wechat'>;

/** Looks up `prompts/messages/wechat.yaml` keys. */
export function wechatTexts(promptsDir: string): WechatTexts {
  return messages('wechat', promptsDir);
}

/** The custom menu: CLICK EventKey → the common question it asks (wechat.yaml `menu.questions`). */
export function menuQuestions(promptsDir: string): Map<string, string> {
  const node = messageNode<Record<string, unknown>>('wechat', 'menu.questions', promptsDir);
  return new Map(Object.entries(node).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
