/**
 * Background work of `guanbot serve`: the weekly export on `config.exportCron`
 * (with a catch-up at start for a run missed while the server was down) and a
 * delivery loop handing queued staff replies to the channels' deliverers.
 */
import { Cron } from 'croner';
import type { Channel } from '../answer/types.ts';
import type { Deliverer, DeskHost } from './types.ts';
import { UndeliverableError } from './errors.ts';
import { writeWeeklyExport, EXPORT_FORMATS, type ExportResult } from './export/index.ts';
import { lastCompleteWeek } from './export/week.ts';


export interface DeskJobsOptions {
  /** Who can push a reply on which channel (the Telegram channel passes its sender). */
  deliverers: Partial<Record<Channel, Deliverer>>;
  /** Default 2000 ms. */
  deliveryIntervalMs?: number;
  /** The clock (tests). */
  now?: () => Date;
}

export interface DeskJobs {
  /** Runs one delivery pass now; resolves to the number of deliveries attempted. */
  deliverNow(): Promise<number>;
  /** Resolves when the start-up catch-up export has finished (files written or skipped). */
  readonly catchUp: Promise<ExportResult[]>;
  /** Stops the schedule and the loop, then waits for a delivery pass in flight (so the database can be closed after). */
  close(): Promise<void>;
}

/**
 * Writes the XLSX and CSV of the last complete week at `at` (the scheduled time) into the exports folder. A file
 * already taken after that week ended is left alone; one taken earlier, such as a mid-week download of the same
 * week, lacks the week's later items and is overwritten, so the official register is always the whole week.
 * @param now the clock the files are stamped with (default `at`)
 */
export async function exportLastWeek(app: DeskHost, at: Date, now: Date = at): Promise<ExportResult[]> {
  const week = lastCompleteWeek(at, app.config.timezone);
  const results: ExportResult[] = [];
  for (const format of EXPORT_FORMATS) {
    const r = await writeWeeklyExport(app.desk, app.config, { week, format, skipComplete: true, now });
    if (!r.skipped) app.log.info({ file: r.file, items: r.count }, 'weekly export written');
    results.push(r);
  }
  return results;
}

/**
 * The export the schedule should have made most recently (for the week before
 * the last scheduled time), made now if it is missing or incomplete.
 */
export async function catchUpExport(app: DeskHost, now: Date): Promise<ExportResult[]> {
  const schedule = new Cron(app.config.exportCron, { timezone: app.config.timezone, paused: true });
  const [lastFire] = schedule.previousRuns(1, now);
  schedule.stop();
  return lastFire ? exportLastWeek(app, lastFire, now) : [];
}

/** One pass over due deliveries: each deliverer call either marks it delivered or schedules a retry. */
export async function deliverDue(app: DeskHost, deliverers: DeskJobsOptions['deliverers']): Promise<number> {
  const channels = (Object.keys(deliverers) as Channel[]).filter((c) => typeof deliverers[c] === 'function');
  const due = app.desk.dueDeliveries(channels);
  for (const d of due) {
    try {
      await deliverers[d.channel]!(d);
      app.desk.markDelivered(d.id);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const giveUp = err instanceof UndeliverableError;
      app.log.warn({ ticket: d.ticket, attempts: d.attempts + 1, err: message }, giveUp ? 'reply cannot be delivered, given up' : 'reply delivery failed, will retry');
      app.desk.markDeliveryFailed(d.id, message, { giveUp });
    }
  }
  return due.length;
}

/** Starts the weekly export schedule and the delivery loop; `close()` stops both. */
export function startDeskJobs(app: DeskHost, options: DeskJobsOptions): DeskJobs {
  const now = options.now ?? (() => new Date());
  const log = app.log.child({ module: 'desk-jobs' });

  const weekly = new Cron(app.config.exportCron, { timezone: app.config.timezone, protect: true, unref: true }, async () => {
    try {
      const at = now();
      await exportLastWeek(app, at, at);
    } catch (err) {
      log.error({ err }, 'weekly export failed');
    }
  });

  const catchUp = catchUpExport(app, now()).catch((err) => {
    log.error({ err }, 'catch-up export failed');
    return [] as ExportResult[];
  });

  let delivering: Promise<number> | null = null;
  const deliverNow = () => {
    // One pass at a time: a slow channel must not stack passes on top of each other.
    delivering ??= deliverDue(app, options.deliverers).finally(() => {
      delivering = null;
    });
    return delivering;
  };
  const timer = setInterval(() => {
    deliverNow().catch((err) => log.error({ err }, 'delivery pass failed'));
  }, options.deliveryIntervalMs ?? 2000);
  timer.unref();

  return {
    deliverNow,
    catchUp,
    async close() {
      weekly.stop();
      clearInterval(timer);
      await delivering?.catch(() => undefined);
      await catchUp;
    },
  };
}
