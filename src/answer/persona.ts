/** The characters' voices, read from `prompts/personas.yaml`. */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { PERSONAS, type PersonaId } from './types.ts';

export interface Persona {
  name: string;
  /** Other names that select this character (exact matches). */
  aliases?: string[];
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
 * Accepts an id (`xiaoli`, `xiaozhi`, `duo`), a character's name or one of its `aliases` from personas.yaml (冠小梨、小芝、
 * 两人); undefined for anything else. Exact matches only: an unknown name (冠大梨) is refused rather than guessed at, and
 * renaming a character is an edit of personas.yaml, not of code.
 */
export function parsePersona(value: string | undefined, promptsDir: string): PersonaId | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  if ((PERSONAS as readonly string[]).includes(v)) return v as PersonaId;
  const personas = loadPersonas(promptsDir);
  return PERSONAS.find((id) => personas[id].name === v || (personas[id].aliases ?? []).includes(v));
}

/** A stable pick (same question → same wording) so answers are reproducible. */
export function pickFor(list: string[], seed: string): string {
  let h = 0;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const pick = list[h % list.length];
  if (pick === undefined) throw new Error('pickFor: empty list');
  return pick;
}
