/**
 * Everything a citizen or staff member reads lives in `prompts/` as YAML, one
 * file per capability (`prompts/messages/<namespace>.yaml`). Code refers to a
 * message by namespace and key; `{name}` placeholders are filled from `vars`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import type { MessageKeys, MessageTreeKeys } from './keys.generated.ts';

export type MessageVars = Record<string, string | number | undefined | null>;

/**
 * The namespaces and keys of the shipped catalogue (generated from prompts/messages/*.yaml by
 * scripts/message-keys.mjs), so a key that does not exist fails the type check. A deployer's prompts folder may
 * change the texts and add keys; code only asks for the shipped ones.
 */
export type Namespace = keyof MessageKeys;
/** A text (or a list of texts) of `N`: what `msg` and `messages(N)` look up. */
export type MessageKey<N extends Namespace> = MessageKeys[N];
/** A text, list or subtree of `N`: what `messageNode` reads. */
export type NodeKey<N extends Namespace> = MessageKeys[N] | MessageTreeKeys[N];
/**
 * The rest of `N`'s message keys under `prefix`: `KeysUnder<'storage', 'reasons'>` is `'permission' | 'noSpace' | …`.
 * Types the part a helper adds (`(k: KeysUnder<'desk', 'cli.show'>) => t(`cli.show.${k}`)`) and maps of dynamic keys.
 */
export type KeysUnder<N extends Namespace, P extends string> = MessageKey<N> extends infer K ? (K extends `${P}.${infer Rest}` ? Rest : never) : never;
/** A translator bound to namespace `N`: `messages(N)`. */
export type Translator<N extends Namespace> = (key: MessageKey<N>, vars?: MessageVars) => string;

/** `messageNode`'s arguments: the key is checked against the namespace given. */
type NodeArgs = { [N in Namespace]: [namespace: N, key: NodeKey<N>, promptsDir?: string] }[Namespace];

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
export function messageNode<T = unknown>(...[namespace, key, promptsDir = defaultPromptsDir]: NodeArgs): T {
  return nodeAt<T>(namespace, key, promptsDir);
}

/**
 * The node at any `key` of a namespace, also one the shipped catalogue does not have: for code that walks the
 * catalogue itself (the web pages' `ui` table, a deployer's extra entries). Everything else uses `messageNode`.
 */
export function nodeAt<T = unknown>(namespace: Namespace, key: string, promptsDir = defaultPromptsDir): T {
  let node: unknown = loadNamespace(namespace, promptsDir);
  for (const part of key.split('.').filter(Boolean)) node = (node as Record<string, unknown> | undefined)?.[part];
  if (node === undefined) throw new Error(`missing message ${namespace}.${key} in ${promptsDir}/messages`);
  return node as T;
}

/**
 * Whether the catalogue in use (the configured prompts folder) has a text or list at `key`: for keys made from values
 * another library supplies (commander's help titles and error codes), which are shown untranslated when it has none.
 */
export function hasMessage<N extends Namespace>(namespace: N, key: string, promptsDir = defaultPromptsDir): key is MessageKey<N> {
  try {
    const node = nodeAt(namespace, key, promptsDir);
    return typeof node === 'string' || Array.isArray(node);
  } catch {
    return false;
  }
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
export function msg<N extends Namespace>(namespace: N, key: MessageKey<N>, vars: MessageVars = {}, promptsDir = defaultPromptsDir): string {
  return textAt(namespace, key, vars, promptsDir);
}

/** `msg` for a key found in the catalogue at run time (see `nodeAt`). */
export function textAt(namespace: Namespace, key: string, vars: MessageVars = {}, promptsDir = defaultPromptsDir): string {
  let node = nodeAt(namespace, key, promptsDir);
  if (Array.isArray(node)) {
    const i = typeof vars.pick === 'number' ? vars.pick % node.length : Math.floor(Math.random() * node.length);
    node = node[i];
  }
  if (typeof node !== 'string') throw new Error(`missing message ${namespace}.${key} in ${promptsDir}/messages`);
  return fill(node.trimEnd(), vars);
}

/** A namespace-bound shortcut: `const t = messages('desk'); t('ticket.notFound', {ticket})`. */
export function messages<N extends Namespace>(namespace: N, promptsDir?: string): Translator<N> {
  // The folder is resolved at each lookup, so module-level translators follow `usePromptsDir`.
  return (key, vars) => textAt(namespace, key, vars, promptsDir ?? defaultPromptsDir);
}
