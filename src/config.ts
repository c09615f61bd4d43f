/**
 * The one place that reads the environment. Every setting has a documented
 * default so that a fresh offline checkout runs with no configuration at all.
 * The README's configuration table mirrors this file.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { messages } from './messages/index.ts';
import { COUNTY_TIME_ZONE } from './constants.ts';

// Read before any prompts folder is configured: the operator messages come from the shipped prompts/.
const t = messages('config');

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const intIn = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const boolFlag = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['1', 'true', 'yes', 'on'].includes(v)));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const schema = z.object({
  /** Where index, SQLite databases, exports and models live. */
  GUANBOT_DATA_DIR: z.string().default('./data'),
  /** The curated corpus folder (Markdown documents, user dictionary, synonyms). */
  GUANBOT_CORPUS_DIR: z.string().default('./corpus'),
  /** The prompts folder (personas, answer templates, citizen and staff messages). */
  GUANBOT_PROMPTS_DIR: z.string().default(''),

  /** Embedder: `builtin` (hashed n-grams, no model), `transformers` (local model folder), `openai` (OpenAI-compatible /v1/embeddings). */
  GUANBOT_EMBEDDER: z.enum(['builtin', 'transformers', 'openai']).optional(),
  /** Path to a local transformers.js model folder; setting it selects the transformers embedder. */
  GUANBOT_EMBED_MODEL: optionalString,
  /** Query instruction prefixed to questions (bge-zh models want one). */
  GUANBOT_EMBED_QUERY_PREFIX: optionalString,
  /** Pooling for transformers models: bge uses `cls`, most sentence-transformers `mean`. */
  GUANBOT_EMBED_POOLING: z.enum(['mean', 'cls']).default('cls'),
  /** OpenAI-compatible embeddings endpoint, e.g. http://127.0.0.1:11434/v1 for Ollama. */
  GUANBOT_EMBED_BASE_URL: optionalString,
  GUANBOT_EMBED_API_KEY: optionalString,
  GUANBOT_EMBED_API_MODEL: optionalString,
  /** Hub used by `guanbot model pull`: the public hub, or hf-mirror.com / a ModelScope-compatible mirror. */
  HF_ENDPOINT: z.string().default('https://huggingface.co'),

  /** Fixed resolve threshold on the fused score; calibrated by `npm run eval -- --calibrate`. Empty: use the built-in calibrated value. */
  GUANBOT_RESOLVE_THRESHOLD: z.coerce.number().min(0).max(1).optional(),

  /** HTTP server (web widget, API, staff console). */
  GUANBOT_HOST: z.string().default('127.0.0.1'),
  GUANBOT_PORT: intIn(0, 65535, 8080),
  /** Origins allowed to embed the widget / call the API cross-origin (comma-separated). */
  GUANBOT_CORS_ORIGINS: list,
  /** Behind a reverse proxy (nginx): trust X-Forwarded-For from it, so each citizen has their own rate limit. `true`, a hop count, or proxy addresses (comma-separated). */
  GUANBOT_TRUST_PROXY: optionalString,
  /** Questions per minute per IP on the public API. */
  GUANBOT_WEB_RATE_LIMIT: intIn(1, 100_000, 30),

  /** Telegram: the bot token from @BotFather; without it the bot stays off. */
  TELEGRAM_BOT_TOKEN: optionalString,
  GUANBOT_TELEGRAM_WEBHOOK_URL: optionalString,
  GUANBOT_TELEGRAM_API_ROOT: optionalString,
  GUANBOT_STAFF_TELEGRAM_IDS: list,
  /** Messages per user per window before the polite rate-limit notice. */
  GUANBOT_TELEGRAM_RATE_LIMIT: intIn(1, 1000, 5),
  GUANBOT_TELEGRAM_RATE_WINDOW_MS: intIn(100, 3_600_000, 10_000),

  /** WeChat Official Account (冠县在线): the 服务器配置 Token; setting it turns the channel on (APPID and SECRET then required). */
  GUANBOT_WECHAT_TOKEN: optionalString.pipe(z.string().regex(/^[A-Za-z0-9]{3,32}$/, t('wechatToken')).optional()),
  GUANBOT_WECHAT_APPID: optionalString,
  GUANBOT_WECHAT_SECRET: optionalString,
  /** The 43-character EncodingAESKey; with it encrypted callbacks (兼容/安全模式) are decrypted and answered encrypted. */
  GUANBOT_WECHAT_AES_KEY: optionalString.pipe(z.string().regex(/^[A-Za-z0-9]{43}$/, t('wechatAesKey')).optional()),
  /** The platform API root (tests point it at a local stand-in). */
  GUANBOT_WECHAT_API_ROOT: z.string().default('https://api.weixin.qq.com'),
  /** The web chat page a cut WeChat answer links to; default: https://<the callback's host>/. */
  GUANBOT_WECHAT_WEB_URL: optionalString,

  /** Optional generative answers through an OpenAI-compatible chat model. */
  GUANBOT_LLM_BASE_URL: optionalString,
  GUANBOT_LLM_API_KEY: optionalString,
  GUANBOT_LLM_MODEL: optionalString,
  GUANBOT_LLM_TIMEOUT_MS: intIn(100, 600_000, 8_000),

  /** Keep the unmasked question text in the database (off: only the masked text is stored). */
  GUANBOT_KEEP_PERSONAL_DATA: boolFlag(true),
  /** Cron for the weekly export (Asia/Shanghai). */
  GUANBOT_EXPORT_CRON: z.string().default('0 8 * * 1'),
  GUANBOT_TIMEZONE: z.string().default(COUNTY_TIME_ZONE),
  /** A 👍 on an answer adds the citizen's question (cleaned of personal data) to corpus/questions/learned.yaml. */
  GUANBOT_LEARN_FROM_FEEDBACK: boolFlag(true),
  /** Open 未解答 tickets re-asked after each reindex to flag those the corpus can now answer (newest first; 0: off). */
  GUANBOT_SUGGEST_LIMIT: intIn(0, 10_000, 50),

  /** pino log level (default `info`; one-shot commands such as `ask` log at `warn` unless it is set). */
  GUANBOT_LOG_LEVEL: z.enum(LOG_LEVELS).optional(),

  /** The login name of whoever runs a command (POSIX `USER`, Windows `USERNAME`): `guanbot ask` records it as the CLI user. */
  USER: optionalString,
  USERNAME: optionalString,
});

export type Config = ReturnType<typeof resolvePaths>;

/** fastify's trustProxy: off by default; `true`/`1`…, a hop count, or a list of proxy addresses. */
function parseTrustProxy(v: string | undefined): boolean | number | string[] {
  if (!v || ['false', '0', 'no', 'off'].includes(v)) return false;
  if (['true', 'yes', 'on'].includes(v)) return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

/** With the WeChat channel on, staff replies and late answers need the account's AppID and AppSecret. */
function requireWechatAccount(env: z.infer<typeof schema>, ctx: z.RefinementCtx): void {
  if (!env.GUANBOT_WECHAT_TOKEN) return;
  for (const key of ['GUANBOT_WECHAT_APPID', 'GUANBOT_WECHAT_SECRET'] as const) {
    if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: t('wechatNeedsAccount') });
  }
}

/** A configuration problem, reported to the operator with the variable's name. */
export class ConfigError extends Error {}

function resolvePaths(env: z.infer<typeof schema>, cwd: string) {
  const projectRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
  const dataDir = path.resolve(cwd, env.GUANBOT_DATA_DIR);
  const embedder = env.GUANBOT_EMBEDDER ?? (env.GUANBOT_EMBED_MODEL ? 'transformers' : env.GUANBOT_EMBED_BASE_URL ? 'openai' : 'builtin');
  return {
    dataDir,
    corpusDir: path.resolve(cwd, env.GUANBOT_CORPUS_DIR),
    promptsDir: env.GUANBOT_PROMPTS_DIR ? path.resolve(cwd, env.GUANBOT_PROMPTS_DIR) : path.join(projectRoot, 'prompts'),
    indexDir: path.join(dataDir, 'index'),
    dbPath: path.join(dataDir, 'guanbot.sqlite'),
    exportsDir: path.join(dataDir, 'exports'),
    modelsDir: path.join(dataDir, 'models'),
    embed: {
      kind: embedder as 'builtin' | 'transformers' | 'openai',
      modelPath: env.GUANBOT_EMBED_MODEL ? path.resolve(cwd, env.GUANBOT_EMBED_MODEL) : undefined,
      queryPrefix: env.GUANBOT_EMBED_QUERY_PREFIX,
      pooling: env.GUANBOT_EMBED_POOLING,
      baseURL: env.GUANBOT_EMBED_BASE_URL,
      apiKey: env.GUANBOT_EMBED_API_KEY,
      apiModel: env.GUANBOT_EMBED_API_MODEL,
      hubEndpoint: env.HF_ENDPOINT.replace(/\/+$/, ''),
    },
    resolveThreshold: env.GUANBOT_RESOLVE_THRESHOLD,
    http: {
      host: env.GUANBOT_HOST,
      port: env.GUANBOT_PORT,
      corsOrigins: env.GUANBOT_CORS_ORIGINS,
      rateLimitPerMinute: env.GUANBOT_WEB_RATE_LIMIT,
      trustProxy: parseTrustProxy(env.GUANBOT_TRUST_PROXY),
    },
    telegram: {
      token: env.TELEGRAM_BOT_TOKEN,
      webhookUrl: env.GUANBOT_TELEGRAM_WEBHOOK_URL,
      apiRoot: env.GUANBOT_TELEGRAM_API_ROOT,
      staffIds: env.GUANBOT_STAFF_TELEGRAM_IDS,
      rateLimit: env.GUANBOT_TELEGRAM_RATE_LIMIT,
      rateWindowMs: env.GUANBOT_TELEGRAM_RATE_WINDOW_MS,
    },
    wechat: {
      token: env.GUANBOT_WECHAT_TOKEN,
      appId: env.GUANBOT_WECHAT_APPID,
      secret: env.GUANBOT_WECHAT_SECRET,
      aesKey: env.GUANBOT_WECHAT_AES_KEY,
      apiRoot: env.GUANBOT_WECHAT_API_ROOT.replace(/\/+$/, ''),
      webUrl: env.GUANBOT_WECHAT_WEB_URL,
    },
    llm: {
      baseURL: env.GUANBOT_LLM_BASE_URL,
      apiKey: env.GUANBOT_LLM_API_KEY,
      model: env.GUANBOT_LLM_MODEL,
      timeoutMs: env.GUANBOT_LLM_TIMEOUT_MS,
    },
    keepPersonalData: env.GUANBOT_KEEP_PERSONAL_DATA,
    exportCron: env.GUANBOT_EXPORT_CRON,
    timezone: env.GUANBOT_TIMEZONE,
    suggestLimit: env.GUANBOT_SUGGEST_LIMIT,
    learnFromFeedback: env.GUANBOT_LEARN_FROM_FEEDBACK,
    logLevel: env.GUANBOT_LOG_LEVEL ?? 'info',
    /** The level of one-shot commands, which keep the terminal for their output. */
    cliLogLevel: env.GUANBOT_LOG_LEVEL ?? 'warn',
    /** Who runs the command, for the turns a terminal records (`cli:<operator>`). */
    operator: env.USER ?? env.USERNAME ?? 'local',
  };
}

/**
 * Reads and validates the configuration.
 * @param env usually `process.env`; tests pass their own object.
 * @param cwd relative paths are resolved against it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = schema.superRefine(requireWechatAccount).safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(t('invalid', { lines: lines.join('\n') }));
  }
  return resolvePaths(parsed.data, cwd);
}

/**
 * Whether the operator asked for stack traces (GUANBOT_LOG_LEVEL=debug or trace). Read from the raw environment, not a
 * loaded config: it decides how a failure to load the configuration itself is reported.
 */
export function wantsStackTraces(env: NodeJS.ProcessEnv = process.env): boolean {
  return /debug|trace/.test(env.GUANBOT_LOG_LEVEL ?? '');
}
