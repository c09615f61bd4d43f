/**
 * FAQ spreadsheets in the console: bulk import of an office's Q&A (.xlsx / .csv, row by row, bad rows reported as
 * 第N行：说明), the import template, and the export of every 问答 entry in the same columns. Registered inside the
 * corpus routes, so it shares their multipart limits, staff guard and index rebuild.
 */
import type { FastifyReply } from 'fastify';
import { FaqFileError, faqCsv, faqFormatOf, faqRowsOf, faqTemplate, faqWorkbook, importFaqFile } from '../../../corpus/faq/index.ts';
import { localToday } from '../../../time/index.ts';
import { WebError } from '../errors.ts';
import { CAPABILITY } from '../staff/index.ts';
import type { ReindexJob } from './reindex-job.ts';
import { needs } from './access.ts';
import { routeGroup } from '../ports.ts';

export interface AdminFaqOptions {
  reindex: ReindexJob;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a file download; the Chinese name is given in RFC 5987 form, with an ASCII fallback. */
function download(reply: FastifyReply, body: Buffer | string, type: string, asciiName: string, name: string) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', 'no-store')
    .send(body);
}

export const adminFaqRoutes = routeGroup<AdminFaqOptions>('guanbot-admin-faq', ['appConfig', 'webTexts', 'staffStore'], async (server, { reindex }) => {
  const { appConfig: config, webTexts: t, staffStore: staff } = server;
  const corpusDir = config.corpusDir;

  server.get('/corpus/faq/template.xlsx', needs(CAPABILITY.corpusRead), async (_request, reply) => download(reply, await faqTemplate(), XLSX_TYPE, 'faq-template.xlsx', t('ui.admin.faq.templateName')));

  server.get('/corpus/faq/export.xlsx', needs(CAPABILITY.corpusRead), async (_request, reply) => download(reply, await faqWorkbook(faqRowsOf(corpusDir)), XLSX_TYPE, 'faq-export.xlsx', t('ui.admin.faq.exportName', { ext: 'xlsx' })));

  server.get('/corpus/faq/export.csv', needs(CAPABILITY.corpusRead), async (_request, reply) => download(reply, faqCsv(faqRowsOf(corpusDir)), 'text/csv; charset=utf-8', 'faq-export.csv', t('ui.admin.faq.exportName', { ext: 'csv' })));

  /** Imports the uploaded spreadsheet; `dryRun=1` only checks. The report lists every row's fate. */
  server.post('/corpus/faq/import', needs(CAPABILITY.corpusWrite), async (request) => {
    const part = await request.file();
    if (!part) throw new WebError(400, t('api.errors.uploadMissing'));
    const dryRun = (part.fields.dryRun as { value?: unknown } | undefined)?.value === '1';
    if (!faqFormatOf(part.filename)) throw new WebError(400, t('api.errors.faqType'));
    const buffer = await part.toBuffer();
    if (part.file.truncated) throw new WebError(413, t('api.errors.fileTooLarge'));
    let report: Awaited<ReturnType<typeof importFaqFile>>;
    try {
      report = await importFaqFile(corpusDir, buffer, part.filename, { dryRun, today: localToday(config.timezone) });
    } catch (err) {
      if (err instanceof FaqFileError) throw new WebError(400, err.message);
      throw err;
    }
    if (dryRun || !report.imported.length) return { ...report, reindex: reindex.get() };
    staff.audit.record(request.staffName!, 'faq.import', {
      target: part.filename,
      detail: { imported: report.imported.map((r) => r.id), errors: report.errors.length, skipped: report.skipped.length },
      ip: request.ip,
    });
    return { ...report, reindex: reindex.start(request.staffName!) };
  });
});
