/**
 * `guanbot serve` (npm start): the web chat, API and staff console, the
 * Telegram bot when a token is set, the WeChat account's message server at
 * /wechat when its Token is set, and the desk's jobs (weekly export,
 * reply delivery), in one process that shuts down cleanly on SIGTERM/SIGINT.
 */
import type { Command } from 'commander';
import { messages } from '../../messages/index.ts';
import { CliError } from '../errors.ts';

const t = messages('cli');

export function register(program: Command): void {
  program
    .command('serve')
    .description(t('help.serve.description'))
    .action(async () => {
      // The whole service stack loads here, not when any `guanbot` command starts.
      const [{ createApp }, { loadConfig }, { createLogger }, { startDeskJobs }, { startWebServer }, { startWechat }] = await Promise.all([
        import('../../app.ts'),
        import('../../config.ts'),
        import('../../log.ts'),
        import('../../desk/index.ts'),
        import('../../channels/web/index.ts'),
        import('../../channels/wechat/index.ts'),
      ]);
      const config = loadConfig();
      const log = createLogger(config);
      const app = await createApp({ config, log });
      // Each channel gets the parts it uses, never the whole app.
      const citizenParts = { config, log, ask: app.ask, desk: app.desk };
      const webParts = { ...citizenParts, engine: app.engine, reindex: app.reindex, suggestions: app.suggestions };
      // grammY loads only when a bot token is set.
      const startTelegram = config.telegram.token
        ? (await import('../../channels/telegram/index.ts')).startTelegram
        : async () => (log.info(messages('telegram', config.promptsDir)('log.disabled')), null);
      // A wrong token or an unreachable Bot API must not take the website down with it.
      const telegram = await startTelegram(citizenParts).catch((err: unknown) => {
        log.error({ err }, 'telegram bot failed to start; serving without it');
        return null;
      });
      const webhook = telegram?.webhook;
      const wechat = startWechat(citizenParts);
      let web: Awaited<ReturnType<typeof startWebServer>>;
      try {
        web = await startWebServer(webParts, {
          mount: async (server) => {
            if (webhook) server.post(webhook.path, webhook.fastify);
            await wechat?.mount(server);
          },
        });
      } catch (err) {
        // Without the website nothing should keep running half-started (a polling bot would keep the process alive).
        await telegram?.close();
        await wechat?.close();
        await app.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new CliError(t('serve.portInUse', { host: config.http.host, port: config.http.port }));
        }
        throw err;
      }
      const jobs = startDeskJobs(app, {
        deliverers: { ...(telegram ? { telegram: telegram.deliver } : {}), ...(wechat ? { wechat: wechat.deliver } : {}) },
      });
      const stopWatching = app.watchIndex();
      const wechatLine = wechat ? t('serve.wechatOn', { url: web.url }) : t('serve.wechatOff');
      process.stdout.write(`${t('serve.started', { url: web.url, telegram: telegram ? t('serve.telegramOn') : t('serve.telegramOff'), wechat: wechatLine })}\n`);

      // Stop taking requests first (the website and the webhook), then let the bot finish its updates in flight,
      // then the jobs and the storage. Every step runs even if an earlier one fails.
      const steps: [string, () => unknown][] = [
        ['web', () => web.close()],
        ['telegram', () => telegram?.close()],
        ['wechat', () => wechat?.close()],
        ['jobs', () => jobs.close()],
        ['index watch', () => stopWatching()],
        ['app', () => app.close()],
      ];
      const stop = async (signal: string) => {
        log.info({ signal }, 'shutting down');
        for (const [name, step] of steps) {
          try {
            await step();
          } catch (err) {
            log.error({ err, step: name }, 'shutdown step failed');
          }
        }
        process.stdout.write(`${t('serve.stopped')}\n`);
      };
      await new Promise<void>((resolve) => {
        let stopping = false;
        for (const signal of ['SIGTERM', 'SIGINT'] as const) {
          process.once(signal, () => {
            if (stopping) return;
            stopping = true;
            void stop(signal).finally(resolve);
          });
        }
      });
    });
}
