/**
 * The prompts folder belongs to each app, not to the process: two apps with
 * different GUANBOT_PROMPTS_DIR folders in one process each answer, chat and
 * serve in their own wording, and creating an app leaves the process-wide
 * default (what the CLI entry sets for library callers) as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.ts';
import { runConsoleChat } from '../src/channels/console/index.ts';
import { buildWebServer } from '../src/channels/web/index.ts';
import { msg } from '../src/messages/index.ts';
import { engineConfig, makeTempDir, removeTempDirs, repoCorpusWorkspace, repoRoot } from './fixtures/engine-workspace.ts';

/** A copy of the repo's prompts whose unresolved reply, console welcome and empty-question error carry `mark`. */
function promptsCopy(mark: string): string {
  const dir = path.join(makeTempDir(), 'prompts');
  fs.cpSync(path.join(repoRoot, 'prompts'), dir, { recursive: true });
  const edit = (file: string, from: RegExp, to: string) => {
    const full = path.join(dir, 'messages', file);
    const text = fs.readFileSync(full, 'utf8');
    if (!from.test(text)) throw new Error(`${file}: ${from} not found`);
    fs.writeFileSync(full, text.replace(from, to));
  };
  edit('answer.yaml', /^ {2}xiaoli: "抱歉，/m, `  xiaoli: "${mark}抱歉，`);
  edit('cli.yaml', /^ {2}welcome: "/m, `  welcome: "${mark}`);
  edit('web.yaml', /^ {4}questionEmpty: /m, `    questionEmpty: ${mark}`);
  return dir;
}

/** Everything the console prints for one session that quits at once. */
async function consoleWelcome(app: App): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (d: Buffer) => (printed += d.toString('utf8')));
  const done = runConsoleChat(app, { persona: 'xiaoli', input, output });
  input.end('/quit\n');
  await done;
  return printed;
}

describe('two apps, two prompts folders, one process', () => {
  const defaultWelcome = msg('cli', 'chat.welcome');
  let a: App;
  let b: App;

  beforeAll(async () => {
    // One corpus and data folder: the second app opens the index the first one built.
    const ws = repoCorpusWorkspace();
    a = await createApp({ config: engineConfig(ws, { GUANBOT_PROMPTS_DIR: promptsCopy('【甲】') }) });
    b = await createApp({ config: engineConfig(ws, { GUANBOT_PROMPTS_DIR: promptsCopy('【乙】') }) });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    removeTempDirs();
  });

  it('creating an app leaves the process-wide prompts folder alone', () => {
    expect(msg('cli', 'chat.welcome')).toBe(defaultWelcome);
    expect(defaultWelcome).not.toMatch(/【[甲乙]】/);
  });

  it('each app answers an unanswered question in its own wording', async () => {
    const ra = await a.ask('冠县哪里可以办护照？', { channel: 'cli' });
    const rb = await b.ask('冠县哪里可以办护照？', { channel: 'cli' });
    expect(ra.kind).toBe('unresolved');
    expect(ra.answer.startsWith('【甲】抱歉')).toBe(true);
    expect(rb.answer.startsWith('【乙】抱歉')).toBe(true);
  });

  it("each app's console chat welcomes in its own wording", async () => {
    expect((await consoleWelcome(a)).startsWith('【甲】欢迎')).toBe(true);
    expect((await consoleWelcome(b)).startsWith('【乙】欢迎')).toBe(true);
  });

  it("each app's web server refuses an empty question in its own wording", async () => {
    for (const [app, mark] of [[a, '【甲】'], [b, '【乙】']] as const) {
      const server = await buildWebServer(app);
      try {
        const url = await server.listen({ host: '127.0.0.1', port: 0 });
        const res = await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '   ' }) });
        expect(res.status).toBe(400);
        expect((await res.json()).error.startsWith(`${mark}问题不能为空`)).toBe(true);
      } finally {
        await server.close();
      }
    }
  });
});
