/** The characters' voices, read from `prompts/personas.yaml`. */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { PERSONAS, type PersonaId } from './types.ts';

export interface Persona {
  name: string;
  emoji: string;
  intro: string;
  /** How the optional generative model speaks as this character. */
  voice?: string;
  openers: string[];
  closers: string[];
}

const cache = new Map<string, Record<PersonaId, Persona>>();

export function loadPersonas(promptsDir: string): Record<PersonaId, Persona> {
  let personas = cache.get(promptsDir);
  if (!personas) {
    personas = YAML.parse(fs.readFileSync(path.join(promptsDir, 'personas.yaml'), 'utf8')) as Record<PersonaId, Persona>;
    for (const p of Object.values(personas)) {
      p.openers = (p.openers ?? []).map((s) => s.replace(/\\n/g, '\n'));
      p.closers = (p.closers ?? []).map((s) => s.replace(/\\n/g, '\n'));
    }
    cache.set(promptsDir, personas);
  }
  return personas;
}

/**
 * The names citizens and staff may type for a character, besides its id. Exact matches only: an unknown name
 * (冠大梨) is refused rather than guessed at.
 */
const PERSONA_NAMES: Record<string, PersonaId> = {
  冠小梨: 'xiaoli',
  小梨: 'xiaoli',
  冠小芝: 'xiaozhi',
  小芝: 'xiaozhi',
  两人: 'duo',
  两人对话: 'duo',
  冠小梨和冠小芝: 'duo',
};

/** Accepts an id (`xiaoli`, `xiaozhi`, `duo`) or a character's name (冠小梨、冠小芝、两人); undefined for anything else. */
export function parsePersona(value: string | undefined): PersonaId | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  if ((PERSONAS as readonly string[]).includes(v)) return v as PersonaId;
  return PERSONA_NAMES[v];
}

/** A stable pick (same question → same wording) so answers are reproducible. */
export function pickFor(list: string[], seed: string): string {
  let h = 0;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return list[h % list.length];
}
