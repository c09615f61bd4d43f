/**
 * Builds the chat messages for a generative answer from the templates in prompts/llm/.
 * The citizen's question is isolated in a delimited block of the user message, with the
 * delimiter characters stripped from it, so it can never pose as an instruction or a passage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fill } from '../messages/index.ts';
import type { Citation, PersonaId } from '../answer/types.ts';
import { loadPersonas } from '../answer/persona.ts';
import { MAX_QUESTION_CHARS } from '../constants.ts';

/** A persona as the model is told to play it. */
export interface PersonaVoice {
  name: string;
  voice: string;
}

/** The loaded templates. `rules` is the system prompt without persona text: the answer must not repeat it. */
export interface PromptTemplates {
  system: string;
  user: string;
  personas: Record<string, PersonaVoice>;
  rules: string;
}

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

function readTemplate(file: string): string {
  // HTML comments document the template for staff and are not sent to the model.
  return fs.readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '').trim();
}

/** Each character's name and voice for the model, from the shared prompts/personas.yaml (with the self-introduction). */
function personaVoices(promptsDir: string): Record<string, PersonaVoice> {
  return Object.fromEntries(
    Object.entries(loadPersonas(promptsDir)).map(([id, p]) => [id, { name: p.name, voice: [p.voice, p.intro].filter(Boolean).join('\n') }]),
  );
}

/** Loads prompts/llm/system.md and user.md and the persona voices. */
export function loadTemplates(promptsDir: string): PromptTemplates {
  const system = readTemplate(path.join(promptsDir, 'llm', 'system.md'));
  const user = readTemplate(path.join(promptsDir, 'llm', 'user.md'));
  const personas = personaVoices(promptsDir);
  const rules = fill(system, { persona_name: '', persona_voice: '' }).trim();
  return { system, user, personas, rules };
}

/** Removes what could close or forge the question block or a section header, and bounds its length. */
export function sanitizeQuestion(question: string): string {
  return question
    .replace(/[<>＜＞【】]/g, ' ')
    .replace(/\r\n?/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim()
    .slice(0, MAX_QUESTION_CHARS);
}

function sanitizePassage(text: string): string {
  return text.replace(/<<<|>>>/g, ' ').replace(/【市民问题】|【参考资料】/g, ' ');
}

/** The text of each passage as the model sees it (title, section, body): the grounding check's evidence. */
export function passageTexts(citations: Citation[]): string[] {
  return citations.map((c) => [`《${c.title}》${c.section ? ` › ${c.section}` : ''}`, sanitizePassage(c.text)].join('\n'));
}

/** Builds the system and user messages for one question. */
export function buildMessages(templates: PromptTemplates, input: { question: string; citations: Citation[]; persona: PersonaId }): ChatMessage[] {
  const persona = templates.personas[input.persona] ?? templates.personas.xiaoli;
  if (!persona) throw new Error(`prompts/personas.yaml has no voice for ${input.persona} (nor xiaoli)`);
  const passages = passageTexts(input.citations)
    .map((text, i) => `[${i + 1}] ${text}`)
    .join('\n\n');
  const vars = { persona_name: persona.name, persona_voice: persona.voice };
  return [
    { role: 'system', content: fill(templates.system, vars) },
    {
      role: 'user',
      content: fill(templates.user, { ...vars, passages, passage_count: input.citations.length, question: sanitizeQuestion(input.question) }),
    },
  ];
}
