/**
 * How often each document was cited in answers of a time range. Read-only
 * query on the desk's append-only `turns` log (its `citations` JSON column),
 * since the Desk interface has no per-document figures.
 */
import Database from 'better-sqlite3';

/** docId → number of answers that cited it in [from, to). */
export function citationCounts(dbPath: string, from: Date, to: Date): Map<string, number> {
  const counts = new Map<string, number>();
  let db: Database.Database | undefined;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
    const rows = db
      .prepare(`SELECT citations FROM turns WHERE created_at >= ? AND created_at < ? AND resolved = 1`)
      .all(from.toISOString(), to.toISOString()) as { citations: string }[];
    for (const row of rows) {
      let cited: { docId?: string }[] = [];
      try {
        cited = JSON.parse(row.citations) as { docId?: string }[];
      } catch {
        continue;
      }
      // One answer counts once per document even when it cites two of its passages.
      for (const docId of new Set(cited.map((c) => c.docId).filter((d): d is string => !!d))) counts.set(docId, (counts.get(docId) ?? 0) + 1);
    }
  } catch {
    // No database or no turns table yet: nothing was cited.
  } finally {
    db?.close();
  }
  return counts;
}
