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

/**
 * Where the widget script takes its text table. Written as a comment before an empty object so the
 * unfilled template is valid JavaScript that the browser type check (tsconfig.browser.json) reads.
 */
const WIDGET_TEXT_SLOT = '/*{{json:ui}}*/ {}';

function read(file: string): string {
  return fs.readFileSync(path.join(PUBLIC_DIR, file), 'utf8');
}

function render(file: string, table: Record<string, string>): string {
  return renderTemplate(read(file), table);
}

/** The widget with its text slot filled: the same script as a `{{json:ui}}` template gives. */
function renderWidget(table: Record<string, string>): string {
  const template = read('widget.template.js');
  if (!template.includes(WIDGET_TEXT_SLOT)) throw new Error(`widget.template.js has no ${WIDGET_TEXT_SLOT} text slot`);
  return renderTemplate(template.replaceAll(WIDGET_TEXT_SLOT, '{{json:ui}}'), table);
}

export const pages: FastifyPluginAsync<PagesOptions> = async (server, { promptsDir }) => {
  const table = uiTable(promptsDir);
  const chatHtml = render('index.html', pick(table, ['common.', 'chat.']));
  const adminHtml = render('admin.html', pick(table, ['common.', 'admin.']));
  const widgetJs = renderWidget(pick(table, ['widget.']));

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
