/** Staff can keep their own wording: with GUANBOT_PROMPTS_DIR set, the CLI's help and messages come from that folder. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs, repoCorpusWorkspace, repoRoot } from './fixtures/engine-workspace.ts';

const run = promisify(execFile);
afterAll(removeTempDirs);

describe('GUANBOT_PROMPTS_DIR', () => {
  it('replaces help text and corpus messages with the folder\'s own wording', async () => {
    const prompts = path.join(makeTempDir(), 'prompts');
    fs.cpSync(path.join(repoRoot, 'prompts'), prompts, { recursive: true });
    const cliFile = path.join(prompts, 'messages', 'cli.yaml');
    fs.writeFileSync(cliFile, fs.readFileSync(cliFile, 'utf8').replace(/^ {2}program: .*$/m, '  program: 本县自定义的说明文字'));
    const corpusFile = path.join(prompts, 'messages', 'corpus.yaml');
    fs.writeFileSync(corpusFile, fs.readFileSync(corpusFile, 'utf8').replace(/^ {2}ok: .*$/m, "  ok: '自定义：检查通过 {docs} 篇'"));
    const ws = repoCorpusWorkspace();
    const env = { ...process.env, GUANBOT_PROMPTS_DIR: prompts, GUANBOT_CORPUS_DIR: ws.corpusDir, GUANBOT_DATA_DIR: ws.dataDir };
    const bin = path.join(repoRoot, 'bin/guanbot.mjs');
    expect((await run(process.execPath, [bin, '--help'], { env })).stdout).toContain('本县自定义的说明文字');
    expect((await run(process.execPath, [bin, 'corpus', 'check'], { env })).stdout).toMatch(/^自定义：检查通过 \d+ 篇/);
  });
});
