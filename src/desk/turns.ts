/** The append-only conversation log: one row per citizen message, never rewritten (SQLite triggers refuse it). */
import type { DeskContext } from './context.ts';
import type { TurnInput } from './types.ts';
import { handleFor } from './handles.ts';
import { maskPersonalData } from './mask.ts';

/** One logged turn as stored. */
export interface TurnRow {
  id: number;
  created_at: string;
  channel: TurnInput['channel'];
  handle: string;
  question: string;
  question_masked: string;
  answer: string;
  resolved: number;
  kind: TurnInput['kind'];
  persona: string;
  citations: string;
  latency_ms: number;
  ticket: string | null;
  generated: number;
  /** NULL for turns logged before migration 3. */
  confidence: number | null;
  threshold: number | null;
}

/** Stored passage text is cut to this many characters: enough to show staff the passage, not a copy of the corpus. */
const PASSAGE_CHARS = 600;

/** Appends `turn` and links it to its item (an unresolved question's ticket); returns the turn id. */
export function recordTurn(ctx: DeskContext, turn: TurnInput): number {
  const masked = maskPersonalData(turn.question);
  const question = ctx.keepPersonalData ? turn.question : masked;
  const answer = ctx.keepPersonalData ? turn.answer : maskPersonalData(turn.answer);
  const handle = handleFor(turn.channel, turn.channelUserId, ctx.salt);
  return ctx.db
    .transaction(() => {
      const { lastInsertRowid } = ctx
        .stmt(
          `INSERT INTO turns(created_at, channel, handle, question, question_masked, answer, resolved, kind, persona,
                             citations, latency_ms, ticket, generated, confidence, threshold)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          ctx.now().toISOString(),
          turn.channel,
          handle,
          question,
          masked,
          answer,
          turn.resolved ? 1 : 0,
          turn.kind,
          turn.persona,
          JSON.stringify((turn.citations ?? []).map((c) => (c.text && c.text.length > PASSAGE_CHARS ? { ...c, text: `${c.text.slice(0, PASSAGE_CHARS)}…` } : c))),
          Math.round((turn.latencyMs ?? 0) * 100) / 100,
          turn.ticket ?? null,
          turn.generated ? 1 : 0,
          turn.confidence?.score ?? null,
          turn.confidence?.threshold ?? null,
        );
      const id = Number(lastInsertRowid);
      // The app opens the item before it logs the turn; link them now.
      if (turn.ticket) ctx.stmt('UPDATE items SET turn_id = ? WHERE ticket = ? AND turn_id IS NULL').run(id, turn.ticket);
      return id;
    })
    .immediate();
}

/** One turn by id, or undefined. */
export function findTurn(ctx: DeskContext, id: number): TurnRow | undefined {
  return ctx.stmt('SELECT * FROM turns WHERE id = ?').get(id) as TurnRow | undefined;
}
