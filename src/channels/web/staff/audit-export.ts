/** The audit log as a file to hand on: XLSX (exceljs) or CSV that Excel and WPS open. */
import ExcelJS from 'exceljs';
import type { Translate } from '../text.ts';
import { toCsv } from '../../../desk/export/csv.ts';
import { auditCells, auditHeaders, type AuditView } from './audit-text.ts';

export type AuditExportFormat = 'xlsx' | 'csv';

const WIDTHS = [18, 12, 14, 28, 60, 18];

/** The file's bytes and its MIME type. */
export async function exportAudit(t: Translate, views: AuditView[], format: AuditExportFormat): Promise<{ bytes: Buffer; type: string }> {
  const headers = auditHeaders(t);
  const rows = views.map(auditCells);
  if (format === 'csv') return { bytes: Buffer.from(toCsv(headers, rows), 'utf8'), type: 'text/csv; charset=utf-8' };
  const wb = new ExcelJS.Workbook();
  wb.creator = 'guanbot';
  const sheet = wb.addWorksheet(t('audit.sheet'), { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = headers.map((header, i) => ({ header, width: WIDTHS[i] }));
  sheet.getRow(1).font = { bold: true };
  sheet.pageSetup.printTitlesRow = '1:1';
  for (const cells of rows) sheet.addRow(cells);
  sheet.getColumn(5).alignment = { wrapText: true, vertical: 'top' };
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}
