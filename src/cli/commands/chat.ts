/** `guanbot chat`: registers the interactive console chat (src/channels/console), loaded only when the command runs. */
import type { Command } from 'commander';
import { openCliApp } from './ask.ts';

export function register(program: Command): void {
  program
    .command('chat')
    .description('在终端里和冠小梨、冠小芝聊天')
    .option('--persona <persona>', '角色：冠小梨 | 冠小芝 | 两人')
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
