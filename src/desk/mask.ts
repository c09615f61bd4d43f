/**
 * Masks personal data in citizens' free text before staff lists, exports,
 * notifications and logs show it: ID-card numbers, mobile and landline
 * numbers, bank-card numbers, QQ numbers and e-mail addresses, written the
 * ways people really write them (grouped with spaces, dashes or dots,
 * full-width, in Chinese numerals, e-mail with 。 or ＠).
 *
 * Matching runs on a same-length "work" copy of the text (full-width folded,
 * digit-by-digit Chinese numerals turned into digits), so every position maps
 * one to one and the rest of the text keeps its original characters. Chinese
 * has no word boundaries, so a number is delimited by "no digit on either
 * side" instead of `\b`.
 *
 * Only citizens' text goes through here (questions, notes, history): the
 * corpus quotes official numbers that must stay as they are.
 */
import { toHalfWidth } from '../text/index.ts';

/** The kinds of personal data the masker knows. */
export type PersonalKind = 'email' | 'id18' | 'bankCard' | 'mobile' | 'id15' | 'landline' | 'qq';

/** One piece of personal data found in a text: its kind, the original characters and their position. */
export interface PersonalDatum {
  kind: PersonalKind;
  text: string;
  start: number;
  end: number;
}

/** Reporting order of `findPersonalData` (then by position). */
const KIND_ORDER: PersonalKind[] = ['email', 'id18', 'bankCard', 'mobile', 'id15', 'landline', 'qq'];

/** A match in work-string coordinates, with the positions inside it that are hidden. */
interface Span {
  kind: PersonalKind;
  start: number;
  end: number;
  /** Positions (absolute) to replace by `*`. */
  hidden: number[];
}

// ---------------------------------------------------------------------------
// The work copy
// ---------------------------------------------------------------------------

/** Chinese numerals as people read out a phone number digit by digit (幺 for 1, 两 for 2). */
const CN_DIGIT: Record<string, string> = {
  '〇': '0', '零': '0', '一': '1', '幺': '1', '二': '2', '两': '2', '三': '3',
  '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9',
};
const CN_DIGIT_CLASS = '〇零一幺二两三四五六七八九';
/** A run of digits and digit-numerals, optionally spaced or dashed, that may be a number read out digit by digit. */
const SPOKEN_RUN = new RegExp(`[0-9${CN_DIGIT_CLASS}](?:[ \\-]?[0-9${CN_DIGIT_CLASS}])*`, 'g');
/** Seven digits is the shortest number (a local landline) worth reading as digits. */
const MIN_SPOKEN_DIGITS = 7;

/** Numerals read out as a group of a number (一三八, 一二三四): a lone 一 next to digits (13812345678一直) is a word. */
const SPOKEN_GROUP = new RegExp(`[${CN_DIGIT_CLASS}]{3,}`, 'g');

/** What follows a numeral that begins a word rather than ends a number: 一直, 一下, 两个, 三次. */
const WORD_AFTER_NUMERAL = /[直下个起般定样共些次遍位名块天年月点辈]/;

/** Turns digit-by-digit Chinese numerals (一三八一二三四五六七八) into digits; shorter runs (二〇二四年) stay. */
function spokenDigitsToDigits(work: string): string {
  return work.replace(SPOKEN_RUN, (run, at: number) => {
    // 一三八…五六七八一直打不通: a last numeral that starts a word (一直, 两个) is not a digit.
    if (run.length > 1 && WORD_AFTER_NUMERAL.test(work[at + run.length] ?? '')) {
      const head = spokenDigitsToDigits(run.slice(0, -1));
      return head + run.slice(-1);
    }
    // Only groups of three or more numerals are read as digits: a lone 一 after digits (13812345678一直) is a word.
    const converted = run.replace(SPOKEN_GROUP, (group) => [...group].map((c) => CN_DIGIT[c]).join(''));
    if (converted === run) return run;
    return converted.replace(/[^0-9]/g, '').length >= MIN_SPOKEN_DIGITS ? converted : run;
  });
}

/** The same-length copy the rules match on. */
function workCopy(text: string): string {
  return spokenDigitsToDigits(toHalfWidth(text));
}

/** Overwrites [start, end) of the work copy so later rules do not match inside an earlier match. */
function blank(work: string, start: number, end: number): string {
  return work.slice(0, start) + '#'.repeat(end - start) + work.slice(end);
}

// ---------------------------------------------------------------------------
// E-mail and QQ
// ---------------------------------------------------------------------------

/** Local part, @ (maybe spaced), domain labels separated by . or a Chinese full stop, a letter TLD. */
const EMAIL = /[A-Za-z0-9._%+-]+[ \t]?@[ \t]?[A-Za-z0-9-]+(?:[.。｡][A-Za-z0-9-]+)*[.。｡][A-Za-z]{2,}(?![A-Za-z0-9])/g;

/** Keeps the first character of the local part and the domain, hides the rest of the local part. */
function emailSpan(start: number, match: string): Span {
  const at = match.indexOf('@');
  const hidden: number[] = [];
  for (let i = 1; i < at; i += 1) if (/[A-Za-z0-9._%+-]/.test(match[i]!)) hidden.push(start + i);
  return { kind: 'email', start, end: start + match.length, hidden };
}

/** A QQ number after its label: QQ 123456789, 扣扣：12345678. */
const QQ = /(?:qq|扣扣)(?:号码|号)?[ \t]*[:：]?[ \t]*([0-9]{5,12})(?![0-9])/gi;

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

/** What may stand between the digit groups of one number: spaces, a dash or dot (maybe spaced), a closing bracket. */
const SEP = String.raw`(?:[ \t]{1,2}|[ \t]?[-‐‑‒–—−.·~][ \t]?|\)[ \t]?)`;
/** A maximal run of digit groups joined by separators, maybe ending in the X of an ID number. */
const NUMBER_TOKEN = new RegExp(String.raw`(?<![0-9])[0-9](?:${SEP}?[0-9])*(?:[Xx](?![0-9A-Za-z]))?`, 'g');
/** Words right before a bare 7-8 digit number that make it a telephone number. */
const PHONE_CUE = /(?:电话|座机|固话|手机|号码|联系|致电|拨打|来电|热线|tel|phone)[^0-9*#\n]{0,4}$/i;
const CUE_LOOKBACK = 14;

const ID18 = /^[1-8]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]$/;
const ID15 = /^[1-8]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}$/;
const MOBILE = /^(?:0086|86)?1[3-9]\d{9}$/;

/** The most digits a personal number has (a 19-digit card; 0086 + a mobile has 15). */
const MAX_DIGITS = 19;

/** One digit group of a number token, in work-string coordinates. */
interface Group {
  text: string;
  start: number;
  end: number;
}

/** Bank cards are written in fours (6222 0212 3456 7890 123) or as 6 + the rest (622202 1234567890123). */
function cardGrouping(lengths: number[]): boolean {
  const head = lengths.slice(0, -1);
  return head.every((n) => n === 4) || (head.length === 1 && head[0] === 6);
}

/**
 * The kind of personal number `digits` is, given how it was grouped; null when it is none.
 * A single group is taken as written (the digit count decides); several groups must also
 * look like the number they add up to, so unrelated numbers side by side are not joined.
 */
function classify(digits: string, lengths: number[], afterPhoneCue: boolean): { kind: PersonalKind; head: number; tail: number } | null {
  const single = lengths.length === 1;
  const n = digits.length;
  if (/[Xx]$/.test(digits)) return n === 18 ? { kind: 'id18', head: 3, tail: 2 } : null;
  if (n === 18 && (single || ID18.test(digits) || lengths.join(',') === '6,8,4')) return { kind: 'id18', head: 3, tail: 2 };
  if (n >= 16 && n <= 19 && (single || cardGrouping(lengths))) return { kind: 'bankCard', head: 0, tail: 4 };
  if (MOBILE.test(digits)) return { kind: 'mobile', head: 0, tail: 0 };
  if (n === 15 && (single || ID15.test(digits))) return { kind: 'id15', head: 3, tail: 2 };
  if (single && /^0[1-9]\d{8,10}$/.test(digits)) {
    // 0635 5237226 or 010 12345678 written together: the local number is the last 8 digits when it can be, else 7.
    const local = n - 8 >= 3 ? 8 : 7;
    return { kind: 'landline', head: n - local, tail: 2 };
  }
  const [area = 0] = lengths;
  if (!single && /^0[1-9]\d{1,2}$/.test(digits.slice(0, area)) && [7, 8].includes(n - area)) {
    return { kind: 'landline', head: area, tail: 2 };
  }
  if (afterPhoneCue && (n === 7 || n === 8)) return { kind: 'landline', head: 0, tail: 2 };
  return null;
}

/** Positions to hide for a classified number: all digits but the first `head` and last `tail`; mobiles hide the middle four. */
function hiddenDigits(groups: Group[], kind: PersonalKind, head: number, tail: number): number[] {
  const positions: number[] = [];
  for (const g of groups) for (let i = 0; i < g.text.length; i += 1) positions.push(g.start + i);
  if (kind === 'mobile') {
    const prefix = positions.length - 11;
    return positions.slice(prefix + 3, prefix + 7);
  }
  return positions.slice(head, positions.length - tail);
}

/** True when `part` touches a star: it is what a masking left visible (0086 159****5678), not a number of its own. */
function besideMask(work: string, part: Group[]): boolean {
  // `part` is never empty (a run of one or more groups).
  const before = work.slice(0, part[0]!.start).replace(/[ \t\-.)]+$/, '').at(-1);
  const after = work.slice(part[part.length - 1]!.end).replace(/^[ \t\-.(]+/, '')[0];
  return before === '*' || after === '*';
}

/** Personal numbers inside one number token: the longest run of groups that is one, from left to right. */
function numbersInToken(work: string, token: string, at: number): Span[] {
  const groups: Group[] = [...token.matchAll(/[0-9]+[Xx]?/g)].map((m) => ({ text: m[0], start: at + m.index, end: at + m.index + m[0].length }));
  const spans: Span[] = [];
  let i = 0;
  while (i < groups.length) {
    let found: Span | null = null;
    // The longest personal number (0086 + a mobile, or a 19-digit card) has 19 digits: no need to look further.
    let last = i;
    // i and last + 1 are below groups.length, and part (groups i..j, j >= i) is never empty.
    for (let count = groups[i]!.text.length; last + 1 < groups.length && count + groups[last + 1]!.text.length <= MAX_DIGITS; last += 1) {
      count += groups[last + 1]!.text.length;
    }
    for (let j = last; j >= i && !found; j -= 1) {
      const part = groups.slice(i, j + 1);
      const digits = part.map((g) => g.text).join('');
      const first = part[0]!;
      const cue = PHONE_CUE.test(work.slice(Math.max(0, first.start - CUE_LOOKBACK), first.start)) && !besideMask(work, part);
      const kind = classify(digits, part.map((g) => g.text.length), cue);
      if (kind) {
        found = { kind: kind.kind, start: first.start, end: part[part.length - 1]!.end, hidden: hiddenDigits(part, kind.kind, kind.head, kind.tail) };
        i = j + 1;
      }
    }
    if (found) spans.push(found);
    else i += 1;
  }
  return spans;
}

// ---------------------------------------------------------------------------
// Finding and masking
// ---------------------------------------------------------------------------

/** Every match in `text`, in rule order (e-mail, QQ, then numbers), never overlapping. */
function findSpans(text: string): Span[] {
  let work = workCopy(text);
  const spans: Span[] = [];
  for (const m of work.matchAll(EMAIL)) spans.push(emailSpan(m.index, m[0]));
  for (const s of spans) work = blank(work, s.start, s.end);
  for (const m of work.matchAll(QQ)) {
    const digits = m[1]!; // QQ's one group is mandatory
    const start = m.index + m[0].length - digits.length;
    const span: Span = { kind: 'qq', start, end: start + digits.length, hidden: [] };
    for (let i = start; i < span.end - 2; i += 1) span.hidden.push(i);
    spans.push(span);
    work = blank(work, span.start, span.end);
  }
  for (const m of work.matchAll(NUMBER_TOKEN)) spans.push(...numbersInToken(work, m[0], m.index));
  return spans;
}

/** Which personal data `text` contains, by kind (e-mail, ID, bank card, mobile, old ID, landline, QQ), then position. */
export function findPersonalData(text: string): PersonalDatum[] {
  return findSpans(text)
    .map((s) => ({ kind: s.kind, text: text.slice(s.start, s.end), start: s.start, end: s.end }))
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.start - b.start);
}

/** Cheap pre-check: without a digit, an @ or seven numerals in a row there is nothing to mask. */
const MAY_HOLD_NUMBER = new RegExp(`[0-9\\uFF10-\\uFF19@＠]|[${CN_DIGIT_CLASS}](?:[ \\-]?[${CN_DIGIT_CLASS}]){${MIN_SPOKEN_DIGITS - 1}}`);

function maskOnce(text: string): string {
  const out = text.split('');
  for (const span of findSpans(text)) for (const i of span.hidden) out[i] = '*';
  return out.join('');
}

/**
 * Returns `text` with personal data masked by `*`, same length: a few leading
 * and trailing digits stay so staff can tell numbers apart (138****5678,
 * 370*************3X, ************0123, 0635-*****26, z****@qq.com).
 * Idempotent: masking a masked text changes nothing.
 */
export function maskPersonalData(text: string): string {
  if (!MAY_HOLD_NUMBER.test(text)) return text;
  // What stays visible of two neighbouring numbers could, in rare layouts, read as a new number: mask until stable.
  let current = text;
  for (;;) {
    const next = maskOnce(current);
    if (next === current) return current;
    current = next;
  }
}

// ---------------------------------------------------------------------------
// Removing (for text that is published)
// ---------------------------------------------------------------------------

/** Characters a masked number is made of: digits (any width, spoken), letters, stars and the separators between them. */
const NUMBER_CHAR = `[0-9A-Za-z\\uFF10-\\uFF19\\uFF21-\\uFF3A\\uFF41-\\uFF5A${CN_DIGIT_CLASS}*@＠._%+\\-－()（）。｡]`;
/** A run of such characters, single spaces allowed inside (138 **** 5678). */
const NUMBER_RUN = new RegExp(`${NUMBER_CHAR}+(?:[ \\t]${NUMBER_CHAR}+)*`, 'g');

/** Tidies what removing numbers leaves: doubled spaces and punctuation, a label colon with nothing after it. */
function tidy(text: string): string {
  return text
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+(?=[\p{Script=Han}\p{P}])|(?<=[\p{Script=Han}\p{P}])[ \t]+/gu, '')
    .replace(/[:：](?=[\p{P}]|$)/gu, '')
    .replace(/([，、；,;])[，、；,;]+/g, '$1')
    .replace(/^[，、；,;。\s]+/, '')
    .trim();
}

/** `text` without the characters of `spans`. */
function withoutSpans(text: string, spans: Span[]): string {
  const drop = new Uint8Array(text.length);
  for (const s of spans) drop.fill(1, s.start, s.end);
  let out = '';
  for (let i = 0; i < text.length; i += 1) if (!drop[i]) out += text[i];
  return out;
}

/** Removes what an earlier masking left of a number (370*************34, 138 **** 5678). */
function withoutMaskedRemnants(text: string): string {
  return text.replace(NUMBER_RUN, (run) => {
    if (!run.includes('*')) return run;
    // A sentence's full stop after the number is not part of it.
    const trailing = /[.。｡(（\-－_%+@＠]+$/.exec(run)?.[0] ?? '';
    return trailing.replace(/[^.。｡]/g, '');
  });
}

/**
 * Removes personal data from `text` altogether (not just starred), for text
 * that is published: 「我的身份证370102 19900101 1234丢了」 → 「我的身份证丢了」.
 * Also removes what an earlier masking left (370*************34).
 */
export function stripPersonalData(text: string): string {
  let current = text;
  // Removing a number can bring two others together: repeat until nothing is found.
  for (let spans = findSpans(current); spans.length; spans = findSpans(current)) current = withoutSpans(current, spans);
  return tidy(withoutMaskedRemnants(current));
}
