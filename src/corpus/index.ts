/** The corpus: Markdown documents with front matter that staff curate. */
export * from './types.ts';
export { parseFrontMatter, stringifyDocument } from './frontmatter.ts';
export { validateDocument } from './validate.ts';
export { loadCorpus, readDocument, listDocumentFiles, formatProblems, type LoadedCorpus } from './load.ts';
export { addDocument, addDocuments, prepareDocument, writeDocumentFile, removeDocument, TYPE_FOLDERS, type AddInput, type AddResult } from './add.ts';
export { loadUserDict, loadSynonyms, SYNONYM_FILES, type SynonymMap } from './lexicon.ts';
export { importLaws, listMarkdown, firstDate } from './import-laws.ts';
export { loadQuestionBank, listBankFiles, BANK_DIR, type QuestionBank, type BankEntry, type BankNegative } from './bank.ts';
export { loadBankFile, LEARNED_FILE, SUGGESTED_SUFFIX, suggestedFileFor } from './bank.ts';
export { appendBankQuestions, knownBankQuestions, bankQuestionKey, BankFileError, type BankAddition, type AppendOptions, type AppendResult } from './bank-append.ts';
