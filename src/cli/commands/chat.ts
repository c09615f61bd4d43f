/** `guanbot chat`: registers the interactive console chat (src/channels/console), loaded only when the command runs. */
import type { Command } from 'commander';
import { messages } from '../../messages/index.ts';
import { CliError } from '../errors.ts';
import { openCliApp } from './ask.ts';
import { DEFAULT_PERSONA } from '../../constants.ts';

const t = messages('cli');

export function register(program: Command): void {
  program
    .command('chat')
    .description(t('help.chat.description'))
    .option('--persona <persona>', t('help.options.persona'))
    .action(async (opts: { persona?: string }) => {
      const [{ runConsoleChat }, { parsePersona }, { loadConfig }] = await Promise.all([
        import('../../channels/console/index.ts'),
        import('../../answer/index.ts'),
        import('../../config.ts'),
      ]);
      const persona = parsePersona(opts.persona, loadConfig().promptsDir);
      // As with `ask`: a mistyped name (冠大梨) is refused, never quietly replaced by another character.
      if (opts.persona !== undefined && !persona) throw new CliError(t('ask.personaUnknown', { name: opts.persona }));
      const app = await openCliApp();
      try {
        await runConsoleChat({ config: app.config, ask: app.ask, desk: app.desk }, { persona: persona ?? DEFAULT_PERSONA, input: process.stdin, output: process.stdout });
      } finally {
        await app.close();
      }
    });
}
