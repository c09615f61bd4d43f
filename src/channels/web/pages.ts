/**
 * The pages: the citizen chat at `/`, the embeddable `/widget.js`, the staff
 * console at `/admin`, and static assets under `/assets/`. HTML and the widget
 * script are templates filled once at start with the text from web.yaml.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';
import { renderTemplate, uiTable } from './text.ts';

/** Where the HTML, CSS, browser scripts and SVG avatars live. */
export const PUBLIC_DIR = path.resolve(fileURLToPath(new URL('./public', import.meta.url)));

export interface PagesOptions {
  promptsDir: string;
}

function pick(table: Record<string, string>, prefixes: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(table).filter(([k]) => prefixes.some((p) => k.startsWith(p))));
}

function render(file: string, table: Record<string, string>): string {
  return renderTemplate(fs.readFileSync(path.join(PUBLIC_DIR, file), 'utf8'), table);
}

export const pages: FastifyPluginAsync<PagesOptions> = async (server, { promptsDir }) => {
  const table = uiTable(promptsDir);
  const chatHtml = render('index.html', pick(table, ['common.', 'chat.']));
  const adminHtml = render('admin.html', pick(table, ['common.', 'admin.']));
  const widgetJs = render('widget.template.js', pick(table, ['widget.']));

  server.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(chatHtml));
  server.get('/widget.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(widgetJs),
  );
  server.get('/admin', async (_request, reply) => reply.type('text/html; charset=utf-8').send(adminHtml));

  await server.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/assets/',
    index: false,
    // Templates are only served rendered, through the routes above.
    allowedPath: (pathName) => !/\.(html)$|template/.test(pathName),
    maxAge: 300_000,
  });
};
