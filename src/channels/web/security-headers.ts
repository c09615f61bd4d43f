/**
 * Security headers on every response. Everything is served from this origin
 * (no CDN), so the CSP allows 'self' only. The chat page may be framed by the
 * county site (the widget opens it in an iframe); the console never.
 */
import type { FastifyInstance } from 'fastify';

function csp(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/**
 * @param embedOrigins origins allowed to frame the chat page; empty means any
 *   site may embed it (it is public and holds no staff session).
 */
export function installSecurityHeaders(server: FastifyInstance, embedOrigins: string[]): void {
  const publicCsp = csp(embedOrigins.length ? `'self' ${embedOrigins.join(' ')}` : '*');
  const adminCsp = csp("'none'");
  server.addHook('onSend', async (request, reply, payload) => {
    const admin = request.url.startsWith('/admin');
    reply.header('content-security-policy', admin ? adminCsp : publicCsp);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (admin) {
      reply.header('x-frame-options', 'DENY');
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}
