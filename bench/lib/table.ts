/** The runs of each scenario summed up: one row per metric with median and spread, and the verdict line. */
import { round } from './measure.ts';
import type { AggregateRow, ScenarioResult, Target } from './result.ts';
import { spread } from './stats.ts';

export const COLUMNS = ['scenario', 'metric', 'runs', 'median', 'spread (min–max)', 'target', 'met', 'load (1 min)'] as const;

/** Right-aligned columns (numbers). */
const NUMERIC = new Set<string>(['runs', 'median', 'spread (min–max)']);

const OPS: Record<Target['op'], string> = { '<=': '≤', '>=': '≥' };

function withUnit(value: string, unit: string): string {
  return unit ? `${value} ${unit}` : value;
}

/** Median, min and max of every metric over the runs of each scenario, in the order first seen; targets on the median. */
export function aggregate(results: ScenarioResult[]): AggregateRow[] {
  const rows = new Map<string, AggregateRow & { values: number[] }>();
  const loads = new Map<string, number[]>();
  for (const r of results) {
    loads.set(r.scenario, [...(loads.get(r.scenario) ?? []), r.load.start, r.load.end]);
    for (const m of r.metrics) {
      const key = `${r.scenario}\u0000${m.name}`;
      const row = rows.get(key) ?? { scenario: r.scenario, metric: m.name, unit: m.unit, digits: m.digits ?? 2, runs: 0, median: 0, min: 0, max: 0, load: { min: 0, max: 0 }, values: [] };
      row.values.push(m.value);
      const target = r.targets.find((t) => t.metric === m.name);
      if (target) row.target = `${OPS[target.op]} ${withUnit(String(target.value), m.unit)}`;
      rows.set(key, row);
    }
  }
  return [...rows.values()].map(({ values, ...row }) => {
    const s = spread(values);
    const target = results.find((r) => r.scenario === row.scenario)?.targets.find((t) => t.metric === row.metric);
    const met = target ? (target.op === '<=' ? s.median <= target.value : s.median >= target.value) : undefined;
    const l = spread(loads.get(row.scenario) ?? []);
    return { ...row, runs: values.length, ...s, met, load: { min: l.min, max: l.max } };
  });
}

/** The cells of one table row. */
export function tableRow(r: AggregateRow): string[] {
  const num = (n: number) => (Number.isNaN(n) ? '—' : round(n, r.digits).toFixed(r.digits));
  const range = r.runs > 1 ? `${num(r.min)}–${num(r.max)}` : '—';
  const load = r.load.min === r.load.max ? r.load.min.toFixed(2) : `${r.load.min.toFixed(2)}–${r.load.max.toFixed(2)}`;
  return [r.scenario, r.metric, String(r.runs), withUnit(num(r.median), r.unit), range, r.target ?? '', r.met === undefined ? '' : r.met ? 'met' : 'MISSED', load];
}

/** A Markdown table whose columns are padded to line up in a terminal too. */
export function formatTable(rows: string[][], columns: readonly string[] = COLUMNS): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const numeric = columns.map((c) => NUMERIC.has(c));
  const pad = (s: string, i: number) => (numeric[i] ? s.padStart(widths[i] ?? 0) : s.padEnd(widths[i] ?? 0));
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line([...columns]), rule, ...rows.map(line)].join('\n');
}

/** The `## bench` section: the table, and what the figures are. */
export function benchSection(rows: AggregateRow[], cores: number): string {
  return [
    '## bench',
    '',
    formatTable(rows.map(tableRow)),
    '',
    `Median over the runs, spread min–max; targets are judged on the median. Latencies are first-pass wall time (each question once on a freshly opened engine or app); load is the 1-minute load average at the start and end of the runs, on ${cores} cores.`,
  ].join('\n');
}

/** The final line: every target with its median and whether it is met. */
export function verdictLine(rows: AggregateRow[], failures: string[] = []): string {
  const checked = rows.filter((r) => r.met !== undefined);
  const parts = checked.map((r) => `${r.scenario} ${r.metric} ${r.target} (${withUnit(round(r.median, r.digits).toFixed(r.digits), r.unit)}) ${r.met ? 'MET' : 'NOT MET'}`);
  parts.push(...failures.map((f) => `${f} FAILED`));
  const all = checked.every((r) => r.met) && failures.length === 0;
  return `${all ? 'All targets met' : 'Targets NOT all met'}: ${parts.join('; ')}`;
}
