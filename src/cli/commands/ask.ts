/**
 * `guanbot ask "问题" [--json] [--persona P] [--explain] [--conversation ID]` and `guanbot ask --json --batch FILE`
 * (one question a line in, one JSON object a line out, same order, nothing else on stdout).
 * The engine is imported only when the command runs, so other commands start fast.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import type { App } from '../../app.ts';
import type { AnswerResult, Citation } from '../../answer/index.ts';
import { messages } from '../../messages/index.ts';
import { CliError } from '../errors.ts';

const t = messages('cli');

/**
 * Human-readable answer for the terminal; a generated answer lists its numbered passages, since its [n] marks refer to them.
 * @param sourceLine the answer module's citation line (passed in so this module does not load the engine)
 */
export function formatAnswer(r: AnswerResult, sourceLine: (c: Citation) => string): string {
  if (!r.generated) return r.answer;
  const sources = r.citations.map((c, i) => `[${i + 1}] ${sourceLine(c)}`);
  return `${r.answer}\n\n${t('ask.sources')}\n${sources.join('\n')}`;
}

/** Opens the app for a one-shot command, with logs kept off the terminal unless asked for. */
export async function openCliApp(): Promise<App> {
  const [{ createApp }, { loadConfig }, { createLogger }] = await Promise.all([import('../../app.ts'), import('../../config.ts'), import('../../log.ts')]);
  const config = loadConfig();
  const log = createLogger({ logLevel: config.cliLogLevel });
  return createApp({ config, log });
}

export function register(program: Command): void {
  program
    .command('ask [question]')
    .description(t('help.ask.description'))
    .option('--json', t('help.options.json'))
    .option('--batch <file>', t('help.ask.batch'))
    .option('--persona <persona>', t('help.options.persona'))
    .option('--explain', t('help.ask.explain'))
    .option('--conversation <id>', t('help.ask.conversation'))
    .action(async (question: string | undefined, opts: { json?: boolean; batch?: string; persona?: string; explain?: boolean; conversation?: string }) => {
      const [{ answerJson, parsePersona, sourceLine }, { loadConfig }] = await Promise.all([import('../../answer/index.ts'), import('../../config.ts')]);
      const config = loadConfig();
      const persona = parsePersona(opts.persona, config.promptsDir);
      // A mistyped name (冠大梨) is refused, never quietly answered by another character.
      if (opts.persona !== undefined && !persona) throw new CliError(t('ask.personaUnknown', { name: opts.persona }));
      const conversationId = opts.conversation?.trim();
      if (opts.conversation !== undefined && !conversationId) throw new CliError(t('ask.conversationEmpty'));
      let questions: string[];
      if (opts.batch) {
        if (!fs.existsSync(opts.batch)) throw new CliError(t('ask.batchMissing', { file: opts.batch }));
        questions = fs.readFileSync(opts.batch, 'utf8').split(/\r?\n/).filter((l) => l.trim());
      } else {
        if (!question?.trim()) throw new CliError(t('ask.empty'));
        questions = [question];
      }
      const app = await openCliApp();
      try {
        for (const q of questions) {
          const r = await app.ask(q, { channel: 'cli', channelUserId: `cli:${config.operator}`, persona, conversationId });
          // The trace is the same decision asked again through hit testing (nothing is recorded twice), on the question
          // as it was looked up, with how the conversation's previous turn was weighed.
          const explain = opts.explain
            ? { trace: { ...(await app.engine.explain(r.resolvedQuestion ?? q, undefined, { whole: r.followUp?.used })).trace, ...(r.followUp ? { context: r.followUp } : {}) } }
            : {};
          if (opts.json || opts.batch) process.stdout.write(`${JSON.stringify({ ...answerJson(r), ...explain })}\n`);
          else if (opts.explain) process.stdout.write(`${formatAnswer(r, sourceLine)}\n${JSON.stringify(explain.trace, null, 2)}\n`);
          else process.stdout.write(`${formatAnswer(r, sourceLine)}\n`);
        }
      } finally {
        await app.close();
      }
    });
}

