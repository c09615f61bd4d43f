import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bigramJaccard, bigramSet, charBigrams, foldCompatibility, normalizeForMatch, splitSentences, toHalfWidth } from '../src/text/index.ts';
import { localDate, localToday } from '../src/time/index.ts';
import { COUNTY_TIME_ZONE, DEFAULT_PERSONA, MAX_QUESTION_CHARS, PERSONAS } from '../src/constants.ts';
import { loadConfig } from '../src/config.ts';

/** Strings of full-width ASCII, the ideographic space, Han characters and plain ASCII: what citizens type. */
const typed = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0xff01, max: 0xff5e }).map((c) => String.fromCharCode(c)),
    fc.constantFrom('\u3000', '低', '保', '标', '准', '冠', '县', '。', '？', '，'),
    fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  ),
});

describe('width folding', () => {
  it('toHalfWidth keeps one unit for one (the masker maps positions through it) and is idempotent', () => {
    fc.assert(
      fc.property(typed, (s) => {
        const half = toHalfWidth(s);
        expect(half.length).toBe(s.length);
        expect(toHalfWidth(half)).toBe(half);
        expect(half).not.toMatch(/[\uFF01-\uFF5E\u3000]/);
      }),
    );
  });

  it('normalizeForMatch is idempotent and leaves no upper case or whitespace', () => {
    fc.assert(
      fc.property(typed, (s) => {
        const n = normalizeForMatch(s);
        expect(normalizeForMatch(n)).toBe(n);
        expect(n).not.toMatch(/[A-Z\s]/);
      }),
    );
  });

  it('NFKC agrees with toHalfWidth on typed text, and folds more where the two are kept apart on purpose', () => {
    fc.assert(fc.property(typed, (s) => foldCompatibility(s) === toHalfWidth(s)));
    // Enclosed numbers and units: only the grounding check's form folds them (and changes the length).
    expect(foldCompatibility('①㎡')).toBe('1m2');
    expect(toHalfWidth('①㎡')).toBe('①㎡');
  });
});

describe('bigrams', () => {
  it('charBigrams takes bigrams inside runs only, after normalising', () => {
    expect(charBigrams('低保，ＡＢ')).toEqual(['低保', 'ab']);
    expect(charBigrams('低')).toEqual([]);
  });

  it('bigramSet lets a one-character question stand for itself', () => {
    expect([...bigramSet('啊')]).toEqual(['啊']);
    expect([...bigramSet('低保金')]).toEqual(['低保', '保金']);
  });

  it('bigramJaccard is symmetric, within 0..1, and 1 for equal strings', () => {
    fc.assert(
      fc.property(typed, typed, (a, b) => {
        const ab = bigramJaccard(a, b);
        expect(ab).toBe(bigramJaccard(b, a));
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
        expect(bigramJaccard(a, a)).toBe(1);
      }),
    );
  });

  it('splitSentences keeps the end marks with their sentence', () => {
    expect(splitSentences('低保怎么办？请带身份证。\n谢谢')).toEqual(['低保怎么办？', '请带身份证。', '谢谢']);
  });
});

describe('dates and shared constants', () => {
  it('localToday is the local date of now in the given zone', () => {
    const lateUtc = new Date('2026-06-30T20:00:00Z');
    expect(localToday(COUNTY_TIME_ZONE, lateUtc)).toBe('2026-07-01');
    expect(localToday('UTC', lateUtc)).toBe(localDate(lateUtc, 'UTC'));
  });

  it('the configuration defaults to the county time zone; the default persona is one of the personas', () => {
    expect(loadConfig({}, '/tmp').timezone).toBe(COUNTY_TIME_ZONE);
    expect(PERSONAS).toContain(DEFAULT_PERSONA);
    expect(MAX_QUESTION_CHARS).toBe(500);
  });
});
