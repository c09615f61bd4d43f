import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './fixtures/desk-setup.ts';

const root = path.resolve(import.meta.dirname, '..');
const writer = path.join(root, 'tests/fixtures/desk-writer.ts');

function runWriter(dataDir: string, worker: string, count: number): Promise<{ worker: string; tickets: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir, worker, String(count)], { cwd: root });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`writer ${worker} exited ${code}: ${err}`))));
  });
}

const dataDir = tempDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('several processes on one database', () => {
  it('loses and duplicates no item, ticket or turn', async () => {
    const workers = ['A', 'B', 'C', 'D'];
    const perWorker = 40;
    const running = Promise.all(workers.map((w) => runWriter(dataDir, w, perWorker)));
    // Release the writers together once every one has opened the database.
    while (!workers.every((w) => fs.existsSync(path.join(dataDir, `ready-${w}`)))) await new Promise((r) => setTimeout(r, 20));
    fs.writeFileSync(path.join(dataDir, 'go'), '');
    const results = await running;

    const db = new Database(path.join(dataDir, 'guanbot.sqlite'), { readonly: true });
    const items = db.prepare('SELECT ticket, question FROM items ORDER BY ticket').all() as { ticket: string; question: string }[];
    const turns = db.prepare('SELECT ticket FROM turns').all() as { ticket: string }[];
    db.close();

    const total = workers.length * perWorker;
    expect(items).toHaveLength(total);
    expect(turns).toHaveLength(total);
    const all = results.flatMap((r) => r.tickets);
    expect(new Set(all).size).toBe(total);
    // One gap-free daily sequence, whatever the interleaving (all tickets share the local day unless run across midnight).
    const day = all[0]!.slice(0, 10);
    if (all.every((t) => t.startsWith(day))) {
      expect(all.map((t) => Number(t.slice(11))).sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    }
    // Every worker's ticket holds that worker's question.
    const byTicket = new Map(items.map((i) => [i.ticket, i.question]));
    for (const r of results) {
      r.tickets.forEach((t, i) => {
        expect(byTicket.get(t)).toBe(`进程${r.worker}的第${i}个问题：编号${r.worker}-${i}的事项怎么办理`);
      });
    }
    expect(new Set(turns.map((t) => t.ticket)).size).toBe(total);
  });
});
