/**
 * A bounded HTTP load generator for the server scenario (autocannon is not installed): `concurrency` loops, each
 * POSTing one question at a time to `/api/ask`, spread round-robin over the given servers as nginx would, for
 * `durationMs` or `maxRequests`, whichever comes first. Loopback addresses only.
 * Usage: node --import tsx bench/http-load.ts '<json LoadPlan>'   → prints one JSON line (LoadResult)
 */
export interface LoadPlan {
  /** Base URLs, e.g. http://127.0.0.1:18081 (must be loopback). */
  targets: string[];
  questions: string[];
  concurrency: number;
  durationMs: number;
  maxRequests: number;
}

export interface LoadResult {
  requests: number;
  ok: number;
  /** Responses other than 200, by status (0: network error). */
  errors: Record<string, number>;
  elapsedMs: number;
  requestsPerSec: number;
  p50Ms: number;
  p95Ms: number;
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
}

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  if (!plan.targets.length || !plan.targets.every(isLoopback)) throw new Error('http-load only sends to loopback addresses');
  let issued = 0;
  let ok = 0;
  const errors: Record<string, number> = {};
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + plan.durationMs;
  async function worker(): Promise<void> {
    while (performance.now() < deadline && issued < plan.maxRequests) {
      const n = issued++;
      const url = `${plan.targets[n % plan.targets.length]}/api/ask`;
      const t = performance.now();
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ question: plan.questions[n % plan.questions.length] }),
        });
        await res.arrayBuffer();
        if (res.status === 200) ok++;
        else errors[res.status] = (errors[res.status] ?? 0) + 1;
      } catch {
        errors['0'] = (errors['0'] ?? 0) + 1;
      }
      latencies.push(performance.now() - t);
    }
  }
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))] ?? Number.NaN;
  return { requests: latencies.length, ok, errors, elapsedMs, requestsPerSec: (ok / elapsedMs) * 1000, p50Ms: at(50), p95Ms: at(95) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
  process.stdout.write(`${JSON.stringify(await runLoad(plan))}\n`);
}
