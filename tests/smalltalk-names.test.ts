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

  it('takes a greeting that opens a question off the question, and leaves everything else alone', () => {
    const talk = new Smalltalk(shipped);
    expect(talk.withoutOpening('你好，申请公开要钱吗？')).toBe('申请公开要钱吗？');
    expect(talk.withoutOpening('冠小梨您好！俺想问问申请咋交')).toBe('俺想问问申请咋交');
    expect(talk.withoutOpening('在吗？答复期限多长')).toBe('答复期限多长');
    // No separator after it: 早上八点 is not a greeting; a greeting alone stays for classify to answer.
    expect(talk.withoutOpening('早上八点上班吗')).toBe('早上八点上班吗');
    expect(talk.withoutOpening('你好')).toBe('你好');
    // A name without a greeting is what the question is about.
    expect(talk.withoutOpening('冠小梨、冠小芝是干啥的？')).toBe('冠小梨、冠小芝是干啥的？');
    expect(talk.withoutOpening('申请公开要钱吗？')).toBe('申请公开要钱吗？');
  });

  it('follows a renamed character in personas.yaml', () => {
    const talk = new Smalltalk(renamed);
    expect(talk.classify('你好冠大梨')).toBe('greeting');
    expect(talk.classify('大梨你好')).toBe('greeting');
    // The old name is now just words, not a greeting.
    expect(talk.classify('你好冠小梨')).toBeNull();
  });
});
