/** pino logger for the whole app; logs go to stderr so `--json` stdout stays clean. */
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { app: 'guanbot' } }, pino.destination(2));
}
