/**
 * The one way the web channel reads a ticket number (citizen lookups and the
 * console alike): the desk's `normalizeTicket`, so what people type (lower
 * case, full width, spaces, odd dashes) becomes the canonical GX… ticket.
 */
import { z } from 'zod';
import { normalizeTicket } from '../../desk/index.ts';

/** A zod string that parses to the canonical ticket, or fails with `message`. */
export function ticketSchema(message: string) {
  return z.string({ error: message }).transform((value, ctx) => {
    const canonical = normalizeTicket(value);
    if (!canonical) ctx.addIssue({ code: 'custom', message });
    return canonical ?? value;
  });
}
