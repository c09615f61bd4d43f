/**
 * The Chinese text of the web pages and API, all from prompts/messages/web.yaml.
 * Pages get the `ui` subtree: `{{chat.title}}` placeholders in the HTML are
 * filled on the server, and the same table is handed to the browser scripts.
 */
import { nodeAt, textAt, type Translator } from '../../messages/index.ts';
import { escapeHtml } from '../escape-html.ts';

/** A translator for the web namespace: `messages('web', promptsDir)`. */
export type Translate = Translator<'web'>;

function keyPaths(node: unknown, prefix: string, out: string[]): string[] {
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    for (const [k, v] of Object.entries(node)) keyPaths(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out.push(prefix);
  return out;
}

/** Every `ui.*` message flattened to `{ 'chat.title': '…' }`; placeholders stay for the browser to fill. */
export function uiTable(promptsDir: string): Record<string, string> {
  const table: Record<string, string> = {};
  // Walks the folder's own `ui` tree: a deployer's extra entries reach the pages too.
  for (const key of keyPaths(nodeAt('web', 'ui', promptsDir), '', [])) table[key] = textAt('web', `ui.${key}`, { pick: 0 }, promptsDir);
  return table;
}

export { escapeHtml } from '../escape-html.ts';

/** JSON that is safe inside a `<script type="application/json">` block and inside JS source. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Fills `{{key}}` with escaped ui text and `{{json:ui}}` with the whole table as JSON.
 * An unknown key throws, so a typo fails the tests instead of reaching citizens.
 */
export function renderTemplate(template: string, table: Record<string, string>): string {
  return template.replace(/\{\{([\w.:]+)\}\}/g, (_whole, key: string) => {
    if (key === 'json:ui') return safeJson(table);
    const text = table[key];
    if (text === undefined) throw new Error(`missing ui text web.ui.${key}`);
    return escapeHtml(text);
  });
}
