/** `guanbot corpus add | list | check | remove`: the staff's corpus curation commands. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DOC_TYPES, type DocType } from '../../corpus/types.ts';
import { messages } from '../../messages/index.ts';
import { CliError } from '../errors.ts';

const t = messages('corpus');
/** Command and option descriptions (`guanbot corpus --help`). */
const help = messages('cli');

/** The configuration and the corpus module, imported when a command runs (keeps `guanbot --help` fast). */
async function load() {
  const [{ loadConfig }, corpus] = await Promise.all([import('../../config.ts'), import('../../corpus/index.ts')]);
  return { config: loadConfig(), corpus };
}

/** A PDF's text as Markdown; a scan or a damaged file is refused with the reason for staff. */
async function readPdf(file: string): Promise<string> {
  const { pdfToMarkdown, PdfRejectedError } = await import('../../corpus/pdf.ts');
  try {
    return await pdfToMarkdown(fs.readFileSync(file), path.basename(file));
  } catch (err) {
    if (err instanceof PdfRejectedError) throw new CliError(err.message);
    throw err;
  }
}

export function register(program: Command): void {
  const corpus = program.command('corpus').description(help('help.corpus.description'));

  corpus
    .command('check')
    .description(help('help.corpus.check'))
    .action(async () => {
      const { config, corpus: { loadCorpus, formatProblems } } = await load();
      const { docs, problems } = loadCorpus(config.corpusDir);
      if (problems.length) {
        throw new CliError(`${t('check.failed', { count: problems.length })}\n${formatProblems(problems)}`);
      }
      const counts = DOC_TYPES.map((type) => `${type} ${docs.filter((d) => d.meta.type === type).length}`).join('，');
      process.stdout.write(`${t('check.ok', { docs: docs.length, types: counts })}\n`);
    });

  corpus
    .command('list')
    .description(help('help.corpus.list'))
    .option('--json', help('help.options.json'))
    .action(async (opts: { json?: boolean }) => {
      const { config, corpus: { loadCorpus } } = await load();
      const { docs } = loadCorpus(config.corpusDir);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(docs.map((d) => ({ ...d.meta, file: d.file })))}\n`);
        return;
      }
      const rows = docs.map((d) => [d.meta.id, d.meta.type, d.meta.published, d.meta.title, d.file].join('\t'));
      process.stdout.write(`${[t('list.header'), ...rows].join('\n')}\n`);
    });

  corpus
    .command('add <file>')
    .description(help('help.corpus.add.description'))
    .requiredOption('--type <type>', help('help.corpus.add.type', { types: DOC_TYPES.join(' | ') }))
    .option('--title <title>', help('help.corpus.add.title'))
    .option('--source <source>', help('help.corpus.add.source'))
    .option('--published <date>', help('help.corpus.add.published'))
    .option('--url <url>', help('help.corpus.add.url'))
    .option('--id <id>', help('help.corpus.add.id'))
    .action(async (file: string, opts: { type: string; title?: string; source?: string; published?: string; url?: string; id?: string }) => {
      const { config, corpus: { addDocument, formatProblems } } = await load();
      if (!/\.(md|txt|pdf)$/i.test(file)) throw new CliError(t('add.badExtension', { file }));
      if (!fs.existsSync(file)) throw new CliError(t('add.notFound', { file }));
      if (!DOC_TYPES.includes(opts.type as DocType)) {
        throw new CliError(t('problem.badType', { value: opts.type, allowed: DOC_TYPES.join('、') }));
      }
      const result = addDocument(config.corpusDir, {
        filename: path.basename(file),
        content: /\.pdf$/i.test(file) ? await readPdf(file) : fs.readFileSync(file, 'utf8'),
        id: opts.id,
        type: opts.type as DocType,
        title: opts.title,
        source: opts.source,
        published: opts.published,
        url: opts.url,
      });
      if (!result.ok) throw new CliError(`${t('add.invalid')}\n${formatProblems(result.problems)}`);
      process.stdout.write(`${t('add.added', { file: result.file, id: result.meta.id })}\n`);
    });

  corpus
    .command('remove <id>')
    .description(help('help.corpus.remove'))
    .action(async (id: string) => {
      const { config, corpus: { removeDocument } } = await load();
      const file = removeDocument(config.corpusDir, id);
      if (!file) throw new CliError(t('remove.notFound', { id }));
      process.stdout.write(`${t('remove.removed', { file, id })}\n`);
    });
}
