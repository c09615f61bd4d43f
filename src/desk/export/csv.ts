/** CSV for Excel and WPS: UTF-8 with a BOM, CRLF rows, RFC 4180 quoting. */

/** Cells a spreadsheet would run as a formula get a leading apostrophe (citizens type these texts). */
function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Quotes a field when it holds a comma, quote or line break; doubles inner quotes. */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : defuseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: BOM, header line, one line per row. */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  const lines = [header, ...rows].map((cells) => cells.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
