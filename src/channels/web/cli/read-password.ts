/**
 * Reads a password without echoing it on a TTY, or the first line of piped
 * stdin for `--password-stdin` (scripts, CI).
 */
import type { Readable, Writable } from 'node:stream';

/** Prompts on `output` and reads one line from a TTY `input` with echo off. */
export function promptHidden(prompt: string, input: NodeJS.ReadStream = process.stdin, output: Writable = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(prompt);
    let value = '';
    const wasRaw = input.isRaw;
    input.setRawMode?.(true);
    input.resume();
    input.setEncoding('utf8');
    const finish = (err?: Error) => {
      input.setRawMode?.(wasRaw ?? false);
      input.pause();
      input.removeListener('data', onData);
      output.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new Error('interrupted'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}

/** Reads all of `input` and returns its first line (without the line break). */
export async function readFirstLine(input: Readable = process.stdin): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}
