/** The one results table and the verdict line. */
import { round } from './measure.ts';
import type { ScenarioResult } from './result.ts';

export const COLUMNS = ['scenario', 'docs', 'chunks', 'index build (s)', 'p50 ms', 'p95 ms', 'peak RSS MB', 'target'] as const;

/** Right-aligned columns (numbers). */
const NUMERIC = new Set<string>(['docs', 'chunks', 'index build (s)', 'p50 ms', 'p95 ms', 'peak RSS MB']);

function cell(n: number | null, digits: number): string {
  return n === null || Number.isNaN(n) ? '—' : round(n, digits).toFixed(digits);
}

/** One table row per scenario. */
export function tableRow(r: ScenarioResult): string[] {
  return [
    r.scenario,
    String(r.docs),
    String(r.chunks),
    cell(r.buildSec, 2),
    cell(r.p50Ms, 2),
    cell(r.p95Ms, 2),
    cell(r.peakRssMb, 0),
    r.targets.map((t) => t.label).join(', ') || '—',
  ];
}

/** A Markdown table whose columns are padded to line up in a terminal too. */
export function formatTable(rows: string[][], columns: readonly string[] = COLUMNS): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const pad = (s: string, i: number) => (NUMERIC.has(columns[i]) ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (NUMERIC.has(columns[i]) ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line([...columns]), rule, ...rows.map(line)].join('\n');
}

/** The final line: every target with its measured value and whether it is met. */
export function verdictLine(results: ScenarioResult[], failures: string[] = []): string {
  const checks = results.flatMap((r) => r.targets.map((t) => ({ scenario: r.scenario, ...t })));
  const parts = checks.map((c) => `${c.scenario} ${c.label} (${c.actual}) ${c.met ? 'MET' : 'NOT MET'}`);
  parts.push(...failures.map((f) => `${f} FAILED`));
  const all = checks.every((c) => c.met) && failures.length === 0;
  return `${all ? 'All targets met' : 'Targets NOT all met'}: ${parts.join('; ')}`;
}
