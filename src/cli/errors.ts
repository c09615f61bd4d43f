/** An error meant for the person at the terminal: its message is shown as is (Chinese), with no stack. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/**
 * A positive whole number typed as an option or argument (20, not 0, -1, 1.5 or 12abc), at most `max`; anything else
 * stops the command with its own message, built from what was typed.
 */
export function positiveInteger(text: string, error: (typed: string) => string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < 1 || n > max) throw new CliError(error(text));
  return n;
}
