/** An error meant for the person at the terminal: its message is shown as is (Chinese), with no stack. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}
