/** FAQ spreadsheets: bulk import of an office's Q&A (.xlsx / .csv), export of the corpus's entries, the template. */
export { FAQ_COLUMNS, REQUIRED_COLUMNS, FaqFileError, faqCsv, faqFormatOf, faqWorkbook, readFaqTable, type FaqColumn, type FaqFormat, type FaqRow, type FaqTableRow, type RowProblem } from './table.ts';
export { importFaqFile, importFaqRows, formatRowProblem, faqRowDocument, type FaqImportReport, type FaqImportOptions, type ImportedRow, type SkippedRow } from './import.ts';
export { faqRowsOf, faqTemplate, templateExample } from './export.ts';
/** How the import compares a row's question with the FAQ entries it has (see src/text). */
export { questionKey } from '../../text/index.ts';
