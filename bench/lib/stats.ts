/** Latency statistics. */

/** Nearest-rank percentile (p in 0..100) of the samples; NaN when there are none. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** p50 and p95 of latency samples in milliseconds. */
export function latencySummary(samples: number[]): { p50: number; p95: number; count: number } {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), count: samples.length };
}

/** Peak resident set size of this process so far, in MB (resourceUsage reports KB). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
