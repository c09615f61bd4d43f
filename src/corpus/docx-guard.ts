/**
 * Measures an uploaded Word file before anything expands it. A .docx is a zip
 * archive, and a 1 MB one can expand to gigabytes (a zip bomb) that mammoth
 * would hold in memory. The archive's central directory states every entry's
 * size without inflating anything, so entry count and total size are checked
 * first; then every entry is inflated as a stream and counted, which catches
 * an archive that understates its sizes (yauzl stops a stream the moment it
 * yields more than its entry declared). Memory stays at one stream buffer.
 */
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { messages } from '../messages/index.ts';

const t = messages('corpus');

/** How much a Word upload may expand to. */
export interface DocxLimits {
  /** Most parts (zip entries) a document may have; real ones have a few dozen. */
  maxEntries: number;
  /** Most bytes all parts may expand to together. */
  maxExpandedBytes: number;
}

/** Far above any real policy document (a 5 MB .docx of text expands to about 30 MB), far below what hurts the server. */
export const DOCX_LIMITS: DocxLimits = { maxEntries: 2000, maxExpandedBytes: 64 * 1024 * 1024 };

/** A Word file refused before conversion; `message` is the Chinese text for staff, naming the file. */
export class DocxRejectedError extends Error {
  constructor(
    message: string,
    readonly reason: 'tooManyParts' | 'tooLarge' | 'damaged',
  ) {
    super(message);
    this.name = 'DocxRejectedError';
  }
}

const MB = 1024 * 1024;
const megabytes = (bytes: number) => (bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0);

/** Reads the central directory: every entry with its declared sizes, stopping once there are more than `max`. */
function readEntries(zip: ZipFile, max: number): Promise<{ entries: Entry[]; more: boolean }> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('error', reject);
    zip.on('end', () => resolve({ entries, more: false }));
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      if (entries.length > max) resolve({ entries, more: true });
      else zip.readEntry();
    });
    zip.readEntry();
  });
}

/** Inflates one entry as a stream, adding its bytes to `budget`; rejects once the budget is spent. */
async function drainEntry(zip: ZipFile, entry: Entry, budget: { left: number }): Promise<void> {
  const stream = await zip.openReadStreamPromise(entry);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    budget.left -= chunk.length;
    if (budget.left < 0) {
      stream.destroy();
      throw new RangeError('expanded size over the limit');
    }
  }
}

/**
 * Checks that the Word file `buffer` (uploaded as `filename`) stays within `limits` when expanded, without ever
 * holding more than a stream buffer of it. Resolves when it may be converted; otherwise throws a
 * DocxRejectedError whose message names the file and the limit.
 */
export async function checkDocxArchive(buffer: Buffer, filename: string, limits: DocxLimits = DOCX_LIMITS): Promise<void> {
  const damaged = () => new DocxRejectedError(t('docx.damaged', { file: filename }), 'damaged');
  const tooLarge = (bytes: number) =>
    new DocxRejectedError(t('docx.tooLarge', { file: filename, size: megabytes(bytes), max: megabytes(limits.maxExpandedBytes) }), 'tooLarge');
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch {
    throw damaged();
  }
  try {
    const tooMany = (count: number) => new DocxRejectedError(t('docx.tooManyParts', { file: filename, count, max: limits.maxEntries }), 'tooManyParts');
    if (zip.entryCount > limits.maxEntries) throw tooMany(zip.entryCount);
    const { entries, more } = await readEntries(zip, limits.maxEntries).catch(() => {
      throw damaged();
    });
    if (more) throw tooMany(entries.length);
    const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (declared > limits.maxExpandedBytes) throw tooLarge(declared);
    const budget = { left: limits.maxExpandedBytes };
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      // A stream that yields more than its entry declared is an archive that lies about its size.
      await drainEntry(zip, entry, budget).catch((err: unknown) => {
        throw err instanceof RangeError ? tooLarge(limits.maxExpandedBytes - budget.left) : damaged();
      });
    }
  } finally {
    zip.close();
  }
}
