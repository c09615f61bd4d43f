/**
 * Every error a browser sees is `{ error: "<Chinese sentence>" }` with a fitting
 * status. Routes throw WebError; framework errors (bad JSON, CSRF, body too
 * large, rate limit) are translated here, and unexpected ones are logged.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Translate } from './text.ts';
import type { MessageKey } from '../../messages/index.ts';

/** An error whose message is already the Chinese text to show. */
export class WebError extends Error {
  /** `extra` fields are sent next to `error` (e.g. the corpus problems of a rejected document). */
  constructor(readonly statusCode: number, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

/**
 * Parses input with a zod schema; the first issue becomes a 400 whose text is
 * the issue message (schemas carry Chinese messages from web.yaml).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, t: Translate): z.infer<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const custom = issue?.message && /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : undefined;
  throw new WebError(400, custom ?? t('api.errors.badInput', { field: issue?.path.join('.') || '-' }));
}

const byCode: Record<string, { status: number; key: MessageKey<'web'> }> = {
  FST_CSRF_MISSING_SECRET: { status: 403, key: 'api.errors.csrf' },
  FST_CSRF_INVALID_TOKEN: { status: 403, key: 'api.errors.csrf' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, key: 'api.errors.mediaType' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, key: 'api.errors.badJson' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, key: 'api.errors.badJson' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, key: 'api.errors.tooLarge' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, key: 'api.errors.fileTooLarge' },
};

/** Installs the JSON error and not-found handlers on the root instance. */
export function installErrorHandlers(server: FastifyInstance, t: Translate): void {
  server.setErrorHandler((err: FastifyError | WebError, request, reply) => {
    if (err instanceof WebError) return reply.code(err.statusCode).send({ ...err.extra, error: err.message });
    const known = err.code ? byCode[err.code] : undefined;
    if (known) return reply.code(known.status).send({ error: t(known.key, { field: '-' }) });
    const status = err.statusCode ?? 500;
    if (status === 429) return reply.code(429).send({ error: t('api.errors.rateLimited') });
    if (status >= 500) {
      request.log.error({ err }, 'web request failed');
      return reply.code(500).send({ error: t('api.errors.internal') });
    }
    return reply.code(status).send({ error: t('api.errors.badRequest') });
  });
  server.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: t('api.errors.notFound') }));
}
