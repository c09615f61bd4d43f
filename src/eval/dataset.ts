/** The labelled evaluation set: one JSON object a line, `expect: null` for questions the bot must not answer. */
import fs from 'node:fs';
import { z } from 'zod';

const line = z.object({
  id: z.string(),
  q: z.string().min(1),
  expect: z.array(z.array(z.string().min(1)).min(1)).min(1).nullable(),
  source: z.string().optional(),
  /** fact, table, colloquial, procedure, two-part or out-of-scope; older sets leave it out. */
  kind: z.string().optional(),
  note: z.string().optional(),
});

export type EvalQuestion = z.infer<typeof line>;

export function readEvalSet(file: string): EvalQuestion[] {
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l, i) => [l, i + 1] as const)
    .filter(([l]) => l.trim())
    .map(([l, n]) => {
      const parsed = line.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}:${n}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      return parsed.data;
    });
}

/** The kind a question is reported under: its label, else `out-of-scope` or `unlabelled`. */
export function kindOf(q: EvalQuestion): string {
  return q.kind ?? (q.expect === null ? 'out-of-scope' : 'unlabelled');
}
