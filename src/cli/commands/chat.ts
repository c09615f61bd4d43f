/** `guanbot chat`: registers the interactive console chat (src/channels/console), loaded only when the command runs. */
import type { Command } from 'commander';
import { messages } from '../../messages/index.ts';
import { openCliApp } from './ask.ts';

const t = messages('cli');

export function register(program: Command): void {
  program
    .command('chat')
    .description(t('help.chat.description'))
    .option('--persona <persona>', t('help.options.persona'))
    .action(async (opts: { persona?: string }) => {
      const [{ runConsoleChat }, { parsePersona }] = await Promise.all([import('../../channels/console/index.ts'), import('../../answer/index.ts')]);
      const app = await openCliApp();
      try {
        await runConsoleChat(app, { persona: parsePersona(opts.persona) ?? 'xiaoli', input: process.stdin, output: process.stdout });
      } finally {
        await app.close();
      }
    });
}
