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

/**
 * Thrown by a Deliverer when the reply can never reach the citizen through its channel (e.g. WeChat's 48-hour
 * window has closed): the delivery is given up at once instead of retried, and `message` (Chinese) is what staff see.
 */
export class UndeliverableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndeliverableError';
  }
}
