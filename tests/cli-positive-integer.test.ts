/** The one parser of counts typed on the command line (--limit, --page, --count, turn ids). */
import { describe, expect, it } from 'vitest';
import { CliError, positiveInteger } from '../src/cli/errors.ts';

const message = (typed: string) => `不是正整数：${typed}`;

describe('positiveInteger', () => {
  it('accepts whole numbers from 1 up to the maximum', () => {
    expect(positiveInteger('1', message)).toBe(1);
    expect(positiveInteger('20', message, 20)).toBe(20);
    expect(positiveInteger(' 7 ', message)).toBe(7);
  });

  it.each(['0', '-1', '1.5', '12abc', '', 'abc', '21', '1e3'])('refuses %j with the command’s own message naming what was typed', (typed) => {
    expect(() => positiveInteger(typed, message, 20)).toThrow(new CliError(message(typed)));
  });
});
