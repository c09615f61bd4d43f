/**
 * Message keys are typed from the shipped catalogue (src/messages/keys.generated.ts, made by scripts/message-keys.mjs):
 * the generated file matches the YAML, a key the catalogue lacks fails the type check, and the keys the browser
 * scripts build from server values (which the type check does not read) are all there. A deployer's prompts folder
 * may still add keys.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYS_FILE, renderMessageKeys } from '../scripts/message-keys.mjs';
import { hasMessage, messages, msg, nodeAt, textAt, type MessageKey } from '../src/messages/index.ts';
import { uiTable } from '../src/channels/web/text.ts';
import { PERSONAS } from '../src/constants.ts';
import type { AnswerKind, DecisionTrace, FollowUpTrace, PersonaId } from '../src/answer/types.ts';
import type { AnswerType } from '../src/retrieval/answer-type.ts';
import type { BuildProgress } from '../src/retrieval/index-store.ts';
import { makeTempDir, removeTempDirs, repoRoot } from './fixtures/engine-workspace.ts';

/** `true` only when every key of `K` is a web.yaml message; otherwise a type naming the missing keys. */
type AllInWeb<K extends string> = [Exclude<K, MessageKey<'web'>>] extends [never] ? true : { missing: Exclude<K, MessageKey<'web'>> };
type Capitalised<S extends string> = S extends `${infer First}${infer Rest}` ? `${Uppercase<First>}${Rest}` : S;

// The browser scripts (public/admin/*.js, public/chat/*.js) look these up with keys made from what the server sends.
const browserKeys: [
  AllInWeb<`ui.admin.hittest.kinds.${AnswerType}`>,
  AllInWeb<`ui.admin.hittest.reasons.${DecisionTrace['reason']}`>,
  AllInWeb<`ui.admin.hittest.followUpReasons.${FollowUpTrace['reason']}`>,
  AllInWeb<`ui.admin.log.kinds.${AnswerKind}`>,
  AllInWeb<`ui.admin.corpus.phase${Capitalised<BuildProgress['phase']>}`>,
  AllInWeb<`ui.common.${PersonaId}`>,
] = [true, true, true, true, true, true];

describe('typed message keys', () => {
  it('the committed keys file is what the YAML generates (run node scripts/message-keys.mjs)', () => {
    expect(fs.readFileSync(KEYS_FILE, 'utf8')).toBe(renderMessageKeys());
  });

  it('a key the catalogue lacks fails the type check (an unused @ts-expect-error fails it too) and throws at run time', () => {
    const desk = messages('desk');
    // @ts-expect-error a key no namespace has
    expect(() => desk('nosuch.key')).toThrow(/missing message desk\.nosuch\.key/);
    // @ts-expect-error a key of another namespace (web.yaml's)
    expect(() => desk('api.errors.internal')).toThrow(/missing message/);
    // @ts-expect-error a subtree is no text
    expect(() => msg('desk', 'cli.show')).toThrow(/missing message/);
    expect(desk('cli.show.ticket')).toMatch(/\p{Script=Han}/u);
    const kind = 'faq' as AnswerKind;
    // A key made from a typed value checks too.
    expect(messages('web')(`ui.admin.log.kinds.${kind}`)).toMatch(/\p{Script=Han}/u);
  });

  it('lists every text of every namespace, and resolves each key it lists', () => {
    const generated = renderMessageKeys();
    expect(generated).toContain("| 'ui.admin.hittest.kinds.contact'");
    expect(generated).toContain("| 'ui.admin.corpus.phaseTrain'");
    const texts = generated.slice(0, generated.indexOf('export interface MessageTreeKeys'));
    const webKeys = [...texts.matchAll(/\| '(ui\.[^']+)'/g)].map((m) => m[1]!);
    expect(webKeys.length).toBeGreaterThan(300);
    for (const key of webKeys) expect(typeof msg('web', key as MessageKey<'web'>, { pick: 0 })).toBe('string');
    expect(browserKeys.every(Boolean)).toBe(true);
  });

  it('the pages get the text for each persona (no raw key shown)', () => {
    const table = uiTable(path.join(repoRoot, 'prompts'));
    for (const persona of PERSONAS) expect(table[`common.${persona}`]).toMatch(/\p{Script=Han}/u);
    expect(table['admin.corpus.phaseTrain']).toMatch(/\p{Script=Han}/u);
  });

  it("a deployer's prompts folder may add keys: the pages and run-time lookups see them", () => {
    const prompts = path.join(makeTempDir(), 'prompts');
    fs.cpSync(path.join(repoRoot, 'prompts'), prompts, { recursive: true });
    const web = path.join(prompts, 'messages', 'web.yaml');
    fs.writeFileSync(web, fs.readFileSync(web, 'utf8').replace(/^ui:\n/m, 'ui:\n  countyExtra:\n    banner: 本县自定义横幅\n'));
    expect(uiTable(prompts)['countyExtra.banner']).toBe('本县自定义横幅');
    expect(textAt('web', 'ui.countyExtra.banner', {}, prompts)).toBe('本县自定义横幅');
    expect(nodeAt('web', 'ui.countyExtra', prompts)).toEqual({ banner: '本县自定义横幅' });
    expect(hasMessage('web', 'ui.countyExtra.banner', prompts)).toBe(true);
    expect(hasMessage('web', 'ui.countyExtra', prompts)).toBe(false);
    expect(hasMessage('web', 'ui.countyExtra.banner')).toBe(false);
    removeTempDirs();
  });
});
