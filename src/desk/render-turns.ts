/** Plain-text views of the conversation log for the terminal: one page of turns, and one turn in full. */
import type { DeskContext } from './context.ts';
import type { LoggedCitation, LoggedTurn, TurnPage } from './turn-log.ts';
import { displayWidth, padDisplay, renderTable, truncateDisplay } from './render.ts';
import { localDateTime } from '../time/index.ts';
import type { KeysUnder } from '../messages/index.ts';

type Ctx = Pick<DeskContext, 't' | 'timeZone'>;

/** `冠县政府信息公开指南 › 三、申请的处理`: a citation as staff read it. */
export function citationLabel(c: Pick<LoggedCitation, 'title' | 'section'>): string {
  // A 问答 entry's section is its title: name it once.
  return [c.title, c.section === c.title ? '' : c.section].filter(Boolean).join(' › ');
}

function feedbackLabel(ctx: Ctx, feedback: LoggedTurn['feedback']): string {
  return ctx.t(`turns.feedback.${feedback ?? 'none'}`);
}

/** One page of the log: a line per turn, then where this page sits among all matching turns. */
export function renderTurnTable(ctx: Ctx, page: TurnPage): string {
  const l = (k: KeysUnder<'desk', 'turns'>, vars = {}) => ctx.t(`turns.${k}`, vars);
  if (page.turns.length === 0) return page.total > 0 ? l('pageEmpty', { total: page.total }) : l('empty');
  const h = (k: KeysUnder<'desk', 'turns.header'>) => l(`header.${k}`);
  const table = renderTable(
    [h('turn'), h('time'), h('channel'), h('kind'), h('confidence'), h('feedback'), h('ticket'), h('question'), h('cited')],
    page.turns.map((turn) => [
      String(turn.turnId),
      localDateTime(turn.createdAt, ctx.timeZone),
      ctx.t(`channels.${turn.channel}`),
      l(`kinds.${turn.kind}`) + (turn.correction ? l('corrected') : ''),
      turn.confidence === null ? '' : turn.confidence.toFixed(2),
      feedbackLabel(ctx, turn.feedback),
      turn.ticket ?? '',
      truncateDisplay(turn.question, 36),
      truncateDisplay(turn.citations[0] ? citationLabel(turn.citations[0]) : '', 36),
    ]),
  );
  const pages = Math.max(1, Math.ceil(page.total / page.limit));
  const number = Math.floor(page.offset / page.limit) + 1;
  const more = number < pages ? `\n${l('next', { page: number + 1 })}` : '';
  return `${table}\n${l('count', { from: page.offset + 1, to: page.offset + page.turns.length, total: page.total, page: number, pages })}${more}`;
}

/** One turn in full: question, answer, each cited passage with its title and section, feedback, ticket, correction. */
export function renderTurnDetail(ctx: Ctx, turn: LoggedTurn): string {
  const l = (k: KeysUnder<'desk', 'turns'>, vars = {}) => ctx.t(`turns.${k}`, vars);
  const none = l('none');
  const fields: [string, string][] = [
    [l('show.turn'), String(turn.turnId)],
    [l('show.time'), localDateTime(turn.createdAt, ctx.timeZone)],
    [l('show.channel'), ctx.t(`channels.${turn.channel}`)],
    [l('show.handle'), turn.handle],
    [l('show.kind'), l(`kinds.${turn.kind}`)],
    [l('show.confidence'), turn.confidence === null ? none : `${turn.confidence.toFixed(3)}（${l('show.threshold')} ${turn.threshold?.toFixed(3) ?? none}）`],
    [l('show.feedback'), turn.feedback ? feedbackLabel(ctx, turn.feedback) : none],
    [l('show.ticket'), turn.ticket ?? none],
    [l('show.question'), turn.question],
    [l('show.answer'), turn.answer],
  ];
  if (turn.correction) fields.push([l('show.correction'), l('show.correctionText', { faqId: turn.correction.faqId, actor: turn.correction.actor, at: localDateTime(turn.correction.at, ctx.timeZone) })]);
  const width = Math.max(...fields.map(([k]) => displayWidth(k)));
  const indent = ' '.repeat(width + 2);
  const lines = fields.map(([k, v]) => `${padDisplay(k, width)}  ${v.split('\n').join(`\n${indent}`)}`);
  lines.push('', l('show.citations'));
  if (turn.citations.length === 0) lines.push(`  ${none}`);
  turn.citations.forEach((c, i) => {
    lines.push(`  ${i + 1}. ${citationLabel(c)}`);
    if (c.text) lines.push(`     ${c.text.replace(/\s+/g, ' ').trim()}`);
  });
  return lines.join('\n');
}
