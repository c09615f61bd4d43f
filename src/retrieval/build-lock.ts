/**
 * One index build at a time per data folder, across processes (the server's
 * console reindex, `guanbot index`, a CLI promote). A second build waits for
 * the first instead of deleting its freshly written version. A lock left by
 * a process that died is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 100;
/** A build holding the lock longer than this is assumed stuck (the scale corpus builds in well under a minute). */
const MAX_WAIT_MS = 15 * 60_000;

function holderAlive(lockFile: string): boolean {
  try {
    const pid = Number(fs.readFileSync(lockFile, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `work` while holding `<indexDir>/build.lock`. */
export async function withBuildLock<T>(indexDir: string, work: () => Promise<T>): Promise<T> {
  fs.mkdirSync(indexDir, { recursive: true });
  const lockFile = path.join(indexDir, 'build.lock');
  const deadline = Date.now() + MAX_WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (!holderAlive(lockFile) || Date.now() > deadline) {
        fs.rmSync(lockFile, { force: true });
        continue;
      }
      await sleep(POLL_MS);
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
