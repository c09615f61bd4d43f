/**
 * `server`: requests per second of `POST /api/ask` against one `guanbot serve` process, then against two processes
 * side by side on different ports sharing one data folder (the SQLite desk in WAL mode, the read-only index), as
 * behind nginx. The load comes from a child process with a fixed number of concurrent requests (bench/http-load.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { buildIndex } from '../../src/answer/index.ts';
import { loadEvalStream, REPO_ROOT, round, type BenchInputs, type ScenarioOutcome } from '../lib/index.ts';
import type { LoadPlan, LoadResult } from '../http-load.ts';
import { createWorkspace, prepareDefaultCorpus } from './workspace.ts';

export interface ServerBenchOptions {
  concurrency?: number;
  durationMs?: number;
  warmupMs?: number;
}

const DEFAULTS: Required<ServerBenchOptions> = { concurrency: 16, durationMs: 8000, warmupMs: 1500 };

/** A free loopback port (asked of the OS, then released for the server to take). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `guanbot serve` on `port`; resolves when it answers HTTP. */
async function startServe(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'guanbot.mjs'), 'serve'], {
    cwd: REPO_ROOT,
    env: { ...env, GUANBOT_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`guanbot serve on port ${port} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      await res.arrayBuffer();
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`guanbot serve on port ${port} did not answer within 120 s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs bench/http-load.ts in a child process and returns what it measured. */
function load(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'bench', 'http-load.ts'), JSON.stringify(plan)], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`http-load exited with code ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as LoadResult);
    });
  });
}

export async function runServer(inputs: BenchInputs, options: ServerBenchOptions = {}): Promise<ScenarioOutcome> {
  const opts = { ...DEFAULTS, ...options };
  const ws = createWorkspace();
  const servers: ChildProcess[] = [];
  try {
    prepareDefaultCorpus(ws, inputs);
    await buildIndex(ws.config, { full: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GUANBOT_DATA_DIR: ws.config.dataDir,
      GUANBOT_CORPUS_DIR: ws.corpusDir,
      GUANBOT_HOST: '127.0.0.1',
      GUANBOT_LOG_LEVEL: 'warn',
      // The per-address budget would stop a load generator on one address at once.
      GUANBOT_WEB_RATE_LIMIT: '100000',
      TELEGRAM_BOT_TOKEN: '',
      GUANBOT_WECHAT_TOKEN: '',
    };
    const questions = loadEvalStream(inputs.evalFiles).map((q) => q.q);
    const ports = [await freePort(), await freePort()] as const;
    const measure = async (targets: string[]) => {
      await load({ targets, questions, concurrency: opts.concurrency, durationMs: opts.warmupMs, maxRequests: 100_000 });
      return load({ targets, questions: [...questions].reverse(), concurrency: opts.concurrency, durationMs: opts.durationMs, maxRequests: 100_000 });
    };
    servers.push(await startServe(env, ports[0]));
    const one = await measure([`http://127.0.0.1:${ports[0]}`]);
    servers.push(await startServe(env, ports[1]));
    const two = await measure(ports.map((p) => `http://127.0.0.1:${p}`));
    const errors = (r: LoadResult) => Object.values(r.errors).reduce((a, b) => a + b, 0);
    return {
      scenario: 'server',
      metrics: [
        { name: 'one process req/s', value: one.requestsPerSec, unit: '/s', digits: 0 },
        { name: 'two processes req/s', value: two.requestsPerSec, unit: '/s', digits: 0 },
        { name: 'two ÷ one', value: two.requestsPerSec / one.requestsPerSec, unit: '', digits: 2 },
        { name: 'one process p95', value: one.p95Ms, unit: 'ms', digits: 1 },
        { name: 'two processes p95', value: two.p95Ms, unit: 'ms', digits: 1 },
        { name: 'failed requests', value: errors(one) + errors(two), unit: '', digits: 0 },
      ],
      targets: [{ metric: 'failed requests', op: '<=', value: 0 }],
      details: {
        concurrency: opts.concurrency,
        durationMs: opts.durationMs,
        oneRequests: one.requests,
        twoRequests: two.requests,
        oneErrors: JSON.stringify(one.errors),
        twoErrors: JSON.stringify(two.errors),
        oneP50Ms: round(one.p50Ms, 1),
        twoP50Ms: round(two.p50Ms, 1),
      },
    };
  } finally {
    await Promise.all(servers.map(stopServe));
    ws.dispose();
  }
}
