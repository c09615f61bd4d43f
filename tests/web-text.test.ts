/**
 * Every text the pages show comes from prompts/messages/web.yaml: the keys the
 * browser scripts use exist for the page that loads them, the templates fill
 * completely, and Word files keep their structure when converted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { PUBLIC_DIR } from '../src/channels/web/pages.ts';
import { escapeHtml, renderTemplate, safeJson, uiTable } from '../src/channels/web/text.ts';
import { htmlToMarkdown } from '../src/channels/web/admin/docx-to-markdown.ts';

const table = uiTable(loadConfig({ GUANBOT_LOG_LEVEL: 'silent' }).promptsDir);

function scripts(dir: string): string[] {
  return fs.readdirSync(path.join(PUBLIC_DIR, dir)).filter((f) => f.endsWith('.js')).map((f) => path.join(PUBLIC_DIR, dir, f));
}

/** Literal keys passed to t('…') in a browser script. */
function usedKeys(file: string): string[] {
  return [...fs.readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([\w.]+)'/g)].map((m) => m[1]!);
}

describe('ui text', () => {
  it.each([
    ['chat', ['common.', 'chat.']],
    ['admin', ['common.', 'admin.']],
  ])('has every key the %s scripts use, within what that page receives', (dir, prefixes) => {
    const files = [...scripts(dir), ...scripts('lib')];
    const keys = files.flatMap(usedKeys);
    expect(keys.length).toBeGreaterThan(10);
    for (const key of keys) {
      expect(prefixes.some((p) => key.startsWith(p)), `${key} is not sent to the ${dir} page`).toBe(true);
      expect(table[key], `web.yaml has no ui.${key}`).toBeTypeOf('string');
    }
  });

  it('is Chinese wherever a person reads it', () => {
    for (const [key, text] of Object.entries(table)) {
      if (/counter|perDayBar|topicLine|citedLine/.test(key)) continue;
      expect(text, key).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('fills templates with escaped text and refuses unknown keys', () => {
    expect(renderTemplate('<p>{{x}}</p>', { x: '<b>&"' })).toBe('<p>&lt;b&gt;&amp;&quot;</p>');
    expect(() => renderTemplate('{{missing.key}}', {})).toThrow(/missing ui text/);
    expect(safeJson({ a: '</script><script>' })).not.toContain('</script>');
    expect(escapeHtml("'")).toBe('&#39;');
  });
});

describe('Word conversion', () => {
  it('keeps headings, paragraphs, lists and tables', () => {
    const md = htmlToMarkdown(
      '<h1>冠县惠民政策</h1><p>第一段&amp;说明。</p><h2>适用范围</h2><ul><li>城镇居民</li><li>农村居民</li></ul><table><tr><td><p>项目</p></td><td><p>标准</p></td></tr><tr><td><p>补贴</p></td><td><p>每月100元</p></td></tr></table>',
    );
    expect(md).toBe('# 冠县惠民政策\n\n第一段&说明。\n\n## 适用范围\n\n- 城镇居民\n- 农村居民\n\n| 项目 | 标准 |\n| --- | --- |\n| 补贴 | 每月100元 |');
  });
});
