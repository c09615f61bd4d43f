/**
 * The commander `Command` the CLI is built from: commander's own parse errors (unknown option, missing value, …) are
 * written in Chinese from cli.yaml, keyed by commander's error code, so staff never see an English error line.
 */
import { Command } from 'commander';
import { hasMessage, messages } from '../messages/index.ts';

const t = messages('cli');

/** The quoted names in commander's English message, in order ('--bogus', '--type <type>'). */
function quoted(message: string): string[] {
  return [...message.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
}

/** Commander's "(Did you mean --json?)" hint, restated in Chinese. */
function suggestion(message: string): string {
  const similar = /\(Did you mean (?:one of )?(.+)\?\)/.exec(message)?.[1];
  return similar ? t('parseErrors.suggestion', { names: similar }) : '';
}

/** A command whose parse errors are Chinese; subcommands created with `.command()` are of the same kind. */
export class GuanbotCommand extends Command {
  override createCommand(name?: string): GuanbotCommand {
    return new GuanbotCommand(name);
  }

  override error(message: string, errorOptions?: { code?: string; exitCode?: number }): never {
    // commander.unknownOption → parseErrors.unknownOption; codes without a Chinese text keep commander's message.
    const key = errorOptions?.code?.replace(/^commander\./, '');
    const textKey = `parseErrors.${key}`;
    const [name = '', other = ''] = quoted(message);
    return super.error(key !== undefined && hasMessage('cli', textKey) ? t(textKey, { name, other }) + suggestion(message) : message, errorOptions);
  }
}
