/**
 * `guanbot index [--json] [--full]`: builds the index incrementally with a progress bar on a terminal. The engine
 * loads on use. A corpus problem (a broken front matter, a duplicate id, …) is printed as `file:line: message` and
 * makes the command exit non-zero, so a script or a cron job notices the document that was left out.
 */
import type { Command } from 'commander';
import { messages } from '../../messages/index.ts';
import { CliError } from '../errors.ts';

const t = messages('cli');

export function register(program: Command): void {
  program
    .command('index')
    .description(t('help.index.description'))
    .option('--json', t('help.index.json'))
    .option('--full', t('help.index.full'))
    .action(async (opts: { json?: boolean; full?: boolean }) => {
      const [{ default: cliProgress }, { loadConfig }, { createLogger }, { buildIndex }, { formatProblems }, { onBuildLockWait, describeOwner }] = await Promise.all([
        import('cli-progress'),
        import('../../config.ts'),
        import('../../log.ts'),
        import('../../answer/index.ts'),
        import('../../corpus/index.ts'),
        import('../../retrieval/build-lock.ts'),
      ]);
      const config = loadConfig();
      const log = createLogger({ logLevel: opts.json ? 'warn' : config.logLevel === 'info' ? 'warn' : config.logLevel });
      const tty = process.stderr.isTTY && !opts.json;
      const bar = tty ? new cliProgress.SingleBar({ format: '{phase} [{bar}] {value}/{total}', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
      let phase = '';
      // Another build holds the lock: say whose, and keep saying it, instead of waiting in silence.
      const stopWaitReports = onBuildLockWait((w) => {
        process.stderr.write(`${t('index.lockWait', { ...describeOwner(w.owner), seconds: Math.round(w.waitedMs / 1000) })}\n`);
      });
      let summary: Awaited<ReturnType<typeof buildIndex>>;
      try {
        summary = await buildIndex(config, {
          full: opts.full,
          log,
          onProgress: (p) => {
            if (!bar) return;
            if (p.phase !== phase) {
              if (phase) bar.stop();
              phase = p.phase;
              bar.start(p.total, p.done, { phase: t(`index.phase.${p.phase}`) });
            } else bar.update(p.done);
          },
        });
      } finally {
        stopWaitReports();
        bar?.stop();
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else {
        process.stdout.write(`${t('index.done', { docs: summary.docs, chunks: summary.chunks, embedded: summary.embedded, reused: summary.reused, ms: summary.ms, embedder: summary.embedder })}\n`);
        if (summary.skippedExpired) process.stdout.write(`${t('index.expired', { count: summary.skippedExpired })}\n`);
      }
      if (summary.problems.length) {
        throw new CliError(`${t('index.problems', { count: summary.problems.length })}\n${formatProblems(summary.problems)}`);
      }
    });
}
