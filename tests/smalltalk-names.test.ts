/** Greeting a character by name is smalltalk, with the names taken from personas.yaml (renaming one is no code change). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Smalltalk } from '../src/answer/smalltalk.ts';
import { repoRoot } from './fixtures/engine-workspace.ts';

const shipped = path.join(repoRoot, 'prompts');
const renamed = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-prompts-'));
fs.cpSync(shipped, renamed, { recursive: true });
const personas = path.join(renamed, 'personas.yaml');
fs.writeFileSync(personas, fs.readFileSync(personas, 'utf8').replace('name: 冠小梨', 'name: 冠大梨').replace('aliases: [小梨]', 'aliases: [大梨]'));
afterAll(() => fs.rmSync(renamed, { recursive: true, force: true }));

describe('smalltalk and the characters’ names', () => {
  it('treats a greeting with a character’s name or alias as a greeting, and a question after it as a question', () => {
    const talk = new Smalltalk(shipped);
    expect(talk.classify('你好冠小梨')).toBe('greeting');
    expect(talk.classify('小芝你好呀')).toBe('greeting');
    expect(talk.classify('谢谢冠小芝')).toBe('thanks');
    expect(talk.classify('冠小梨，申请公开收费吗')).toBeNull();
  });

  it('follows a renamed character in personas.yaml', () => {
    const talk = new Smalltalk(renamed);
    expect(talk.classify('你好冠大梨')).toBe('greeting');
    expect(talk.classify('大梨你好')).toBe('greeting');
    // The old name is now just words, not a greeting.
    expect(talk.classify('你好冠小梨')).toBeNull();
  });
});
