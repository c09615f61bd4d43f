/**
 * The on-disk index and its lifecycle. A build writes a fresh version folder
 * and only then points `CURRENT` at it (write + rename), so a crash mid-build
 * leaves the previous index serving. Passages whose text hash is unchanged
 * reuse their vectors, but only from an index built by the same embedder:
 * vectors of two embedders are never mixed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LEARNED_FILE, listBankFiles, loadCorpus, loadQuestionBank, loadSynonyms, loadUserDict, SYNONYM_FILES, type CorpusDoc, type CorpusProblem, type DocMeta } from '../corpus/index.ts';
import { Analyzer } from './analyzer.ts';
import { Bm25Index } from './bm25.ts';
import { chunkDocument, embeddingText, type Chunk } from './chunker.ts';
import type { Embedder } from './embedders/index.ts';
import { VectorIndex } from './vector-index.ts';
import { BankIndex, resolveBank } from './bank-index.ts';
import { withBuildLock } from './build-lock.ts';
import { msg } from '../messages/index.ts';
import { COUNTY_TIME_ZONE } from '../constants.ts';
import { localToday } from '../time/index.ts';
import { questionForms, type DocInfo } from './doc-info.ts';

export { questionForms, type DocInfo } from './doc-info.ts';

/** Version 2 adds the question bank (bank.json) and the trained decision (decision.json). */
export const FORMAT_VERSION = 2;
const EMBED_BATCH = 32;
/**
 * More passages than this in one document is not a policy text but a mistake (a data dump, a converted spreadsheet):
 * the document is refused, naming its file, instead of slowing every rebuild and search.
 */
export const MAX_DOC_PASSAGES = 5000;

export interface Manifest {
  version: number;
  embedder: string;
  dimensions: number;
  createdAt: string;
  fingerprint: string;
  /** Hash of what the trained decision learns from beyond the passages: the question bank and the lexicons. */
  bankFingerprint: string;
  /**
   * Questions in the bank's learned file (added one by one from 👍, promotions and corrections). They are not in the
   * fingerprint: they join the bank field at every build, and the decision is trained again once enough accumulate.
   */
  learnedQuestions?: number;
  docCount: number;
  chunkCount: number;
  /** SHA-256 and size of every other file of the version, checked on load. */
  files: Record<string, { sha256: string; bytes: number }>;
}

/** A version file that is missing, truncated or altered: the index cannot be used as it is. */
export class IndexDamagedError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'IndexDamagedError';
  }
}


export interface LoadedIndex {
  dir: string;
  manifest: Manifest;
  chunks: Chunk[];
  docs: Map<string, DocInfo>;
  bm25: Bm25Index;
  vectors: VectorIndex;
  /** The question bank as a retrieval field. */
  bank: BankIndex;
  /** The answering decision trained on this version (`decision.json`, owned by the answering core), or null. */
  decision: unknown;
}

export interface BuildProgress {
  phase: 'chunk' | 'embed' | 'write' | 'train';
  done: number;
  total: number;
}

export interface IndexSummary {
  dir: string;
  embedder: string;
  /** Question-bank questions indexed (negatives included). */
  bankQuestions: number;
  /** Broken files whose last good version is still served (their problems are in `problems`). */
  kept: string[];
  docs: number;
  chunks: number;
  embedded: number;
  reused: number;
  skippedExpired: number;
  problems: CorpusProblem[];
  ms: number;
}

export interface BuildIndexOptions {
  onProgress?: (p: BuildProgress) => void;
  /** Ignore the previous index's vectors. */
  full?: boolean;
  /** Today's date (YYYY-MM-DD) for expiry checks; tests pass a fixed one. Wins over `timeZone`. */
  today?: string;
  /** The IANA time zone whose calendar day decides expiry (config.timezone); default Asia/Shanghai, the county's. */
  timeZone?: string;
  /** The clock for expiry checks (tests); default now. */
  now?: Date;
  /**
   * Trains the answering decision on the freshly built index (the answering core passes its trainer; retrieval
   * knows nothing of it). What it returns is saved as `decision.json` in the new version.
   */
  train?: (index: LoadedIndex, previous: unknown, onProgress?: (done: number, total: number) => void) => Promise<unknown>;
}

/** Hash of everything a build depends on: documents, user dictionary, synonyms, lexicon and question bank. */
export function corpusFingerprint(corpusDir: string): string {
  const h = crypto.createHash('sha1');
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(md|txt|ya?ml)$/.test(e.name)) h.update(path.relative(corpusDir, full)).update('\0').update(fs.readFileSync(full)).update('\0');
    }
  };
  walk(corpusDir);
  return h.digest('hex');
}

/**
 * Hash of the question bank (but its learned file, see {@link Manifest.learnedQuestions}) and the lexicon files: when
 * it is unchanged, a decision trained before still fits.
 */
export function bankFingerprint(corpusDir: string): string {
  const h = crypto.createHash('sha1');
  const files = [...listBankFiles(corpusDir).filter((f) => f !== LEARNED_FILE), ...SYNONYM_FILES, 'userdict.txt'];
  for (const rel of files) {
    const full = path.join(corpusDir, rel);
    if (fs.existsSync(full)) h.update(rel).update('\0').update(fs.readFileSync(full)).update('\0');
  }
  return h.digest('hex');
}

/** The last analyzer built, by the text of its two files: building one loads jieba's dictionary (about 200 ms). */
let lastAnalyzer: { key: string; analyzer: Analyzer } | null = null;

/**
 * The analyzer for the corpus folder's user dictionary and synonyms. A rebuild and the reload after it ask for the same
 * files, so the last analyzer is reused while they are unchanged (an analyzer never changes after it is built).
 */
export function createAnalyzer(corpusDir: string): Analyzer {
  const userDict = loadUserDict(corpusDir);
  const synonyms = loadSynonyms(corpusDir);
  const key = `${userDict}\0${JSON.stringify([...synonyms])}`;
  if (lastAnalyzer?.key !== key) lastAnalyzer = { key, analyzer: new Analyzer(userDict, synonyms) };
  return lastAnalyzer.analyzer;
}

function currentPointer(indexDir: string): string {
  return path.join(indexDir, 'CURRENT');
}

/** The version folder the index currently serves from, or null when there is no index. */
export function currentIndexDir(indexDir: string): string | null {
  try {
    const name = fs.readFileSync(currentPointer(indexDir), 'utf8').trim();
    const dir = path.join(indexDir, name);
    return fs.existsSync(path.join(dir, 'manifest.json')) ? dir : null;
  } catch {
    return null;
  }
}

/** Reads a version's manifest; a missing or unreadable one is reported with its path. */
export function readManifest(dir: string): Manifest {
  const file = path.join(dir, 'manifest.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch (err) {
    throw new IndexDamagedError(file, (err as Error).message);
  }
}

function sha256(buf: Buffer): string {
  return crypto.createHash('sha256').update(buf).digest('hex');
}

/** Checks every file the manifest lists against its checksum; throws naming the first damaged one. */
export function verifyVersion(dir: string, manifest: Manifest): void {
  for (const [name, expected] of Object.entries(manifest.files ?? {})) {
    const file = path.join(dir, name);
    let buf: Buffer;
    try {
      buf = fs.readFileSync(file);
    } catch (err) {
      throw new IndexDamagedError(file, (err as Error).message);
    }
    if (buf.length !== expected.bytes || sha256(buf) !== expected.sha256) {
      throw new IndexDamagedError(file, `${buf.length} bytes, checksum does not match the manifest (expected ${expected.bytes} bytes)`);
    }
  }
}

/** A version's stored vectors, one row per passage (count × dimensions). */
export function readVectorRows(dir: string): Float32Array {
  const buf = fs.readFileSync(path.join(dir, 'vectors.f32'));
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

function readVectors(dir: string, manifest: Manifest): Float32Array[] {
  const all = readVectorRows(dir);
  const out: Float32Array[] = [];
  for (let i = 0; i < manifest.chunkCount; i++) out.push(all.subarray(i * manifest.dimensions, (i + 1) * manifest.dimensions));
  return out;
}

/** What a build takes over from the serving version: vectors by passage hash, and each document's passages. */
interface Previous {
  vectors: Map<string, Float32Array>;
  docs: DocInfo[];
  chunks: Chunk[];
}

/** The serving version's passages and vectors, when it was built by the same embedder and is intact. */
function previousVersion(indexDir: string, embedder: Embedder): Previous {
  const dir = currentIndexDir(indexDir);
  const none: Previous = { vectors: new Map(), docs: [], chunks: [] };
  if (!dir) return none;
  try {
    const manifest = readManifest(dir);
    if (manifest.version !== FORMAT_VERSION || manifest.embedder !== embedder.id || manifest.dimensions !== embedder.dimensions) return none;
    verifyVersion(dir, manifest);
    const chunks = JSON.parse(fs.readFileSync(path.join(dir, 'chunks.json'), 'utf8')) as Chunk[];
    const docs = JSON.parse(fs.readFileSync(path.join(dir, 'docs.json'), 'utf8')) as DocInfo[];
    const vectors = readVectors(dir, manifest);
    const byHash = new Map<string, Float32Array>();
    chunks.forEach((c, i) => {
      const v = vectors[i];
      if (v) byHash.set(c.hash, v);
    });
    return { vectors: byHash, docs, chunks };
  } catch {
    // An unreadable previous index just means everything is embedded again.
    return none;
  }
}

/** The decision stored with the serving version, if any (a build may reuse it when little has changed). */
function previousDecision(indexDir: string): unknown {
  const dir = currentIndexDir(indexDir);
  try {
    return dir ? readJsonIfPresent(path.join(dir, 'decision.json')) : null;
  } catch {
    return null;
  }
}

function docInfo(doc: CorpusDoc): DocInfo {
  const { id, title, type, source, published, url, tags, question, variants } = doc.meta;
  return { id, title, type, source, published, url, tags, question, variants, file: doc.file };
}


/** Terms a passage is found by: its section path and text, plus question and variants for 问答 entries. */
export function passageTerms(analyzer: Analyzer, doc: DocInfo, chunk: Chunk): string[] {
  const extra = questionForms(doc).join('\n');
  return analyzer.indexTerms([chunk.section, chunk.text, extra].join('\n'));
}

/** The last day a (possibly partial) date covers: `2026` → 2026-12-31, `2026-02` → 2026-02-28, a full date is itself. */
export function periodEnd(date: string): string {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(date);
  if (!m || m[3]) return date;
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : 12;
  // Day 0 of the next month is the last day of this one.
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${m[1]}-${String(month).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
}

/** A document is expired once the whole period its `expires` names has passed: `expires: 2026` is valid through 2026-12-31. */
export function isExpired(meta: Pick<DocMeta, 'expires'>, today: string): boolean {
  return Boolean(meta.expires && periodEnd(meta.expires) < today);
}

/** Builds a new index version from the corpus and switches `CURRENT` to it. */
export async function buildIndexFiles(corpusDir: string, indexDir: string, embedder: Embedder, opts: BuildIndexOptions = {}): Promise<IndexSummary> {
  return withBuildLock(indexDir, () => buildLocked(corpusDir, indexDir, embedder, opts));
}

async function buildLocked(corpusDir: string, indexDir: string, embedder: Embedder, opts: BuildIndexOptions): Promise<IndexSummary> {
  const started = performance.now();
  const today = opts.today ?? localToday(opts.timeZone ?? COUNTY_TIME_ZONE, opts.now);
  const fingerprint = corpusFingerprint(corpusDir);
  const { docs: allDocs, problems } = loadCorpus(corpusDir);
  const docs = allDocs.filter((d) => !isExpired(d.meta, today));
  const analyzer = createAnalyzer(corpusDir);

  const chunks: Chunk[] = [];
  const infos = new Map<string, DocInfo>();
  for (const [i, doc] of docs.entries()) {
    const pieces = chunkDocument(doc);
    opts.onProgress?.({ phase: 'chunk', done: i + 1, total: docs.length });
    if (pieces.length > MAX_DOC_PASSAGES) {
      // Refused with a message naming the file; its last good version (if any) keeps serving, like a broken one.
      problems.push({ file: doc.file, line: 1, message: msg('corpus', 'problem.tooManyPassages', { count: pieces.length, max: MAX_DOC_PASSAGES }) });
      continue;
    }
    infos.set(doc.meta.id, docInfo(doc));
    // One push per passage: a long document must not be spread into one call's arguments.
    for (const chunk of pieces) chunks.push(chunk);
  }

  const previous = previousVersion(indexDir, embedder);
  // A file that is broken now (its problems are reported) keeps serving the version the last build read from it.
  const broken = new Set(problems.map((p) => p.file));
  const loadedFiles = new Set([...infos.values()].map((d) => d.file));
  const kept = previous.docs.filter((d) => d.file && broken.has(d.file) && !loadedFiles.has(d.file) && !infos.has(d.id));
  for (const d of kept) {
    infos.set(d.id, d);
    for (const c of previous.chunks) if (c.docId === d.id) chunks.push(c);
  }
  const reuse = opts.full && !kept.length ? new Map<string, Float32Array>() : previous.vectors;
  const vectors: Float32Array[] = new Array(chunks.length);
  const todo: number[] = [];
  chunks.forEach((c, i) => {
    const v = reuse.get(c.hash);
    if (v) vectors[i] = v;
    else todo.push(i);
  });
  for (let b = 0; b < todo.length; b += EMBED_BATCH) {
    const batch = todo.slice(b, b + EMBED_BATCH);
    const texts = batch.map((i) => {
      const c = chunks[i]!;
      return embeddingText(infos.get(c.docId)!.title, c.section, c.text);
    });
    const embedded = await embedder.embedDocuments(texts);
    batch.forEach((i, k) => {
      const v = embedded[k];
      if (!v) throw new Error(`embedder ${embedder.id} returned ${embedded.length} vectors for ${batch.length} passages`);
      vectors[i] = v;
    });
    opts.onProgress?.({ phase: 'embed', done: Math.min(b + EMBED_BATCH, todo.length), total: todo.length });
  }

  opts.onProgress?.({ phase: 'write', done: 0, total: 1 });
  fs.mkdirSync(indexDir, { recursive: true });
  const name = `v-${Date.now()}-${process.pid}`;
  const dir = path.join(indexDir, name);
  fs.mkdirSync(dir);
  const bm25 = Bm25Index.build(chunks.map((c) => passageTerms(analyzer, infos.get(c.docId)!, c)));
  bm25.save(dir);
  const flat = new Float32Array(chunks.length * embedder.dimensions);
  vectors.forEach((v, i) => {
    flat.set(v, i * embedder.dimensions);
  });
  const vectorIndex = VectorIndex.build(flat, embedder.dimensions);
  vectorIndex.save(path.join(dir, 'vectors.hnsw'));
  const questionBank = loadQuestionBank(corpusDir);
  const resolved = resolveBank(questionBank.entries, questionBank.negatives, chunks, infos);
  problems.push(...questionBank.problems, ...resolved.problems);
  const bank = BankIndex.build(resolved.questions, analyzer, chunks);
  bank.save(dir);
  fs.writeFileSync(path.join(dir, 'vectors.f32'), Buffer.from(flat.buffer));
  fs.writeFileSync(path.join(dir, 'chunks.json'), JSON.stringify(chunks));
  fs.writeFileSync(path.join(dir, 'docs.json'), JSON.stringify([...infos.values()]));
  const manifest: Manifest = {
    files: {},
    version: FORMAT_VERSION,
    embedder: embedder.id,
    dimensions: embedder.dimensions,
    createdAt: new Date().toISOString(),
    fingerprint,
    bankFingerprint: bankFingerprint(corpusDir),
    learnedQuestions: questionBank.entries.filter((e) => e.file === LEARNED_FILE).reduce((n, e) => n + e.questions.length, 0),
    docCount: infos.size,
    chunkCount: chunks.length,
  };
  if (opts.train) {
    const loaded: LoadedIndex = { dir, manifest, chunks, docs: infos, bm25, vectors: vectorIndex, bank, decision: null };
    const decision = await opts.train(loaded, previousDecision(indexDir), (done, total) => opts.onProgress?.({ phase: 'train', done, total }));
    fs.writeFileSync(path.join(dir, 'decision.json'), JSON.stringify(decision));
  }
  for (const name of fs.readdirSync(dir).sort()) {
    const buf = fs.readFileSync(path.join(dir, name));
    manifest.files[name] = { sha256: sha256(buf), bytes: buf.length };
  }
  // The manifest is written last inside the folder: a folder without one is an unfinished build.
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  const pointerTmp = `${currentPointer(indexDir)}.${process.pid}.tmp`;
  fs.writeFileSync(pointerTmp, name);
  fs.renameSync(pointerTmp, currentPointer(indexDir));
  removeOldVersions(indexDir, name);
  opts.onProgress?.({ phase: 'write', done: 1, total: 1 });

  return {
    dir,
    embedder: embedder.id,
    bankQuestions: bank.size,
    docs: infos.size,
    kept: kept.map((d) => d.file!),
    chunks: chunks.length,
    embedded: todo.length,
    reused: chunks.length - todo.length,
    skippedExpired: allDocs.length - docs.length,
    problems,
    ms: Math.round(performance.now() - started),
  };
}

/**
 * Deletes superseded versions but the newest earlier one, which serves if a file of the new one is damaged later
 * (finished ones, and unfinished ones left by a crash over an hour ago; a build still running in another process is
 * left alone). Readers hold their index in memory, so deleting under them is safe.
 */
function removeOldVersions(indexDir: string, keep: string): void {
  const hourAgo = Date.now() - 3_600_000;
  const fallback = finishedVersions(indexDir).map((d) => path.basename(d)).find((name) => name !== keep);
  for (const e of fs.readdirSync(indexDir, { withFileTypes: true })) {
    if (!e.isDirectory() || !e.name.startsWith('v-') || e.name === keep || e.name === fallback) continue;
    const dir = path.join(indexDir, e.name);
    const finished = fs.existsSync(path.join(dir, 'manifest.json'));
    if (finished || fs.statSync(dir).mtimeMs < hourAgo) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Finished version folders, newest first. */
function finishedVersions(indexDir: string): string[] {
  if (!fs.existsSync(indexDir)) return [];
  return fs
    .readdirSync(indexDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name.startsWith('v-') && fs.existsSync(path.join(indexDir, e.name, 'manifest.json')))
    .map((e) => e.name)
    .sort((a, b) => Number(b.split('-')[1]) - Number(a.split('-')[1]))
    .map((name) => path.join(indexDir, name));
}

/** Loads one version folder into memory after checking every file against the manifest. */
export function loadVersion(dir: string): LoadedIndex {
  const manifest = readManifest(dir);
  verifyVersion(dir, manifest);
  return loadParts(dir, manifest);
}

/**
 * Reads a version's files as they are, without checking them against a manifest on disk: for a build still being
 * written (training's worker threads read the new version before its manifest exists; `manifest` is the one the
 * build will write).
 */
export function loadParts(dir: string, manifest: Manifest): LoadedIndex {
  const chunks = JSON.parse(fs.readFileSync(path.join(dir, 'chunks.json'), 'utf8')) as Chunk[];
  const docList = JSON.parse(fs.readFileSync(path.join(dir, 'docs.json'), 'utf8')) as DocInfo[];
  return {
    dir,
    manifest,
    chunks,
    docs: new Map(docList.map((d) => [d.id, d])),
    bm25: Bm25Index.load(dir),
    vectors: VectorIndex.load(path.join(dir, 'vectors.hnsw'), () => readVectorRows(dir), manifest.dimensions, manifest.chunkCount),
    bank: BankIndex.load(dir),
    decision: readJsonIfPresent(path.join(dir, 'decision.json')),
  };
}

/**
 * Loads the current index version into memory. When one of its files is damaged (truncated, zeroed, missing), the
 * damage is reported through `onDamaged` and the newest intact earlier version serves instead; null when there is
 * no index at all. Throws the first damage when no version is intact.
 */
export function loadIndexFiles(indexDir: string, onDamaged?: (err: IndexDamagedError) => void): LoadedIndex | null {
  const current = currentIndexDir(indexDir);
  if (!current) return null;
  let first: unknown = null;
  for (const dir of [current, ...finishedVersions(indexDir).filter((d) => d !== current)]) {
    try {
      return loadVersion(dir);
    } catch (err) {
      if (!(err instanceof IndexDamagedError)) throw err;
      onDamaged?.(err);
      first ??= err;
    }
  }
  throw first;
}

function readJsonIfPresent(file: string): unknown {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
}
