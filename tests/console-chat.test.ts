/**
 * The console chat loop over a real app: questions answered in the current
 * persona's voice, /persona switching, /ticket lookups, /quit. Driven through
 * PassThrough streams the way a terminal would feed it.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsoleChat } from '../src/channels/console/index.ts';
import { useRepoCorpusApp } from './fixtures/repo-app.ts';

const repoApp = useRepoCorpusApp();

/** A console session: type lines, read everything printed so far, wait for printed text. */
function session(persona: 'xiaoli' | 'xiaozhi' = 'xiaoli') {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (d: Buffer) => (printed += d.toString('utf8')));
  const done = runConsoleChat(repoApp(), { persona, input, output });
  return {
    done,
    type: (line: string) => input.write(`${line}\n`),
    /** End of input, like Ctrl+D. */
    end: () => input.end(),
    printed: () => printed,
    /** Resolves once the output matches (polling; the loop answers asynchronously). */
    async waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
      for (let i = 0; i < 500; i++) {
        const m = printed.match(pattern);
        if (m) return m;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`console never printed ${pattern}; got:\n${printed}`);
    },
  };
}

describe('console chat', () => {
  it('welcomes, answers a question with a citation, switches persona, looks up tickets and quits', async () => {
    const s = session();
    s.type('申请政府信息公开多久能答复？');
    await s.waitFor(/20个工作日[\s\S]*出处/);
    expect(s.printed()).toContain('欢迎');
    expect(s.printed()).toContain('🍐 ');

    s.type('/persona 冠小芝');
    await s.waitFor(/已切换为 冠小芝/);
    s.type('查政府信息要收费吗？');
    await s.waitFor(/🍄 [\s\S]*信息处理费/);

    s.type('/ticket GX20000101-0001');
    await s.waitFor(/找不到留言编号 GX20000101-0001/);

    s.type('冠县哪里可以办护照？');
    const [, ticket] = await s.waitFor(/留言编号：(GX\d{8}-\d{4})/);
    // Lookup is forgiving about case, as citizens type it, and shows the desk's citizen view.
    s.type(`/ticket ${ticket!.toLowerCase()}`);
    await s.waitFor(new RegExp(`留言编号：${ticket}\n办理状态：待处理\n留言时间：\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\n留言内容：冠县哪里可以办护照？`));
    // One digit more is another ticket, not this one.
    s.type(`/ticket ${ticket}1`);
    await s.waitFor(new RegExp(`找不到留言编号 ${ticket}1`));
    // Tickets asked elsewhere are not the console's to show.
    const web = repoApp().desk.openItem({ kind: '未解答', channel: 'web', channelUserId: 'session-1', question: '别人的问题', candidates: [] }).ticket;
    s.type(`/ticket ${web}`);
    await s.waitFor(new RegExp(`找不到留言编号 ${web}`));
    expect(s.printed()).not.toContain('别人的问题');

    s.type('/persona 不存在的角色');
    await s.waitFor(/请选择：冠小梨、冠小芝 或 两人/);

    s.type('/quit');
    s.type('退出以后的问题不会被回答');
    await s.done;
    expect(s.printed()).toContain('再见，欢迎随时再来！');
    expect(s.printed()).not.toContain('退出以后的问题');
    // The unresolved question was recorded from the console like any channel.
    expect(repoApp().desk.getItem(ticket!)).toMatchObject({ channel: 'cli', question: '冠县哪里可以办护照？' });
  });

  it('answers an unknown /command with the list of commands and opens no ticket', async () => {
    const before = repoApp().desk.listItems({}).length;
    const s = session();
    s.type('/foo');
    await s.waitFor(/可以输入的命令：[\s\S]*\/persona[\s\S]*\/ticket[\s\S]*\/quit/);
    s.type('/quit');
    await s.done;
    expect(s.printed()).not.toContain('留言编号');
    expect(repoApp().desk.listItems({}).length).toBe(before);
  });

  it('says so when a message is longer than the part that is looked up', async () => {
    const s = session();
    const long = `申请政府信息公开多久能答复？${'请帮我看一下。'.repeat(80)}`;
    s.type(long);
    await s.waitFor(new RegExp(`您的消息有 ${long.length} 字，超过 500 字，只按前 500 字查找了资料`));
    s.type('/quit');
    await s.done;
  });

  it('ends when the input ends, without a /quit', async () => {
    const s = session('xiaozhi');
    s.type('你好');
    await s.waitFor(/🍄 您好！我是冠小芝/);
    s.end();
    await s.done;
    expect(s.printed()).toContain('再见，欢迎随时再来！');
  });
});
