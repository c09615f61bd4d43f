/**
 * What the CLI writes to a staff member's terminal from stored text (citizens'
 * questions, notes, replies), and how it asks before acting. Stored text is
 * written by citizens, so escape sequences in it must never reach the
 * terminal: a question could otherwise clear the screen, retitle the window
 * or print a fake 「全部留言已处理完毕」.
 */
import readline from 'node:readline/promises';
import { CliError } from './errors.ts';

/** ESC/CSI/OSC/DCS sequences (7- and 8-bit), removed whole so their parameters do not show either. */
const ESCAPE_SEQUENCE = new RegExp(
  [
    String.raw`(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?`, // CSI: cursor moves, clear screen, colours
    String.raw`(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?`, // OSC (title), DCS, SOS, PM, APC
    String.raw`\u001b[ -/]*[0-~]?`, // other ESC sequences (charset, keypad, reset)
  ].join('|'),
  'g',
);
/** Remaining C0 controls but tab and newline, DEL, C1 controls, and bidirectional overrides that reorder what is shown. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is what this pattern is for.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` without terminal escape sequences and control characters (newline and tab kept). */
export function terminalSafe(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

/**
 * JSON of `value` whose strings are terminal-safe too: JSON escapes C0 controls, but a reader
 * piping it through `jq -r` would print them raw (and C1 controls are not escaped at all).
 */
export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? terminalSafe(v) : v), 2);
}

/** Writes one line of (possibly stored) text to stdout, terminal-safe. */
export function printOut(text: string): void {
  process.stdout.write(`${terminalSafe(text)}\n`);
}

/**
 * Asks the staff member to confirm (y/是 to go ahead). `yes` answers for them (`--yes`);
 * without it a non-interactive run is refused with `refusal`, never taken as consent.
 */
export async function confirm(prompt: string, opts: { yes?: boolean; refusal: string }): Promise<boolean> {
  if (opts.yes) return true;
  if (!process.stdin.isTTY) throw new CliError(opts.refusal);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = (await rl.question(prompt)).trim().toLowerCase();
    return /^(?:y|yes|是|确认|好)$/.test(answer);
  } finally {
    rl.close();
  }
}
