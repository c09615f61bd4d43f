/**
 * Masks personal data in free text before staff lists and exports show it:
 * ID-card numbers, mobile and landline numbers, bank-card numbers, e-mail.
 *
 * Chinese has no word boundaries, so numbers are delimited by "no digit on
 * either side" instead of `\b`. Full-width characters (１３８…, ＠) are matched
 * through a same-length half-width copy, so positions map one to one and the
 * rest of the text keeps its original characters.
 */
import { normalizeWidth } from '../retrieval/text.ts';

interface MaskRule {
  name: 'email' | 'id18' | 'bankCard' | 'mobile' | 'id15' | 'landline';
  pattern: RegExp;
  /** Returns a replacement of the same length. */
  mask(match: string): string;
}

/** Keeps the first `head` and last `tail` digits, stars the other digits, keeps separators. */
function keepEnds(match: string, head: number, tail: number): string {
  const digitCount = (match.match(/[0-9Xx]/g) ?? []).length;
  let seen = 0;
  return match.replace(/[0-9Xx]/g, (d) => {
    seen += 1;
    return seen <= head || seen > digitCount - tail ? d : '*';
  });
}

const RULES: MaskRule[] = [
  {
    name: 'email',
    pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
    mask: (m) => {
      const at = m.indexOf('@');
      return m[0] + '*'.repeat(at - 1) + m.slice(at);
    },
  },
  // 18-digit resident ID, last character may be X.
  { name: 'id18', pattern: /(?<!\d)\d{17}[\dXx](?![\dA-Za-z])/g, mask: (m) => keepEnds(m, 3, 2) },
  // Bank cards: 16-19 digits, plain or in groups of four separated by spaces or dashes.
  {
    name: 'bankCard',
    pattern: /(?<!\d)\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?(?!\d)/g,
    mask: (m) => keepEnds(m, 0, 4),
  },
  // Mobile numbers, optionally +86 / 0086 / 86, with spaces or dashes between 3-4-4 groups.
  {
    name: 'mobile',
    pattern: /(?<![\d+])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g,
    mask: (m) => {
      // Star the middle four digits of the 11-digit number itself, not of the prefix.
      const digits = m.replace(/\D/g, '');
      const prefixDigits = digits.length - 11;
      let seen = 0;
      return m.replace(/\d/g, (d) => {
        seen += 1;
        const pos = seen - prefixDigits; // 1..11 inside the mobile number
        return pos >= 4 && pos <= 7 ? '*' : d;
      });
    },
  },
  // Old 15-digit ID numbers.
  { name: 'id15', pattern: /(?<!\d)\d{15}(?!\d)/g, mask: (m) => keepEnds(m, 3, 2) },
  // Landlines with area code: 0635-1234567, 063512345678, (0635)1234567.
  {
    name: 'landline',
    pattern: /(?:(?<!\d)0\d{2,3}[ -]?|\(0\d{2,3}\)\s?|（0\d{2,3}）)\d{7,8}(?!\d)/g,
    mask: (m) => {
      const digits = (m.match(/\d/g) ?? []).length;
      const local = m.replace(/^.*?(\d{7,8})$/, '$1').length;
      return keepEnds(m, digits - local, 2);
    },
  },
];

/** Maps full-width ASCII variants (０-９, Ａ-Ｚ, ＠, ＋, －) and the ideographic space to half-width, one unit for one. */
export const toHalfWidth = normalizeWidth;

/** Which kinds of personal data `text` contains (for tests and statistics). */
export function findPersonalData(text: string): { kind: MaskRule['name']; text: string }[] {
  const found: { kind: MaskRule['name']; text: string }[] = [];
  let work = toHalfWidth(text);
  for (const rule of RULES) {
    for (const m of work.matchAll(rule.pattern)) {
      found.push({ kind: rule.name, text: text.slice(m.index, m.index + m[0].length) });
      work = work.slice(0, m.index) + '#'.repeat(m[0].length) + work.slice(m.index + m[0].length);
    }
  }
  return found;
}

/**
 * Returns `text` with personal data masked by `*` (same length; a few leading
 * and trailing digits stay so staff can tell numbers apart).
 */
export function maskPersonalData(text: string): string {
  let work = toHalfWidth(text);
  const out = text.split('');
  for (const rule of RULES) {
    const matches = [...work.matchAll(rule.pattern)];
    for (const m of matches) {
      const masked = rule.mask(m[0]);
      for (let i = 0; i < masked.length; i += 1) {
        if (masked[i] === '*') out[m.index + i] = '*';
      }
      // Later rules must not match inside what was already masked.
      work = work.slice(0, m.index) + masked.replace(/[^*]/g, '#') + work.slice(m.index + m[0].length);
    }
  }
  return out.join('');
}
