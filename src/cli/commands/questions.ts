/**
 * `guanbot questions list [DOC] | stats | suggest [DOC] [--section S] [--count N] [--write]`: the question bank from
 * the terminal. `list` and `stats` show where the bank is thin (passages with fewer than ten questions); `suggest`
 * has the configured chat model draft questions for staff to review (see src/cli/questions/suggest.ts).
 */
import type { Command } from 'commander';
import { messages } from '../../messages/index.ts';
import { CliError, positiveInteger } from '../errors.ts';
import { printOut, terminalSafeJson } from '../terminal.ts';

const t = messages('questions');

const DEFAULT_COUNT = 5;

/** The configuration and the passages module, imported when a command runs (keeps `guanbot --help` fast). */
async function load() {
  const [{ loadConfig }, passages, { formatProblems }] = await Promise.all([import('../../config.ts'), import('../questions/passages.ts'), import('../../corpus/index.ts')]);
  return { config: loadConfig(), ...passages, formatProblems };
}

type Passages = Awaited<ReturnType<typeof load>>;

/** ` › section`, left out when there is none or it repeats the title (a FAQ entry's passage is named by its question). */
const sectionLabel = (p: { chunk: { section: string }; doc: { title: string } }) => (p.chunk.section && p.chunk.section !== p.doc.title ? ` › ${p.chunk.section}` : '');

function docRows(list: ReturnType<Passages['bankPassages']>['passages'], thinBelow: number) {
  const rows = new Map<string, { doc: string; title: string; passages: number; questions: number; thin: number }>();
  for (const p of list) {
    const row = rows.get(p.doc.id) ?? { doc: p.doc.id, title: p.doc.title, passages: 0, questions: 0, thin: 0 };
    row.passages += 1;
    row.questions += p.questions.length;
    if (p.questions.length < thinBelow) row.thin += 1;
    rows.set(p.doc.id, row);
  }
  return [...rows.values()];
}

export function register(program: Command): void {
  const questions = program.command('questions').description(t('help.description'));

  questions
    .command('list [doc]')
    .description(t('help.list.description'))
    .option('--json', t('help.list.json'))
    .action(async (doc: string | undefined, opts: { json?: boolean }) => {
      const m = await load();
      const { passages } = m.bankPassages(m.config.corpusDir, m.config.timezone);
      if (!doc) {
        const rows = docRows(passages, m.THIN_BELOW);
        if (opts.json) return printOut(terminalSafeJson(rows));
        printOut(t('list.header', { thin: m.THIN_BELOW }));
        for (const row of rows) printOut(t('list.row', row));
        return;
      }
      const mine = passages.filter((p) => p.doc.id === doc);
      if (!mine.length) throw new CliError(t('unknownDoc', { doc }));
      if (opts.json) return printOut(terminalSafeJson(mine.map((p) => ({ chunk: p.chunk.id, section: p.chunk.section, questions: p.questions }))));
      for (const p of mine) {
        printOut(t('list.passage', { title: p.doc.title, section: sectionLabel(p), chunk: p.chunk.id, count: p.questions.length }));
        if (!p.questions.length) printOut(t('list.none'));
        for (const question of p.questions) printOut(t('list.question', { question }));
      }
    });

  questions
    .command('stats')
    .description(t('help.stats.description'))
    .option('--json', t('help.stats.json'))
    .action(async (opts: { json?: boolean }) => {
      const m = await load();
      const { passages, negatives, problems } = m.bankPassages(m.config.corpusDir, m.config.timezone);
      const thin = passages.filter((p) => p.questions.length < m.THIN_BELOW);
      const figures = {
        docs: new Set(passages.map((p) => p.doc.id)).size,
        passages: passages.length,
        questions: passages.reduce((n, p) => n + p.questions.length, 0),
        negatives,
      };
      if (opts.json) {
        const thinList = thin.map((p) => ({ doc: p.doc.id, chunk: p.chunk.id, section: p.chunk.section, questions: p.questions.length }));
        return printOut(terminalSafeJson({ ...figures, thinBelow: m.THIN_BELOW, thin: thinList, problems }));
      }
      printOut(t('stats.summary', figures));
      if (!thin.length) printOut(t('stats.noThin', { thin: m.THIN_BELOW }));
      else {
        printOut(t('stats.thin', { thin: m.THIN_BELOW, count: thin.length }));
        for (const p of thin) printOut(t('stats.thinRow', { doc: p.doc.id, section: sectionLabel(p), chunk: p.chunk.id, count: p.questions.length }));
      }
      if (problems.length) printOut(`${t('stats.problems', { count: problems.length })}\n${m.formatProblems(problems)}`);
    });

  questions
    .command('suggest [doc]')
    .description(t('help.suggest.description'))
    .option('--section <section>', t('help.suggest.section'))
    .option('--count <n>', t('help.suggest.count', { count: DEFAULT_COUNT, max: 30 }))
    .option('--write', t('help.suggest.write'))
    .action(async (doc: string | undefined, opts: { section?: string; count?: string; write?: boolean }) => {
      const [{ loadConfig }, { suggestQuestions, MAX_COUNT }] = await Promise.all([import('../../config.ts'), import('../questions/suggest.ts')]);
      const count = opts.count === undefined ? DEFAULT_COUNT : positiveInteger(opts.count, (value) => t('badCount', { max: MAX_COUNT, value }), MAX_COUNT);
      const config = loadConfig();
      const progress = process.stderr.isTTY;
      const result = await suggestQuestions(config, { doc, section: opts.section, count, write: Boolean(opts.write) }, (group, done, total) => {
        if (progress) process.stderr.write(`${t('suggest.progress', { done, total, chunk: group.passage.chunk.id })}\n`);
        const p = group.passage;
        printOut(t('suggest.passage', { title: p.doc.title, section: sectionLabel(p), chunk: p.chunk.id, existing: p.questions.length }));
        if (!group.drafts.length) printOut(t('suggest.noDrafts'));
        for (const question of group.drafts) printOut(t('suggest.draft', { question }));
      });
      printOut(t('suggest.total', { passages: result.groups.length, count: result.groups.reduce((n, g) => n + g.drafts.length, 0) }));
      for (const w of result.written) printOut(t('suggest.written', { file: w.file, count: w.added, doc: w.doc }));
      if (!opts.write && result.groups.some((g) => g.drafts.length)) printOut(t('suggest.hintWrite'));
    });
}
