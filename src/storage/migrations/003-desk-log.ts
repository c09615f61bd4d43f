/**
 * Migration 3: the conversation log staff read (issue 12). Turns keep the
 * confidence they were answered with; corrections staff make from the log are
 * recorded (the turn itself stays append-only); an open item can carry the
 * answer the corpus would now give it, proposed after a reindex.
 */
import type { SqliteDb } from '../sqlite.ts';

const SQL = `
-- The best fused score and the threshold it was held to; NULL for turns logged before this version.
ALTER TABLE turns ADD COLUMN confidence REAL;
ALTER TABLE turns ADD COLUMN threshold REAL;
CREATE INDEX turns_channel_created ON turns(channel, created_at);
CREATE INDEX turns_ticket ON turns(ticket);

-- A staff correction of a logged answer: the FAQ entry it was published as.
CREATE TABLE turn_corrections (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  turn_id  INTEGER NOT NULL REFERENCES turns(id),
  faq_id   TEXT    NOT NULL,
  question TEXT    NOT NULL,
  actor    TEXT    NOT NULL,
  at       TEXT    NOT NULL
);
CREATE INDEX turn_corrections_turn ON turn_corrections(turn_id);

-- JSON {answer, kind, citations, at, version}: what the corpus would answer an open item now; NULL when nothing.
ALTER TABLE items ADD COLUMN suggestion TEXT;
`;

/** Adds the confidence columns, the corrections table and the item suggestion. */
export function up(db: SqliteDb): void {
  db.exec(SQL);
}
