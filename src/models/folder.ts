/**
 * What a transformers.js model folder must contain, and what we can tell
 * about one on disk. Shared by `guanbot model pull/list` and the
 * transformers embedder, so both agree on "complete".
 */
import fs from 'node:fs';
import path from 'node:path';

/** Files every folder needs besides the weights. */
export const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;
/** Optional small files worth copying when the hub has them. */
export const OPTIONAL_FILES = ['special_tokens_map.json'] as const;
/** Weight files in order of preference: full precision first (better recall), then the 8-bit one. */
export const WEIGHT_FILES = { fp32: 'onnx/model.onnx', q8: 'onnx/model_quantized.onnx' } as const;

export type WeightsDtype = keyof typeof WEIGHT_FILES;

/** Written by `guanbot model pull` next to the model so `model list` can show where it came from. */
export const SOURCE_FILE = '.guanbot-source.json';

export interface ModelSource {
  name: string;
  endpoint: string;
  revision: string;
  pulledAt: string;
}

export interface ModelFolderInfo {
  dir: string;
  /** Which weights are present (fp32 preferred); undefined when none. */
  dtype?: WeightsDtype;
  /** Relative paths of required files that are missing (weights count as one entry). */
  missing: string[];
  /** Total size of the folder's files, in bytes. */
  bytes: number;
  source?: ModelSource;
}

/** Picks the weights to load: fp32 when present, else q8. */
export function presentWeights(dir: string): WeightsDtype | undefined {
  if (fs.existsSync(path.join(dir, WEIGHT_FILES.fp32))) return 'fp32';
  if (fs.existsSync(path.join(dir, WEIGHT_FILES.q8))) return 'q8';
  return undefined;
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

function readSource(dir: string): ModelSource | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, SOURCE_FILE), 'utf8')) as ModelSource;
  } catch {
    return undefined;
  }
}

/** Describes an existing folder: weights, missing files, size, source. The folder must exist. */
export function inspectModelFolder(dir: string): ModelFolderInfo {
  const missing: string[] = REQUIRED_FILES.filter((f) => !fs.existsSync(path.join(dir, f)));
  const dtype = presentWeights(dir);
  if (!dtype) missing.push(WEIGHT_FILES.fp32);
  return { dir, dtype, missing, bytes: folderBytes(dir), source: readSource(dir) };
}

/** Human-readable size: 1.2 MB, 95.8 MB, 512 B. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** Settings known to suit well-known model families, used only to print usage hints. */
export interface ModelHint {
  pooling: 'cls' | 'mean';
  queryPrefix?: string;
}

/** bge models pool on [CLS] and want a query instruction; most sentence-transformers pool by mean. */
export function hintForModel(name: string): ModelHint {
  const n = name.toLowerCase();
  if (n.includes('bge') && n.includes('zh') && !n.includes('m3')) return { pooling: 'cls', queryPrefix: '为这个句子生成表示以用于检索相关文章：' };
  if (n.includes('bge') && n.includes('en')) return { pooling: 'cls', queryPrefix: 'Represent this sentence for searching relevant passages: ' };
  if (n.includes('bge')) return { pooling: 'cls' };
  return { pooling: 'mean' };
}

/** Model folders directly under `modelsDir` (anything with a config.json), skipping interrupted `.partial` pulls. */
export function listModelFolders(modelsDir: string): ModelFolderInfo[] {
  if (!fs.existsSync(modelsDir)) return [];
  return fs
    .readdirSync(modelsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.endsWith('.partial') && !e.name.includes('.old-'))
    .map((e) => path.join(modelsDir, e.name))
    .filter((dir) => fs.existsSync(path.join(dir, 'config.json')) || fs.existsSync(path.join(dir, SOURCE_FILE)))
    .sort()
    .map(inspectModelFolder);
}
