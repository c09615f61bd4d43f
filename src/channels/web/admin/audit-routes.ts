/**
 * The audit log in the console: entries in Chinese (action names, details in
 * words, personal numbers masked) filtered by operator, action and date, and
 * the same selection as an XLSX or CSV download.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseInput, WebError } from '../errors.ts';
import { actionLabel, AuditFilterError, CAPABILITY, exportAudit, parseAuditFilter, viewAuditEntry } from '../staff/index.ts';
import { needs } from './access.ts';
import { routeGroup } from '../ports.ts';


/** The console shows this many entries; the export takes up to MAX_AUDIT_LIMIT. */
const PAGE_LIMIT = 500;
const EXPORT_LIMIT = 100_000;

export const auditRoutes = routeGroup('guanbot-admin-audit', ['appConfig', 'webTexts', 'staffStore'], async (server) => {
  const { appConfig: config, webTexts: t, staffStore: staff } = server;
  const filterSchema = z.object({
    actor: z.string().trim().max(64).optional(),
    action: z.string().trim().max(64).optional(),
    since: z.string().trim().max(40).optional(),
    until: z.string().trim().max(40).optional(),
    limit: z.coerce.number().int().min(1).max(PAGE_LIMIT).default(200),
    format: z.enum(['xlsx', 'csv']).default('xlsx'),
  });

  /** Entries of the request's filter; a malformed date is a 400 that says how to write it. */
  const select = (request: FastifyRequest, limit?: number) => {
    const q = parseInput(filterSchema, request.query, t);
    try {
      const filter = parseAuditFilter(t, config.timezone, { ...q, limit: limit ?? q.limit });
      return { q, views: staff.audit.list(filter).map((e) => viewAuditEntry(t, config.timezone, e)) };
    } catch (err) {
      if (err instanceof AuditFilterError) throw new WebError(400, err.message);
      throw err;
    }
  };

  server.get('/audit', needs(CAPABILITY.auditRead), async (request) => {
    const { views } = select(request);
    // The filter choices come along: every operator and every action code with its Chinese name.
    return {
      entries: views,
      actors: staff.audit.actors().map((name) => ({ value: name, label: name === 'cli' ? t('audit.cliActor') : name })),
      actions: ACTION_CODES.map((code) => ({ value: code, label: actionLabel(t, code) })),
    };
  });

  server.get('/audit/export', needs(CAPABILITY.auditRead), async (request, reply) => {
    const { q, views } = select(request, EXPORT_LIMIT);
    const file = await exportAudit(t, views, q.format);
    const filter = [q.actor, q.action, q.since, q.until].filter(Boolean).join(' ');
    staff.audit.record(request.staffName!, 'audit.export', { detail: { format: q.format, count: views.length, filter }, ip: request.ip });
    const name = `guanbot-audit-${new Date().toISOString().slice(0, 10)}.${q.format}`;
    return reply.type(file.type).header('content-disposition', `attachment; filename="${name}"`).send(file.bytes);
  });
});

/** Action codes staff can filter by (what the console and CLI record). */
export const ACTION_CODES = [
  'login', 'login.failed', 'login.throttled', 'logout',
  'item.view', 'item.reply', 'item.assign', 'item.department', 'item.close', 'item.promote', 'bulk.close', 'bulk.assign',
  'corpus.upload', 'corpus.edit', 'corpus.delete', 'corpus.reindex', 'hittest', 'report.export', 'audit.export',
  'staff.add', 'staff.passwd', 'staff.disable', 'staff.enable', 'staff.role', 'staff.department',
] as const;
