/**
 * Builds the chat messages for a generative answer from the templates in prompts/llm/.
 * The citizen's question is isolated in a delimited block of the user message, with the
 * delimiter characters stripped from it, so it can never pose as an instruction or a passage.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { fill } from '../messages/index.ts';
import type { Citation, PersonaId } from '../answer/types.ts';

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

/** Longest question passed to the model; retrieval has already seen the whole question. */
const MAX_QUESTION_CHARS = 500;

function readTemplate(file: string): string {
  // HTML comments document the template for staff and are not sent to the model.
  return fs.readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '').trim();
}

interface PersonaEntry {
  name?: string;
  voice?: string;
  intro?: string;
}

function readPersonaFile(file: string): Record<string, PersonaEntry> {
  if (!fs.existsSync(file)) return {};
  const parsed = (YAML.parse(fs.readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
  // Accept a top-level map of personas or one nested under `personas:`.
  const table = (parsed.personas && typeof parsed.personas === 'object' ? parsed.personas : parsed) as Record<string, unknown>;
  const out: Record<string, PersonaEntry> = {};
  for (const [id, entry] of Object.entries(table)) {
    if (!entry || typeof entry !== 'object') continue;
    const e = entry as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    out[id] = { name: text(e.name), voice: text(e.voice) ?? text(e.llm) ?? text(e.style), intro: text(e.intro) };
  }
  return out;
}

/**
 * Persona voices: the shared prompts/personas.yaml (the extractive answers' characters) gives the
 * name, the self-introduction and optionally a `voice`; prompts/llm/personas.yaml gives the default voice.
 */
function loadPersonas(promptsDir: string): Record<string, PersonaVoice> {
  const defaults = readPersonaFile(path.join(promptsDir, 'llm', 'personas.yaml'));
  const shared = readPersonaFile(path.join(promptsDir, 'personas.yaml'));
  const out: Record<string, PersonaVoice> = {};
  for (const id of new Set([...Object.keys(defaults), ...Object.keys(shared)])) {
    const name = shared[id]?.name ?? defaults[id]?.name;
    const voice = shared[id]?.voice ?? defaults[id]?.voice ?? '';
    const intro = shared[id]?.intro ?? defaults[id]?.intro;
    if (name) out[id] = { name, voice: intro ? `${voice}角色的自我介绍：${intro}` : voice };
  }
  return out;
}

/** Loads prompts/llm/system.md and user.md and the persona voices. */
export function loadTemplates(promptsDir: string): PromptTemplates {
  const system = readTemplate(path.join(promptsDir, 'llm', 'system.md'));
  const user = readTemplate(path.join(promptsDir, 'llm', 'user.md'));
  const personas = loadPersonas(promptsDir);
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
  const persona = templates.personas[input.persona] ?? templates.personas.xiaoli ?? { name: '冠小梨', voice: '' };
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
