/**
 * Text normalisation shared by the grounding check: the model and the corpus
 * may write the same fact with full-width or half-width characters, different
 * bracket or quote shapes, spaces, or Chinese instead of Arabic numerals.
 */
import { foldCompatibility } from '../text/index.ts';

/** Bracket shapes folded together so that 〔2021〕, [2021], 【2021】 and （2021） compare equal. */
const BRACKETS: Record<string, string> = {
  '[': '〔', ']': '〕', '【': '〔', '】': '〕', '〖': '〔', '〗': '〕', '(': '〔', ')': '〕',
  '〈': '<', '〉': '>',
};
const DASHES = /[‐‑‒–—―−]/g;
const MIDDLE_DOTS = /[•・‧∙⋅]/g;

/**
 * Canonical form for substring comparison: NFKC (full-width → half-width, ideographic space → space),
 * one bracket shape, one dash, one middle dot, no whitespace, Latin lower-cased.
 * Quote characters are removed because the check compares what is quoted, not how.
 */
export function canonical(text: string): string {
  return foldCompatibility(text)
    .replace(/[[\]【】〖〗()〈〉]/g, (c) => BRACKETS[c] ?? c)
    .replace(DASHES, '-')
    .replace(MIDDLE_DOTS, '·')
    .replace(/["“”「」『』‘’'`]/g, '')
    .replace(/\s+/g, '')
    .toLowerCase();
}

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SMALL_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNIT: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

/** Characters that can form a Chinese numeral. */
export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千万亿';

/**
 * Converts a Chinese numeral to a number: 十四 → 14, 二百零四 → 204, 一万四千一百八十五 → 14185,
 * and positional digit strings (years) 二〇二四 → 2024. Returns null when the string is not a numeral.
 */
export function chineseToNumber(text: string): number | null {
  if (!text || [...text].some((c) => !CHINESE_NUMERAL_CHARS.includes(c))) return null;
  if (![...text].some((c) => c in SMALL_UNIT || c in BIG_UNIT)) {
    // Positional: 二〇二四, 一二.
    return Number([...text].map((c) => DIGIT[c]).join(''));
  }
  let yi = 0;
  let wan = 0;
  let section = 0;
  let digit: number | null = null;
  for (const c of text) {
    if (c in DIGIT) {
      digit = DIGIT[c]!;
    } else if (c in SMALL_UNIT) {
      section += (digit ?? 1) * SMALL_UNIT[c]!;
      digit = null;
    } else if (c === '万') {
      wan += (section + (digit ?? 0) || 1) * BIG_UNIT[c]!;
      section = 0;
      digit = null;
    } else {
      yi += (wan + section + (digit ?? 0) || 1) * BIG_UNIT[c]!;
      wan = 0;
      section = 0;
      digit = null;
    }
  }
  return yi + wan + section + (digit ?? 0);
}

/**
 * Canonical spelling of an Arabic number: thousands separators removed, leading zeros and
 * trailing decimal zeros dropped (22,572 → 22572; 22.60 → 22.6; 07 → 7).
 */
export function canonicalNumber(raw: string): string {
  let s = raw.replace(/,/g, '');
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  s = s.replace(/^0+(?=\d)/, '');
  return s;
}
