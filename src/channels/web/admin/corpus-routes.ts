/**
 * The corpus in the console: list with per-file `corpus check` problems,
 * upload (.md, .txt, .docx, .pdf), FAQ spreadsheets (faq-routes.ts), edit front matter and text, chunk preview,
 * delete, and the index rebuild (started automatically after each change).
 */
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import {
  DOC_TYPES,
  addDocument,
  loadCorpus,
  parseFrontMatter,
  removeDocument,
  stringifyDocument,
  validateDocument,
  writeDocumentFile,
  type CorpusDoc,
} from '../../../corpus/index.ts';
import { checkDocxArchive, DocxRejectedError } from '../../../corpus/docx-guard.ts';
import { chunkDocument } from '../../../retrieval/chunker.ts';
import { parseInput, WebError } from '../errors.ts';
import { CAPABILITY } from '../staff/index.ts';
import { needs } from './access.ts';
import { routeGroup } from '../ports.ts';
import type { ReindexJob } from './reindex-job.ts';
import { docxToMarkdown } from './docx-to-markdown.ts';
import { pdfToMarkdown, PdfRejectedError } from '../../../corpus/pdf.ts';
import { adminFaqRoutes } from './faq-routes.ts';

export interface AdminCorpusOptions {
  reindex: ReindexJob;
}

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** Longest document text staff may edit in the console (characters). */
export const MAX_EDIT_CHARS = 400_000;
/**
 * Request size for saving and previewing an edit: the server-wide 256 KB is far
 * too small for MAX_EDIT_CHARS of Chinese (3 bytes each in UTF-8, plus JSON).
 */
export const EDIT_BODY_LIMIT = 2 * 1024 * 1024;

const META_FIELDS = ['id', 'title', 'type', 'source', 'published', 'url', 'effective', 'expires', 'tags', 'question', 'variants'] as const;

export const adminCorpusRoutes = routeGroup<AdminCorpusOptions>('guanbot-admin-corpus', ['appConfig', 'webTexts', 'staffStore'], async (server, { reindex }) => {
  const { appConfig: config, webTexts: t, staffStore: staff } = server;
  await server.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20 } });
  const corpusDir = config.corpusDir;

  const optionalText = z.string().trim().max(500).optional();
  const list = z.array(z.string().trim().min(1).max(200)).max(50).optional();
  const metaSchema = z.object({
    id: z.string().trim().max(100).optional(),
    title: optionalText,
    type: optionalText,
    source: optionalText,
    published: optionalText,
    url: optionalText,
    effective: optionalText,
    expires: optionalText,
    tags: list,
    question: optionalText,
    variants: list,
  });
  const editSchema = z.object({ meta: metaSchema, body: z.string({ error: t('api.errors.bodyEmpty') }).max(MAX_EDIT_CHARS, t('api.errors.tooLarge')) });
  const idParam = z.object({ id: z.string().min(1).max(100) });

  /** The document `id` among `docs` (the corpus loaded once per request), or a 404. */
  const findDoc = (id: string, docs = loadCorpus(corpusDir).docs): CorpusDoc => {
    const doc = docs.find((d) => d.meta.id === id);
    if (!doc) throw new WebError(404, t('api.errors.docNotFound', { id }));
    return doc;
  };
  const actor = (request: FastifyRequest) => request.staffName!;
  /** Merges edited fields into the existing meta; an emptied field is removed. */
  const mergeMeta = (base: Record<string, unknown>, edit: z.infer<typeof metaSchema>) => {
    const out: Record<string, unknown> = { ...base };
    for (const key of META_FIELDS) {
      if (!(key in edit)) continue;
      const v = edit[key];
      out[key] = v === undefined || v === '' || (Array.isArray(v) && v.length === 0) ? undefined : v;
    }
    return out;
  };
  /** Converts an uploaded Word file to Markdown, after checking it cannot expand past the limits (a zip bomb). */
  const readDocx = async (buffer: Buffer, filename: string): Promise<string> => {
    try {
      await checkDocxArchive(buffer, filename);
    } catch (err) {
      if (err instanceof DocxRejectedError) throw new WebError(err.reason === 'damaged' ? 400 : 413, err.message);
      throw err;
    }
    return docxToMarkdown(buffer).catch(() => {
      throw new WebError(400, t('api.errors.docxUnreadable'));
    });
  };
  /** A PDF's text as Markdown; a scan without a text layer or a damaged file is refused with the reason. */
  const readPdf = (buffer: Buffer, filename: string): Promise<string> =>
    pdfToMarkdown(buffer, filename).catch((err: unknown) => {
      if (err instanceof PdfRejectedError) throw new WebError(400, err.message);
      throw err;
    });
  const chunksOf = (doc: CorpusDoc) => chunkDocument(doc).map((c) => ({ id: c.id, section: c.section, text: c.text, chars: [...c.text].length }));

  server.get('/corpus', needs(CAPABILITY.corpusRead), async () => {
    const { docs, problems } = loadCorpus(corpusDir);
    return {
      types: DOC_TYPES,
      docs: docs
        .map((d) => ({ id: d.meta.id, title: d.meta.title, type: d.meta.type, published: d.meta.published, url: d.meta.url ?? null, tags: d.meta.tags ?? [], file: d.file, chars: d.body.length }))
        .sort((a, b) => a.type.localeCompare(b.type) || a.title.localeCompare(b.title, 'zh')),
      problems,
      // Files left out because of their problems: the console shows them in a banner above everything else.
      broken: [...new Set(problems.map((p) => p.file))],
    };
  });

  server.get('/corpus/docs/:id', needs(CAPABILITY.corpusRead), async (request) => {
    const doc = findDoc(parseInput(idParam, request.params, t).id);
    return { meta: doc.meta, body: doc.body.trim(), file: doc.file };
  });

  server.get('/corpus/docs/:id/chunks', needs(CAPABILITY.corpusRead), async (request) => {
    const doc = findDoc(parseInput(idParam, request.params, t).id);
    return { chunks: chunksOf(doc) };
  });

  /** Chunks of unsaved edits, so staff see the effect before saving. */
  server.post('/corpus/preview', { ...needs(CAPABILITY.corpusRead), bodyLimit: EDIT_BODY_LIMIT }, async (request) => {
    const body = parseInput(editSchema, request.body, t);
    const text = stringifyDocument(mergeMeta({}, body.meta), body.body);
    const fm = parseFrontMatter(text);
    const { meta, problems } = validateDocument('preview.md', fm);
    if (!meta) return { chunks: [], problems };
    return { chunks: chunksOf({ meta, body: fm.body, file: 'preview.md', bodyLine: fm.bodyLine }), problems };
  });

  server.put('/corpus/docs/:id', { ...needs(CAPABILITY.corpusWrite), bodyLimit: EDIT_BODY_LIMIT }, async (request) => {
    const { id } = parseInput(idParam, request.params, t);
    const { docs } = loadCorpus(corpusDir);
    const doc = findDoc(id, docs);
    const body = parseInput(editSchema, request.body, t);
    if (!body.body.trim()) throw new WebError(400, t('api.errors.bodyEmpty'));
    const text = stringifyDocument(mergeMeta(doc.meta as unknown as Record<string, unknown>, body.meta), body.body);
    const { meta, problems } = validateDocument(doc.file, parseFrontMatter(text));
    if (!meta || problems.length) throw new WebError(400, t('api.errors.docInvalid'), { problems });
    if (meta.id !== doc.meta.id && docs.some((d) => d.meta.id === meta.id)) {
      throw new WebError(409, t('api.errors.docIdTaken', { id: meta.id }));
    }
    writeDocumentFile(corpusDir, doc.file, text);
    staff.audit.record(actor(request), 'corpus.edit', { target: doc.file, detail: { id: meta.id }, ip: request.ip });
    return { meta, file: doc.file, reindex: reindex.start(actor(request)) };
  });

  server.post('/corpus/upload', needs(CAPABILITY.corpusWrite), async (request) => {
    const part = await request.file();
    if (!part) throw new WebError(400, t('api.errors.uploadMissing'));
    const field = (name: string) => {
      const f = part.fields[name] as { value?: unknown } | undefined;
      const v = typeof f?.value === 'string' ? f.value.trim() : '';
      return v || undefined;
    };
    const ext = path.extname(part.filename).toLowerCase();
    if (!['.md', '.txt', '.docx', '.pdf'].includes(ext)) throw new WebError(400, t('api.errors.uploadType'));
    // No default type: a document without one (in the form or its own front matter) is refused by validation.
    const type = field('type');
    if (type && !(DOC_TYPES as readonly string[]).includes(type)) throw new WebError(400, t('api.errors.badDocType', { allowed: DOC_TYPES.join('、') }));
    const buffer = await part.toBuffer();
    if (part.file.truncated) throw new WebError(413, t('api.errors.fileTooLarge'));
    const isDocx = ext === '.docx';
    const content = isDocx ? await readDocx(buffer, part.filename) : ext === '.pdf' ? await readPdf(buffer, part.filename) : buffer.toString('utf8');
    if (!content.trim()) throw new WebError(400, t('api.errors.bodyEmpty'));
    const tags = field('tags')?.split(/[,，、]/).map((s) => s.trim()).filter(Boolean);
    const result = addDocument(corpusDir, {
      // Word files arrive as Markdown after conversion.
      filename: isDocx ? part.filename.replace(/\.docx$/i, '.md') : part.filename,
      content,
      type: type as (typeof DOC_TYPES)[number] | undefined,
      title: field('title'),
      source: field('source'),
      published: field('published'),
      url: field('url'),
      tags: tags?.length ? tags : undefined,
    });
    if (!result.ok) throw new WebError(400, t('api.errors.docInvalid'), { problems: result.problems });
    staff.audit.record(actor(request), 'corpus.upload', { target: result.file, detail: { id: result.meta.id, filename: part.filename }, ip: request.ip });
    return { meta: result.meta, file: result.file, reindex: reindex.start(actor(request)) };
  });

  server.delete('/corpus/docs/:id', needs(CAPABILITY.corpusWrite), async (request) => {
    const { id } = parseInput(idParam, request.params, t);
    const file = removeDocument(corpusDir, id);
    if (!file) throw new WebError(404, t('api.errors.docNotFound', { id }));
    staff.audit.record(actor(request), 'corpus.delete', { target: file, detail: { id }, ip: request.ip });
    return { file, reindex: reindex.start(actor(request)) };
  });

  await server.register(adminFaqRoutes, { reindex });

  server.get('/corpus/reindex', needs(CAPABILITY.corpusRead), async () => reindex.get());

  server.post('/corpus/reindex', needs(CAPABILITY.corpusWrite), async (request) => {
    staff.audit.record(actor(request), 'corpus.reindex', { ip: request.ip });
    return reindex.start(actor(request));
  });
});
