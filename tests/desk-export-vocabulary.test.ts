/** One Chinese vocabulary across CLI, console and export: 留言, 主题, 经办人, channel names from one map; a closed ticket gives its reason. */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { deskMessages, renderItemDetail, renderTicketForCitizen } from '../src/desk/index.ts';
import { deskFixture, unresolved, type DeskFixture } from './fixtures/desk-setup.ts';

const messagesDir = path.resolve(import.meta.dirname, '..', 'prompts', 'messages');
let fx: DeskFixture;
afterEach(() => fx?.cleanup());

describe('one vocabulary', () => {
  it('uses 留言, 主题 and 经办人 in every staff and citizen text, never 事项, 话题 or 负责人', () => {
    const offending: string[] = [];
    for (const file of fs.readdirSync(messagesDir).filter((f) => f.endsWith('.yaml'))) {
      fs.readFileSync(path.join(messagesDir, file), 'utf8').split('\n').forEach((line, i) => {
        if (/事项|话题|负责人/.test(line.replace(/#.*$/, ''))) offending.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offending).toEqual([]);
  });

  it('names the channels from one map, in Chinese, the same in the desk and the console log', () => {
    const desk = YAML.parse(fs.readFileSync(path.join(messagesDir, 'desk.yaml'), 'utf8')).channels;
    expect(desk).toEqual({ telegram: 'Telegram', web: '网页', wechat: '微信', cli: '命令行' });
    // The console has no channel names of its own: its log and desk views are sent the desk's.
    const web = YAML.parse(fs.readFileSync(path.join(messagesDir, 'web.yaml'), 'utf8'));
    expect(web.ui.admin.log.channels).toBeUndefined();
    expect(web.ui.admin.desk.channels).toBeUndefined();
  });

  it('tells the citizen why a ticket was closed, and staff see the same channel name', () => {
    fx = deskFixture();
    const ticket = fx.desk.openItem(unresolved('网页上问的问题', 'web', 's-1')).ticket;
    const ctx = { t: deskMessages(fx.config), timeZone: 'Asia/Shanghai' };
    expect(renderItemDetail(ctx, fx.desk.getFullItem(ticket)!)).toMatch(/渠道\s+网页/);
    fx.desk.close(ticket, '不属于本县办理范围，已告知请向市医保局咨询', '李娜');
    const seen = fx.desk.citizenTicket(ticket, 'web', 's-1')!;
    expect(seen.closeReason).toBe('不属于本县办理范围，已告知请向市医保局咨询');
    expect(renderTicketForCitizen(ctx, seen)).toContain('该留言已办结，关闭原因：不属于本县办理范围，已告知请向市医保局咨询');
  });
});
