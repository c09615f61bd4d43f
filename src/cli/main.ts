/**
 * The `guanbot` command. Each capability registers its own subcommands from
 * `src/cli/commands/<name>.ts`; this file only assembles them and turns
 * errors into a clear Chinese message and a non-zero exit.
 */
import { type Command, CommanderError } from 'commander';
import { GuanbotCommand } from './program.ts';
import { CliError } from './errors.ts';
import { terminalSafe } from './terminal.ts';
import { hasMessage, messages, usePromptsDir } from '../messages/index.ts';
import { loadConfig, wantsStackTraces } from '../config.ts';
import * as indexCmd from './commands/index-cmd.ts';
import * as corpusCmd from './commands/corpus.ts';
import * as askCmd from './commands/ask.ts';
import * as chatCmd from './commands/chat.ts';
import * as evalCmd from './commands/eval.ts';
import * as modelCmd from './commands/model.ts';
import * as messagesCmd from './commands/messages.ts';
import * as ticketCmd from './commands/ticket.ts';
import * as exportCmd from './commands/export.ts';
import * as staffCmd from './commands/staff.ts';
import * as auditCmd from './commands/audit.ts';
import * as serveCmd from './commands/serve.ts';
import * as turnsCmd from './commands/turns.ts';
import * as faqCmd from './commands/faq.ts';
import * as questionsCmd from './commands/questions.ts';

const t = messages('cli');

const commandModules: { register(program: Command): void }[] = [
  indexCmd, corpusCmd, askCmd, chatCmd, evalCmd, modelCmd, messagesCmd, ticketCmd, exportCmd, staffCmd, auditCmd, serveCmd,
  turnsCmd,
  faqCmd,
  questionsCmd,
];

/** Commander's section title (Usage:, Options:, …) in Chinese; one the catalogue has no text for stays as it is. */
function helpTitle(title: string): string {
  const key = `help.titles.${title.replace(/:$/, '')}`;
  return hasMessage('cli', key) ? t(key) : title;
}

export function buildProgram(): Command {
  const program = new GuanbotCommand('guanbot')
    .description(t('help.program'))
    .showHelpAfterError(t('help.afterError'))
    // Commander's own headings (Usage:, Options:, …) and help entries in Chinese too; subcommands inherit these.
    .configureHelp({ styleTitle: (title: string) => helpTitle(title) })
    .helpOption('-h, --help', t('help.helpOption'))
    .helpCommand('help [command]', t('help.helpCommand'))
    .exitOverride();
  for (const m of commandModules) m.register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    // Staff may keep their own wording in GUANBOT_PROMPTS_DIR; every message, help text included, comes from there.
    usePromptsDir(loadConfig().promptsDir);
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof CliError) {
      process.stderr.write(`${terminalSafe(t('errors.known', { message: err.message }))}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    // Errors of our own modules carry a ready Chinese message; the stack is for engineers (GUANBOT_LOG_LEVEL=debug).
    const debug = wantsStackTraces();
    const text = err instanceof Error ? (debug ? (err.stack ?? err.message) : err.message) : String(err);
    process.stderr.write(`${terminalSafe(t('errors.unexpected', { message: text }))}\n`);
    process.exitCode = 1;
  }
}
