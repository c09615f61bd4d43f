/**
 * `guanbot turns …`: the conversation log on the command line. `list` and `show`
 * open only the desk database; `correct` loads the engine to rebuild the index.
 */
import type { Command } from 'commander';
import type { AnswerKind, Channel } from '../../answer/types.ts';
import type { LoggedTurn, TurnFilter } from '../../desk/types.ts';
import { DEFAULT_TURN_PAGE, MAX_TURN_PAGE, TURN_CHANNELS, TURN_KINDS } from '../../desk/turn-log.ts';
import { messages } from '../../messages/index.ts';
import { CliError, positiveInteger } from '../errors.ts';
import { confirm, printOut, terminalSafeJson } from '../terminal.ts';
import { CAPABILITY } from '../../channels/web/staff/roles.ts';
import { asCliError, withDesk, withOperator } from './messages.ts';

const help = messages('cli');

interface ListOptions {
  json?: boolean;
  since?: string;
  until?: string;
  channel?: string;
  kind?: string;
  unresolved?: boolean;
  feedback?: string;
  doc?: string;
  limit?: string;
  page?: string;
}

/** A positive whole number from an option (undefined when the option is not given). */
function positive(text: string | undefined, error: (value: string) => string): number | undefined {
  return text === undefined ? undefined : positiveInteger(text, error);
}

/** The JSON form of a turn (`turns list --json`): the documented fields first. */
function turnJson(turn: LoggedTurn) {
  return {
    turnId: turn.turnId,
    createdAt: turn.createdAt,
    channel: turn.channel,
    question: turn.question,
    kind: turn.kind,
    resolved: turn.resolved,
    ticket: turn.ticket,
    feedback: turn.feedback,
    answer: turn.answer,
    citations: turn.citations,
    confidence: turn.confidence,
    handle: turn.handle,
    persona: turn.persona,
    generated: turn.generated,
    correction: turn.correction,
  };
}

export function register(program: Command): void {
  const turns = program.command('turns').description(help('help.turns.description'));

  turns
    .command('list')
    .description(help('help.turns.list.description'))
    .option('--json', help('help.turns.list.json'))
    .option('--since <date>', help('help.turns.list.since'))
    .option('--until <date>', help('help.turns.list.until'))
    .option('--channel <channel>', help('help.turns.list.channel', { channels: TURN_CHANNELS.join(' | ') }))
    .option('--kind <kind>', help('help.turns.list.kind', { kinds: TURN_KINDS.join(' | ') }))
    .option('--unresolved', help('help.turns.list.unresolved'))
    .option('--feedback <feedback>', help('help.turns.list.feedback'))
    .option('--doc <id>', help('help.turns.list.doc'))
    .option('--limit <n>', help('help.turns.list.limit', { limit: DEFAULT_TURN_PAGE, max: MAX_TURN_PAGE }))
    .option('--page <n>', help('help.turns.list.page'))
    .action((opts: ListOptions) =>
      withDesk((desk, { config, t, lib }) => {
        const limit = positive(opts.limit, (limit) => t('errors.badTurnLimit', { limit, max: MAX_TURN_PAGE })) ?? DEFAULT_TURN_PAGE;
        const page = positive(opts.page, (p) => t('errors.badPage', { page: p })) ?? 1;
        const filter: TurnFilter = {
          since: opts.since,
          until: opts.until,
          channel: opts.channel as Channel | undefined,
          kind: opts.kind as AnswerKind | undefined,
          resolved: opts.unresolved ? false : undefined,
          feedback: opts.feedback as TurnFilter['feedback'],
          docId: opts.doc,
          limit,
          offset: (page - 1) * limit,
        };
        const result = desk.listTurns(filter);
        printOut(opts.json ? terminalSafeJson(result.turns.map(turnJson)) : lib.renderTurnTable({ t, timeZone: config.timezone }, result));
      }),
    );

  turns
    .command('show <turn>')
    .description(help('help.turns.show.description'))
    .option('--json', help('help.options.json'))
    .action((id: string, opts: { json?: boolean }) =>
      withDesk((desk, { config, t, lib }) => {
        const turnId = positive(id, (value) => t('errors.badTurnId', { id: value }))!;
        const turn = desk.getTurn(turnId);
        if (!turn) throw new CliError(t('errors.turnNotFound', { id: turnId }));
        printOut(opts.json ? terminalSafeJson(turnJson(turn)) : lib.renderTurnDetail({ t, timeZone: config.timezone }, turn));
      }),
    );

  turns
    .command('correct <turn>')
    .description(help('help.turns.correct.description'))
    .requiredOption('--answer <text>', help('help.turns.correct.answer'))
    .option('--question <text>', help('help.turns.correct.question'))
    .option('--variant <text>', help('help.turns.correct.variant'), (v: string, all: string[]) => [...all, v], [] as string[])
    .option('-y, --yes', help('help.turns.correct.yes'))
    .option('--as <name>', help('help.messages.as'))
    .action((id: string, opts: { answer: string; question?: string; variant: string[]; yes?: boolean; as?: string }) =>
      // The operator is checked first (an existing account whose role may publish FAQ entries), as for `messages promote`.
      withOperator(opts.as, CAPABILITY.faqPromote, async (op) => {
        const edits = { answer: opts.answer, question: opts.question, variants: opts.variant.length ? opts.variant : undefined };
        // Staff review what will be published (cleaned of personal numbers) before the engine is even loaded.
        const approved = await withDesk(async (desk, { config, t, lib }) => {
          const turnId = positive(id, (value) => t('errors.badTurnId', { id: value }))!;
          print(lib.renderFaqDraft({ t, timeZone: config.timezone }, lib.draftCorrection(desk, config, turnId, edits)));
          const ok = await confirm(t('promote.preview.confirm'), { yes: opts.yes, refusal: t('errors.needYes') });
          if (!ok) print(t('cli.cancelled'));
          return ok ? turnId : null;
        });
        if (approved === null) return;
        const [{ createApp }, { correctTurn, deskMessages }, { loadConfig }, { createLogger }] = await Promise.all([
          import('../../app.ts'),
          import('../../desk/index.ts'),
          import('../../config.ts'),
          import('../../log.ts'),
        ]);
        const config = loadConfig();
        const t = deskMessages(config);
        const app = await createApp({ config, log: createLogger(config) });
        try {
          const result = await correctTurn(app, approved, op.account.name, edits);
          op.record('turn.correct', { target: String(approved), detail: { faqId: result.faqId } });
          print(t('turns.correctDone', { turnId: approved, faqId: result.faqId, file: result.file }));
          if (result.learned) print(result.learned.message);
        } catch (err) {
          throw asCliError(err);
        } finally {
          await app.close();
        }
      }),
    );
}

const print = printOut;
