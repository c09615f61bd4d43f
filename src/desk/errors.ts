/** Errors staff flows can show as they are: the message is Chinese, `code` lets HTTP map it to a status. */
export type DeskErrorCode = 'not_found' | 'invalid_state' | 'invalid_input';

export class DeskError extends Error {
  constructor(
    readonly code: DeskErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DeskError';
  }
}
