/**
 * Everything a citizen or staff member reads lives in `prompts/` as YAML, one
 * file per capability (`prompts/messages/<namespace>.yaml`). Code refers to a
 * message by namespace and key; `{name}` placeholders are filled from `vars`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export type MessageVars = Record<string, string | number | undefined | null>;

/** The repo's prompts folder, until the configured one (GUANBOT_PROMPTS_DIR) is set with `usePromptsDir`. */
let defaultPromptsDir = path.resolve(fileURLToPath(new URL('../../prompts', import.meta.url)));

/** Makes `dir` the prompts folder for every message looked up without an explicit folder (called once config is loaded). */
export function usePromptsDir(dir: string): void {
  defaultPromptsDir = dir;
}
const cache = new Map<string, Record<string, unknown>>();

function loadNamespace(namespace: string, promptsDir: string): Record<string, unknown> {
  const file = path.join(promptsDir, 'messages', `${namespace}.yaml`);
  let table = cache.get(file);
  if (!table) {
    table = (YAML.parse(fs.readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
    cache.set(file, table);
  }
  return table;
}

/** The raw YAML node at `key` of a namespace (a table of patterns, a list, a subtree), for code that needs structure. */
export function messageNode<T = unknown>(namespace: string, key: string, promptsDir = defaultPromptsDir): T {
  let node: unknown = loadNamespace(namespace, promptsDir);
  for (const part of key.split('.').filter(Boolean)) node = (node as Record<string, unknown> | undefined)?.[part];
  if (node === undefined) throw new Error(`missing message ${namespace}.${key} in ${promptsDir}/messages`);
  return node as T;
}

/** Fills `{name}` placeholders; unknown placeholders are left visible so a typo shows in review. */
export function fill(template: string, vars: MessageVars = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined || v === null ? whole : String(v);
  });
}

/**
 * Returns the message `key` (dot path allowed) of `namespace`, filled with `vars`.
 * A list value picks one entry at random (variety in greetings), or entry `vars.pick` when given.
 */
export function msg(namespace: string, key: string, vars: MessageVars = {}, promptsDir = defaultPromptsDir): string {
  let node = messageNode(namespace, key, promptsDir);
  if (Array.isArray(node)) {
    const i = typeof vars.pick === 'number' ? vars.pick % node.length : Math.floor(Math.random() * node.length);
    node = node[i];
  }
  if (typeof node !== 'string') throw new Error(`missing message ${namespace}.${key} in ${promptsDir}/messages`);
  return fill(node.trimEnd(), vars);
}

/** A namespace-bound shortcut: `const t = messages('desk'); t('ticket.notFound', {ticket})`. */
export function messages(namespace: string, promptsDir?: string) {
  // The folder is resolved at each lookup, so module-level translators follow `usePromptsDir`.
  return (key: string, vars?: MessageVars) => msg(namespace, key, vars, promptsDir ?? defaultPromptsDir);
}
