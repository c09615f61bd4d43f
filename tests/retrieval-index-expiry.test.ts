/**
 * Document expiry at index build: the day is the county's calendar day (the configured time zone, not UTC),
 * and a partial `expires` date covers its whole period (`2026` through 2026-12-31, `2026-06` through 2026-06-30).
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndexFiles, isExpired, loadIndexFiles, periodEnd } from '../src/retrieval/index-store.ts';
import { localToday } from '../src/time/index.ts';
import { RecordingEmbedder } from './fixtures/engine-embedders.ts';
import { docText, emptyWorkspace, removeTempDirs, writeFile } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

/** 01:00 on 1 July 2026 in Guanxian (UTC+8) is still 30 June in UTC. */
const JULY_FIRST_IN_SHANDONG = new Date('2026-06-30T17:00:00Z');

describe('expiry dates', () => {
  it('a partial date ends with its period', () => {
    expect(periodEnd('2026')).toBe('2026-12-31');
    expect(periodEnd('2026-06')).toBe('2026-06-30');
    expect(periodEnd('2026-02')).toBe('2026-02-28');
    expect(periodEnd('2024-02')).toBe('2024-02-29');
    expect(periodEnd('2026-12')).toBe('2026-12-31');
    expect(periodEnd('2026-06-15')).toBe('2026-06-15');
  });

  it('a document is served through the last day its expires names, and expired the day after', () => {
    expect(isExpired({ expires: '2026' }, '2026-12-31')).toBe(false);
    expect(isExpired({ expires: '2026' }, '2027-01-01')).toBe(true);
    expect(isExpired({ expires: '2026-06' }, '2026-06-30')).toBe(false);
    expect(isExpired({ expires: '2026-06' }, '2026-07-01')).toBe(true);
    expect(isExpired({ expires: '2026-06-15' }, '2026-06-15')).toBe(false);
    expect(isExpired({ expires: '2026-06-15' }, '2026-06-16')).toBe(true);
    expect(isExpired({}, '2099-01-01')).toBe(false);
  });

  it("today is the calendar day in the given time zone", () => {
    expect(localToday('Asia/Shanghai', JULY_FIRST_IN_SHANDONG)).toBe('2026-07-01');
    expect(localToday('UTC', JULY_FIRST_IN_SHANDONG)).toBe('2026-06-30');
    expect(localToday('America/New_York', new Date('2026-01-01T03:00:00Z'))).toBe('2025-12-31');
  });
});

describe('buildIndexFiles skips expired documents by the local day', () => {
  function corpus(): { corpusDir: string; indexDir: string } {
    const ws = emptyWorkspace();
    writeFile(ws.corpusDir, 'interpretations/interp-june.md', docText({ id: 'interp-june', title: '六月底到期的解读', expires: '2026-06' }, '这份解读到二〇二六年六月底有效。'));
    writeFile(ws.corpusDir, 'interpretations/interp-year.md', docText({ id: 'interp-year', title: '年底到期的解读', expires: '2026' }, '这份解读到二〇二六年年底有效。'));
    writeFile(ws.corpusDir, 'interpretations/interp-open.md', docText({ id: 'interp-open', title: '长期有效的解读' }, '这份解读长期有效。'));
    return { corpusDir: ws.corpusDir, indexDir: path.join(ws.dataDir, 'index') };
  }
  const served = (indexDir: string) => [...loadIndexFiles(indexDir)!.docs.keys()].sort();

  it('at 01:00 on 1 July in Guanxian a document valid through June is no longer indexed', async () => {
    const { corpusDir, indexDir } = corpus();
    const s = await buildIndexFiles(corpusDir, indexDir, new RecordingEmbedder(), { timeZone: 'Asia/Shanghai', now: JULY_FIRST_IN_SHANDONG });
    expect(s.skippedExpired).toBe(1);
    expect(served(indexDir)).toEqual(['interp-open', 'interp-year']);
  });

  it('the same instant is still 30 June in UTC, so there the document is served', async () => {
    const { corpusDir, indexDir } = corpus();
    const s = await buildIndexFiles(corpusDir, indexDir, new RecordingEmbedder(), { timeZone: 'UTC', now: JULY_FIRST_IN_SHANDONG });
    expect(s.skippedExpired).toBe(0);
    expect(served(indexDir)).toEqual(['interp-june', 'interp-open', 'interp-year']);
  });

  it('without a time zone the county default (Asia/Shanghai) applies; an explicit today wins', async () => {
    const { corpusDir, indexDir } = corpus();
    expect((await buildIndexFiles(corpusDir, indexDir, new RecordingEmbedder(), { now: JULY_FIRST_IN_SHANDONG })).skippedExpired).toBe(1);
    const pinned = await buildIndexFiles(corpusDir, indexDir, new RecordingEmbedder(), { today: '2027-01-01', timeZone: 'UTC', now: JULY_FIRST_IN_SHANDONG });
    expect(pinned.skippedExpired).toBe(2);
    expect(served(indexDir)).toEqual(['interp-open']);
  });
});
