/**
 * `guanbot model pull NAME` downloads an embedding model folder from a
 * Hugging Face–compatible hub; `guanbot model list` shows the folders present.
 * The models module, progress bars and configuration load when a command runs.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { SingleBar } from 'cli-progress';
import { messages } from '../../messages/index.ts';
import type { PullProgress } from '../../models/index.ts';
import { CliError } from '../errors.ts';

const t = messages('model');
/** Command and option descriptions (`guanbot model --help`). */
const help = messages('cli');

interface PullFlags {
  dir?: string;
  endpoint?: string;
  revision: string;
  quantized?: boolean;
  force?: boolean;
}

/** The modules the commands need, imported on first use. */
async function load() {
  const [{ default: cliProgress }, { loadConfig }, models] = await Promise.all([import('cli-progress'), import('../../config.ts'), import('../../models/index.ts')]);
  return { cliProgress, loadConfig, models };
}

type Loaded = Awaited<ReturnType<typeof load>>;

/** A progress bar per file on a TTY; one line per finished file otherwise (logs, CI). */
function progressPrinter({ cliProgress, models: { formatBytes } }: Loaded): { onProgress: (p: PullProgress) => void; stop: () => void } {
  const tty = Boolean(process.stderr.isTTY);
  let bar: SingleBar | undefined;
  const onProgress = (p: PullProgress) => {
    if (tty && p.phase === 'start') {
      bar = new cliProgress.SingleBar(
        { format: `  {file} [{bar}] {percentage}% {done}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(1, 0, { file: p.file, done: '' });
    } else if (tty && p.phase === 'data' && bar) {
      if (p.total) bar.setTotal(p.total);
      bar.update(p.received, { done: formatBytes(p.received) });
    } else if (p.phase === 'done') {
      bar?.stop();
      bar = undefined;
      process.stderr.write(`${t('pull.fileDone', { file: p.file, size: formatBytes(p.received) })}\n`);
    }
  };
  return { onProgress, stop: () => bar?.stop() };
}

async function pull(name: string, flags: PullFlags): Promise<void> {
  const loaded = await load();
  const { defaultModelDirName, formatBytes, hintForModel, ModelPullError, pullModel } = loaded.models;
  const config = loaded.loadConfig();
  const dir = path.resolve(flags.dir ?? path.join(config.modelsDir, defaultModelDirName(name)));
  const endpoint = (flags.endpoint ?? config.embed.hubEndpoint).replace(/\/+$/, '');
  const progress = progressPrinter(loaded);
  let result: Awaited<ReturnType<typeof pullModel>>;
  try {
    process.stderr.write(`${t('pull.start', { endpoint, name, revision: flags.revision, dir })}\n`);
    result = await pullModel({
      name, endpoint, dir, revision: flags.revision, quantized: flags.quantized, force: flags.force, onProgress: progress.onProgress,
    });
  } catch (err) {
    progress.stop();
    if (err instanceof ModelPullError) throw new CliError(err.message);
    throw err;
  }
  const hint = hintForModel(name);
  const prefixPart = hint.queryPrefix ? ` GUANBOT_EMBED_QUERY_PREFIX='${hint.queryPrefix}'` : '';
  process.stdout.write(`${t('pull.done', { dir: result.dir, size: formatBytes(result.bytes) })}\n`);
  process.stdout.write(`${t('pull.howto', { dir: result.dir, pooling: hint.pooling, prefixPart })}\n`);
}

async function list(): Promise<void> {
  const { loadConfig, models: { formatBytes, listModelFolders } } = await load();
  const config = loadConfig();
  const folders = listModelFolders(config.modelsDir);
  if (folders.length === 0) {
    process.stdout.write(`${t('list.none', { dir: config.modelsDir })}\n`);
    return;
  }
  const rows = folders.map((f) => [
    f.dir,
    f.dtype ?? '-',
    formatBytes(f.bytes),
    f.source ? `${f.source.endpoint}/${f.source.name}` : t('list.unknownSource'),
    f.missing.length ? t('list.incomplete', { files: f.missing.join('、') }) : t('list.ok'),
  ]);
  process.stdout.write(`${[t('list.header'), ...rows.map((r) => r.join('\t'))].join('\n')}\n`);
}

/** Registers `guanbot model pull` and `guanbot model list`. */
export function register(program: Command): void {
  const model = program.command('model').description(help('help.model.description'));
  model
    .command('pull')
    .description(help('help.model.pull.description'))
    .argument('<name>', help('help.model.pull.name'))
    .option('--dir <dir>', help('help.model.pull.dir'))
    .option('--endpoint <url>', help('help.model.pull.endpoint'))
    .option('--revision <rev>', help('help.model.pull.revision'), 'main')
    .option('--quantized', help('help.model.pull.quantized'))
    .option('--force', help('help.model.pull.force'))
    .action(async (name: string, flags: PullFlags) => pull(name, flags));
  model
    .command('list')
    .description(help('help.model.list'))
    .action(() => list());
}
