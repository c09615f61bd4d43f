/**
 * The console chat channel: a readline loop over the ask port, with persona
 * switching and ticket lookup, for staff trying the bot and for kiosks.
 */
import crypto from 'node:crypto';
import readline from 'node:readline';
import type { CitizenAsk, CitizenDesk } from '../../app/index.ts';
import type { Config } from '../../config.ts';
import { loadPersonas, MAX_QUESTION_CHARS, parsePersona, type PersonaId } from '../../answer/index.ts';
import { deskMessages, normalizeTicket, renderTicketForCitizen } from '../../desk/index.ts';
import { messages } from '../../messages/index.ts';

/** Who asks from the console: every console question (and ticket) belongs to this one user. */
const CHANNEL = 'cli';
const CONSOLE_USER = 'console';

/** The application parts the console chat uses. */
export interface ConsoleParts {
  config: Pick<Config, 'promptsDir' | 'timezone'>;
  ask: CitizenAsk;
  /** Tickets asked from the console. */
  desk: Pick<CitizenDesk, 'citizenTicket'>;
}

export interface ConsoleChatOptions {
  persona: PersonaId;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

export async function runConsoleChat({ config, ask, desk }: ConsoleParts, opts: ConsoleChatOptions): Promise<void> {
  const t = messages('cli', config.promptsDir);
  let persona = opts.persona;
  // Each chat session is its own conversation: follow-ups lean on this session's turns only.
  const conversationId = crypto.randomUUID();
  const personas = loadPersonas(config.promptsDir);
  const rl = readline.createInterface({ input: opts.input, output: opts.output, terminal: Boolean((opts.output as NodeJS.WriteStream).isTTY) });
  const say = (text: string) => opts.output.write(`${text}\n`);
  const view = { t: deskMessages(config), timeZone: config.timezone };
  say(t('chat.welcome', { intro: personas[persona].intro }));
  rl.setPrompt(t('chat.prompt'));
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (/^\/(quit|exit|q)$/.test(text) || text === '退出') break;
    if (text.startsWith('/persona')) {
      const next = parsePersona(text.slice('/persona'.length), config.promptsDir);
      if (next) {
        persona = next;
        say(t('chat.persona', { name: personas[persona].name }));
      } else say(t('chat.personaUnknown'));
    } else if (text.startsWith('/ticket')) {
      const typed = text.slice('/ticket'.length).trim();
      const ticket = normalizeTicket(typed);
      // Like every citizen channel: only tickets asked here; staff look up others with `guanbot ticket`.
      const item = ticket ? desk.citizenTicket(ticket, CHANNEL, CONSOLE_USER) : undefined;
      say(item ? renderTicketForCitizen(view, item) : t('chat.ticketUnknown', { ticket: ticket ?? typed }));
    } else if (text.startsWith('/')) {
      // An unknown command is a slip of the keyboard, not a question for staff: show what can be typed.
      say(t('chat.commands'));
    } else if (text) {
      const r = await ask(text, { channel: CHANNEL, channelUserId: CONSOLE_USER, conversationId, persona });
      // The engine looks only at the start of a long message (UTF-16 units, as it cuts): say so rather than cut it silently.
      const length = text.length;
      if (length > MAX_QUESTION_CHARS) say(t('chat.cut', { length, max: MAX_QUESTION_CHARS }));
      say(`${personas[persona].emoji} ${r.answer}`);
    }
    rl.prompt();
  }
  say(t('chat.bye'));
  rl.close();
}
