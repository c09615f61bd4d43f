/**
 * Downloads a transformers.js model folder from a Hugging Face–compatible hub
 * (huggingface.co, hf-mirror.com, …) using its plain HTTP layout:
 *   GET {endpoint}/api/models/{name}                     → { siblings: [{ rfilename }] }
 *   GET {endpoint}/{name}/resolve/{revision}/{file}      → the file
 * Files go to `<dir>.partial` first and the folder is renamed into place only
 * when every file arrived, so a failed pull never leaves a half model behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { messages } from '../messages/index.ts';
import { OPTIONAL_FILES, REQUIRED_FILES, SOURCE_FILE, WEIGHT_FILES, type ModelSource, type WeightsDtype } from './folder.ts';

const t = messages('model');

/** A pull that could not complete; the message is for the operator (Chinese). */
export class ModelPullError extends Error {}

/** Progress of one file; `total` is unknown when the server sends no content-length. */
export interface PullProgress {
  file: string;
  index: number;
  count: number;
  received: number;
  total?: number;
  phase: 'start' | 'data' | 'done';
}

export interface PullOptions {
  /** Hub repository, e.g. `Xenova/bge-small-zh-v1.5`. */
  name: string;
  /** Hub base URL without trailing slash, e.g. `https://hf-mirror.com`. */
  endpoint: string;
  /** Target folder (it must not exist unless `force`). */
  dir: string;
  revision?: string;
  /** Prefer `onnx/model_quantized.onnx` (4× smaller, slightly less accurate) over `onnx/model.onnx`. */
  quantized?: boolean;
  /** Replace an existing folder. */
  force?: boolean;
  onProgress?: (p: PullProgress) => void;
  /** Per-request inactivity timeout (ms) for the listing; file bodies may take longer. */
  timeoutMs?: number;
}

export interface PullResult {
  dir: string;
  files: string[];
  bytes: number;
  dtype: WeightsDtype;
}

const REPO_NAME = /^[\w.-]{1,96}(\/[\w.-]{1,96})?$/;

/** The folder name a repository lands in: the part after the slash. */
export function defaultModelDirName(name: string): string {
  return name.split('/').pop()!;
}

/**
 * Chooses which of the repository's files to download: the required JSON
 * files, optional small ones when present, and one ONNX weights file.
 * Throws ModelPullError when the repository cannot work with transformers.js.
 */
export function selectModelFiles(name: string, siblings: string[], quantized = false): { files: string[]; dtype: WeightsDtype } {
  const available = new Set(siblings);
  const missing = REQUIRED_FILES.filter((f) => !available.has(f));
  if (missing.length) throw new ModelPullError(t('pull.missingFiles', { name, files: missing.join('、') }));
  const order: WeightsDtype[] = quantized ? ['q8', 'fp32'] : ['fp32', 'q8'];
  const dtype = order.find((d) => available.has(WEIGHT_FILES[d]));
  if (!dtype) throw new ModelPullError(t('pull.noOnnx', { name }));
  return {
    files: [...REQUIRED_FILES, ...OPTIONAL_FILES.filter((f) => available.has(f)), WEIGHT_FILES[dtype]],
    dtype,
  };
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}

async function listFiles(opts: Required<Pick<PullOptions, 'name' | 'endpoint' | 'revision' | 'timeoutMs'>>): Promise<string[]> {
  const { name, endpoint, revision } = opts;
  const url = revision === 'main'
    ? `${endpoint}/api/models/${name}`
    : `${endpoint}/api/models/${name}/revision/${encodeURIComponent(revision)}`;
  let body: { siblings?: { rfilename?: string }[] };
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = (await res.json()) as typeof body;
  } catch (err) {
    throw new ModelPullError(t('pull.listFailed', { endpoint, name, reason: describe(err) }));
  }
  if (!Array.isArray(body.siblings)) {
    throw new ModelPullError(t('pull.listFailed', { endpoint, name, reason: 'siblings missing' }));
  }
  return body.siblings.map((s) => s.rfilename).filter((f): f is string => typeof f === 'string');
}

async function downloadFile(url: string, target: string, report: (received: number, total?: number) => void): Promise<number> {
  const res = await fetch(url, { redirect: 'follow' });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  const lengthHeader = res.headers.get('content-length');
  const total = lengthHeader ? Number(lengthHeader) : undefined;
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      report(received, total);
      done(null, chunk);
    },
  });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), counter, fs.createWriteStream(target));
  if (total !== undefined && received !== total) throw new Error(`truncated: ${received}/${total} bytes`);
  return received;
}

/** Moves `partial` into `dir`, replacing an existing `dir` only after the new one is complete. */
function promote(partial: string, dir: string): void {
  if (!fs.existsSync(dir)) {
    fs.renameSync(partial, dir);
    return;
  }
  const old = `${dir}.old-${process.pid}`;
  fs.renameSync(dir, old);
  fs.renameSync(partial, dir);
  fs.rmSync(old, { recursive: true, force: true });
}

/** Downloads the model; see the module comment for the layout and the all-or-nothing guarantee. */
export async function pullModel(options: PullOptions): Promise<PullResult> {
  const name = options.name.trim().replace(/^\/+|\/+$/g, '');
  if (!REPO_NAME.test(name) || name.includes('..')) throw new ModelPullError(t('pull.badName', { name: options.name }));
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const revision = options.revision ?? 'main';
  const dir = path.resolve(options.dir);
  if (fs.existsSync(dir) && !options.force) throw new ModelPullError(t('pull.exists', { dir }));

  const siblings = await listFiles({ name, endpoint, revision, timeoutMs: options.timeoutMs ?? 30_000 });
  const { files, dtype } = selectModelFiles(name, siblings, options.quantized);

  const partial = `${dir}.partial`;
  fs.rmSync(partial, { recursive: true, force: true }); // leftovers of an interrupted pull
  fs.mkdirSync(partial, { recursive: true });
  let bytes = 0;
  try {
    for (const [index, file] of files.entries()) {
      const progress = (phase: PullProgress['phase'], received: number, total?: number) =>
        options.onProgress?.({ file, index, count: files.length, received, total, phase });
      progress('start', 0);
      const url = `${endpoint}/${name}/resolve/${encodeURIComponent(revision)}/${file}`;
      let size: number;
      try {
        size = await downloadFile(url, path.join(partial, file), (r, total) => progress('data', r, total));
      } catch (err) {
        throw new ModelPullError(t('pull.fileFailed', { file, reason: describe(err) }));
      }
      bytes += size;
      progress('done', size, size);
    }
    const source: ModelSource = { name, endpoint, revision, pulledAt: new Date().toISOString() };
    fs.writeFileSync(path.join(partial, SOURCE_FILE), JSON.stringify(source, null, 2));
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    promote(partial, dir);
  } catch (err) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw err;
  }
  return { dir, files, bytes, dtype };
}
