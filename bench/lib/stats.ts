/** Latency and run statistics. */

/** Nearest-rank percentile (p in 0..100) of the samples; NaN when there are none. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  // The rank is clamped to 1..length of a non-empty list.
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** p50 and p95 of latency samples in milliseconds. */
export function latencySummary(samples: number[]): { p50: number; p95: number; count: number } {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), count: samples.length };
}

/** Median (mean of the two middle values for an even count), minimum and maximum; NaN for none. */
export function spread(values: number[]): { median: number; min: number; max: number } {
  if (!values.length) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  // s is non-empty here, so mid, mid - 1 (for an even count), 0 and length - 1 are all in range.
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]! };
}

/** Peak resident set size of this process so far, in MB (resourceUsage reports KB). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
