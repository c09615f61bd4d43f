/**
 * `guanbot serve` (npm start): the web chat, API and staff console, the
 * Telegram bot when a token is set, and the desk's jobs (weekly export,
 * reply delivery), in one process that shuts down cleanly on SIGTERM/SIGINT.
 */
import type { Command } from 'commander';
import { messages } from '../../messages/index.ts';

const t = messages('cli');

export function register(program: Command): void {
  program
    .command('serve')
    .description('启动服务：网页聊天、接口、工作人员后台、Telegram 机器人和每周导出')
    .action(async () => {
      // The whole service stack loads here, not when any `guanbot` command starts.
      const [{ createApp }, { loadConfig }, { createLogger }, { startDeskJobs }, { startTelegram }, { startWebServer }] = await Promise.all([
        import('../../app.ts'),
        import('../../config.ts'),
        import('../../log.ts'),
        import('../../desk/index.ts'),
        import('../../channels/telegram/index.ts'),
        import('../../channels/web/index.ts'),
      ]);
      const config = loadConfig();
      const log = createLogger(config);
      const app = await createApp({ config, log });
      // A wrong token or an unreachable Bot API must not take the website down with it.
      const telegram = await startTelegram(app).catch((err: unknown) => {
        log.error({ err }, 'telegram bot failed to start; serving without it');
        return null;
      });
      const webhook = telegram?.webhook;
      const web = await startWebServer(app, {
        mount: webhook ? (server) => void server.post(webhook.path, webhook.fastify) : undefined,
      });
      const jobs = startDeskJobs(app, { deliverers: telegram ? { telegram: telegram.deliver } : {} });
      process.stdout.write(`${t('serve.started', { url: web.url, telegram: telegram ? t('serve.telegramOn') : t('serve.telegramOff') })}\n`);

      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'shutting down');
        await jobs.close();
        await telegram?.close();
        await web.close();
        await app.close();
        process.stdout.write(`${t('serve.stopped')}\n`);
      };
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop(signal).then(resolve));
      });
    });
}
