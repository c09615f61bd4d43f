/** What a scenario process reports on stdout (one JSON line). */

/** A target a scenario is held to, with the measured value. */
export interface TargetCheck {
  /** Short label printed in the table's target column, e.g. `p95 ≤ 30 ms`. */
  label: string;
  met: boolean;
  /** The measured value as printed in the final verdict line, e.g. `p95 12.3 ms`. */
  actual: string;
}

export interface ScenarioResult {
  scenario: string;
  docs: number;
  chunks: number;
  /** Index build wall time in seconds (the incremental rebuild for `incremental`). */
  buildSec: number;
  p50Ms: number | null;
  p95Ms: number | null;
  /** Number of timed questions (0 when the scenario asks none). */
  samples: number;
  peakRssMb: number;
  targets: TargetCheck[];
  /** Extra facts for the report (import time, build phases, embedded counts). */
  details: Record<string, number | string>;
}
