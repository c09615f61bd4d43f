import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from '../src/desk/deliveries.ts';
import { catchUpExport, deliverDue, startDeskJobs } from '../src/desk/jobs.ts';
import type { Delivery } from '../src/desk/types.ts';
import { deskFixture, unresolved, type DeskFixture } from './fixtures/desk-setup.ts';

let fx: DeskFixture;
afterEach(() => fx?.cleanup());

const app = () => ({ desk: fx.desk, config: fx.config, log: pino({ level: 'silent' }) });

function answeredTelegramItem(chatId = '5001'): string {
  const { ticket } = fx.desk.openItem(unresolved('冠县残疾人两项补贴怎么申请', 'telegram', chatId));
  fx.desk.reply(ticket, '请到户籍所在地乡镇（街道）提出申请。', '李娜');
  return ticket;
}

describe('deliveries', () => {
  it('retries a failed delivery with exponential backoff and records each attempt', () => {
    fx = deskFixture({}, '2026-11-28T02:00:00Z');
    const ticket = answeredTelegramItem();
    const [d] = fx.desk.dueDeliveries(['telegram']);
    expect(d).toMatchObject({ ticket, channel: 'telegram', channelUserId: '5001', attempts: 0 });
    // Leased: a second poller does not get it again right away.
    expect(fx.desk.dueDeliveries(['telegram'])).toEqual([]);

    fx.desk.markDeliveryFailed(d!.id, 'ETIMEDOUT');
    let item = fx.desk.getFullItem(ticket)!;
    expect(item.delivery).toMatchObject({ state: 'pending', attempts: 1, lastError: 'ETIMEDOUT', nextAttemptAt: '2026-11-28T02:00:30.000Z' });
    expect(item.history.at(-1)?.code).toBe('deliveryFailed');

    fx.setNow('2026-11-28T02:00:29Z');
    expect(fx.desk.dueDeliveries(['telegram'])).toEqual([]);
    fx.setNow('2026-11-28T02:00:30Z');
    const [again] = fx.desk.dueDeliveries(['telegram']);
    expect(again!.attempts).toBe(1);
    fx.desk.markDeliveryFailed(again!.id, 'ETIMEDOUT');
    expect(fx.desk.getFullItem(ticket)!.delivery.nextAttemptAt).toBe('2026-11-28T02:01:30.000Z');

    fx.setNow('2026-11-28T02:01:30Z');
    const [third] = fx.desk.dueDeliveries(['telegram']);
    fx.desk.markDelivered(third!.id);
    item = fx.desk.getFullItem(ticket)!;
    expect(item.delivery).toMatchObject({ state: 'delivered', attempts: 3 });
    expect(item.history.at(-1)?.code).toBe('delivered');
    expect(fx.desk.dueDeliveries(['telegram'])).toEqual([]);
  });

  it('grows the delay to a cap and gives up after the maximum attempts, keeping the state visible', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(40)).toBe(6 * 3600_000);
    fx = deskFixture();
    const ticket = answeredTelegramItem();
    const [d] = fx.desk.dueDeliveries(['telegram']);
    for (let i = 0; i < MAX_DELIVERY_ATTEMPTS; i += 1) fx.desk.markDeliveryFailed(d!.id, 'Forbidden: bot was blocked by the user');
    expect(fx.desk.getFullItem(ticket)!.delivery).toMatchObject({ state: 'failed', attempts: MAX_DELIVERY_ATTEMPTS });
    fx.setNow('2027-01-01T00:00:00Z');
    expect(fx.desk.dueDeliveries(['telegram'])).toEqual([]);
  });

  it('only hands out deliveries of the channels asked for', () => {
    fx = deskFixture();
    answeredTelegramItem();
    expect(fx.desk.dueDeliveries(['web'])).toEqual([]);
    expect(fx.desk.dueDeliveries([])).toEqual([]);
  });
});

describe('desk jobs', () => {
  it('delivery pass: a throwing deliverer schedules a retry, a working one marks delivered', async () => {
    fx = deskFixture({}, '2026-11-28T02:00:00Z');
    const ticket = answeredTelegramItem('5002');
    const sent: Delivery[] = [];
    let fail = true;
    const deliverers = {
      telegram: async (d: Delivery) => {
        if (fail) throw new Error('429 Too Many Requests');
        sent.push(d);
      },
    };
    expect(await deliverDue(app(), deliverers)).toBe(1);
    expect(fx.desk.getFullItem(ticket)!.delivery).toMatchObject({ state: 'pending', attempts: 1, lastError: '429 Too Many Requests' });
    fail = false;
    fx.setNow('2026-11-28T02:05:00Z');
    expect(await deliverDue(app(), deliverers)).toBe(1);
    expect(sent.map((d) => d.channelUserId)).toEqual(['5002']);
    expect(fx.desk.getFullItem(ticket)!.delivery.state).toBe('delivered');
  });

  it('catch-up at start writes the missed week once (xlsx and csv), and skips it the next time', async () => {
    // Tuesday 2026-12-01 10:00 Shanghai: Monday 08:00's run (for 2026-W48) was missed.
    fx = deskFixture({}, '2026-11-25T02:00:00Z');
    fx.desk.openItem(unresolved('冠县有没有人才公寓'));
    const now = new Date('2026-12-01T02:00:00Z');
    const first = await catchUpExport(app(), now);
    expect(first.map((r) => [path.basename(r.file), r.skipped, r.count])).toEqual([
      ['guanbot-2026-W48.xlsx', false, 1],
      ['guanbot-2026-W48.csv', false, 1],
    ]);
    const again = await catchUpExport(app(), now);
    expect(again.every((r) => r.skipped)).toBe(true);
    expect(fs.readdirSync(fx.config.exportsDir).sort()).toEqual(['guanbot-2026-W48.csv', 'guanbot-2026-W48.xlsx']);
  });

  it('catch-up before Monday 08:00 exports the week before last, not the week that just ended', async () => {
    fx = deskFixture();
    // Monday 2026-11-30 07:00 Shanghai: the last scheduled run was Monday 2026-11-23 08:00, for W47.
    const results = await catchUpExport(app(), new Date('2026-11-29T23:00:00Z'));
    expect(results.map((r) => path.basename(r.file))).toEqual(['guanbot-2026-W47.xlsx', 'guanbot-2026-W47.csv']);
  });

  it('startDeskJobs runs the catch-up and a delivery pass, and close() stops them', async () => {
    fx = deskFixture({}, '2026-11-28T02:00:00Z');
    answeredTelegramItem('5003');
    const sent: string[] = [];
    const jobs = startDeskJobs(app(), {
      deliverers: { telegram: async (d) => void sent.push(d.channelUserId) },
      now: () => new Date('2026-11-28T02:00:00Z'),
      deliveryIntervalMs: 60_000,
    });
    try {
      const exported = await jobs.catchUp;
      expect(exported.map((r) => path.basename(r.file))).toEqual(['guanbot-2026-W47.xlsx', 'guanbot-2026-W47.csv']);
      expect(await jobs.deliverNow()).toBe(1);
      expect(sent).toEqual(['5003']);
    } finally {
      await jobs.close();
    }
  });
});
