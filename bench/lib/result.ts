/** What a scenario process reports on stdout (one JSON line), and what the runner makes of several runs. */

/** One measured figure of a run. */
export interface Metric {
  /** Short name printed in the table, e.g. `engine p95`. */
  name: string;
  value: number;
  /** `ms`, `s`, `MB`, `/s`, `%`, or '' for a count or ratio. */
  unit: string;
  /** Decimals printed (default 2). */
  digits?: number;
}

/** A target on one metric, judged on the median of the runs. */
export interface Target {
  metric: string;
  op: '<=' | '>=';
  value: number;
}

/** What a scenario function returns. */
export interface ScenarioOutcome {
  scenario: string;
  metrics: Metric[];
  targets: Target[];
  /** Extra facts for the report (sizes, build phases, counts). */
  details: Record<string, number | string>;
}

/** One run as the scenario process prints it: the outcome plus the 1-minute load average at its start and end. */
export interface ScenarioResult extends ScenarioOutcome {
  load: { start: number; end: number };
}

/** One table row: a metric over the runs of a scenario. */
export interface AggregateRow {
  scenario: string;
  metric: string;
  unit: string;
  digits: number;
  runs: number;
  median: number;
  min: number;
  max: number;
  /** Printed target, e.g. `≤ 30 ms`; undefined when the metric has none. */
  target?: string;
  met?: boolean;
  /** Lowest and highest 1-minute load average seen at the start or end of these runs. */
  load: { min: number; max: number };
}
