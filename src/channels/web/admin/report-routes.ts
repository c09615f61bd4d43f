/**
 * The weekly report: questions per day, resolved rate, top unanswered topics,
 * most-cited and never-cited documents for one ISO week (local time), and the
 * download of the weekly export (the desk's register as XLSX or CSV).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadCorpus } from '../../../corpus/index.ts';
import { DeskError, formatIsoWeek, isoWeekOf, parseIsoWeek, weekFigures, weekRange, writeWeeklyExport, type IsoWeek } from '../../../desk/index.ts';
import { parseInput, WebError } from '../errors.ts';
import { CAPABILITY } from '../staff/index.ts';
import { needs } from './access.ts';
import { routeGroup } from '../ports.ts';


const TOP_CITED = 10;

export const reportRoutes = routeGroup('guanbot-admin-report', ['staffDesk', 'appConfig', 'webTexts', 'staffStore'], async (server) => {
  const { staffDesk: desk, appConfig: config, webTexts: t, staffStore: staff } = server;
  const weekQuery = z.object({ week: z.string().trim().max(10).optional(), format: z.enum(['xlsx', 'csv']).default('xlsx') });
  /** The week of a `2026-W05` query value; a malformed one is a 400 with the desk's message. */
  const parseWeek = (text: string): IsoWeek => {
    try {
      return parseIsoWeek(text);
    } catch (err) {
      throw new WebError(400, err instanceof Error ? err.message : t('api.errors.badInput', { field: 'week' }));
    }
  };

  server.get('/report', needs(CAPABILITY.reportRead), async (request) => {
    const q = parseInput(weekQuery, request.query, t);
    const week = q.week ? parseWeek(q.week) : isoWeekOf(new Date(), config.timezone);
    const range = weekRange(week, config.timezone);
    const items = desk.listItems({ since: range.start.toISOString(), until: range.end.toISOString(), limit: 100_000 });
    const turns = desk.turnStats(range.start, range.end);
    const figures = weekFigures(range.days, turns, items, { corpusDir: config.corpusDir });
    const days = range.days.map((date) => {
      const cells = turns.perDay.filter((c) => c.date === date);
      return { date, questions: cells.reduce((n, c) => n + c.questions, 0), resolved: cells.reduce((n, c) => n + c.resolved, 0) };
    });
    const counts = desk.citationCounts(range.start, range.end);
    const docs = loadCorpus(config.corpusDir).docs.map((d) => ({ docId: d.meta.id, title: d.meta.title, type: d.meta.type }));
    const byId = new Map(docs.map((d) => [d.docId, d]));
    const cited = [...counts.entries()]
      .map(([docId, count]) => ({ docId, title: byId.get(docId)?.title ?? docId, count }))
      .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title, 'zh'))
      .slice(0, TOP_CITED);
    const neverCited = docs.filter((d) => !counts.has(d.docId));
    // 👍/👎 of this week by document and 问答 entry, and the rate of each of the last eight weeks for the trend.
    const trendStart = new Date(range.start.getTime() - 7 * 7 * 24 * 3600 * 1000);
    const feedback = { ...desk.feedbackStats(range.start, range.end), perWeek: desk.feedbackStats(trendStart, range.end).perWeek };
    return { week: formatIsoWeek(week), firstDay: range.firstDay, lastDay: range.lastDay, days, figures, cited, neverCited, feedback };
  });

  server.get('/report/export', needs(CAPABILITY.reportRead), async (request, reply) => {
    const q = parseInput(weekQuery, request.query, t);
    const week = q.week ? parseWeek(q.week) : undefined;
    let result: Awaited<ReturnType<typeof writeWeeklyExport>>;
    try {
      result = await writeWeeklyExport(desk, config, { week, format: q.format });
    } catch (err) {
      if (err instanceof DeskError) throw new WebError(400, t('api.errors.exportFailed', { detail: err.message }));
      throw err;
    }
    staff.audit.record(request.staffName!, 'report.export', { target: path.basename(result.file), detail: { week: result.week, count: result.count }, ip: request.ip });
    const type = q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const name = path.basename(result.file);
    return reply
      .type(type)
      .header('content-disposition', `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(fs.createReadStream(result.file));
  });
});
