/**
 * Finds the checkable facts in a text: passage marks, quoted phrases, document names and
 * numbers, e-mails, web addresses, phone numbers, dates, clock times and quantities.
 * The grounding check extracts claims from the model's answer and evidence from the passages
 * with the same functions, so both sides are read the same way.
 */
import { foldCompatibility } from '../text/index.ts';
import { canonical, canonicalNumber, chineseToNumber } from './normalize.ts';

/** Units a quantity keeps: 46件 and 46% are different claims. Longest first so 个工作日 wins over 个. */
const UNITS = [
  '个工作日', '个百分点', '个月', '工作日', '平方米', '小时', '分钟', '万元', '亿元', '千元', '批次',
  '%', '‰', '件', '条', '期', '次', '篇', '项', '年', '月', '日', '号', '天', '周', '个', '名', '人', '户', '家',
  '场', '批', '份', '倍', '届', '所', '类', '部', '位', '岁', '元', '万', '亿', '米', '吨', '亩', '页', '款', '章', '节', '轮',
];
const UNIT_PATTERN = UNITS.map((u) => u.replace(/[%‰]/g, '\\$&')).join('|');

/**
 * Units after which a Chinese numeral in the model's answer counts as a claim. Conversational
 * words (一个, 两位, 三人) are left out so that 冠小梨's "我们两个" is not held to the corpus.
 */
const CHINESE_CLAIM_UNITS = UNITS.filter((u) => !['个', '位', '人', '名', '家', '部', '所', '类', '节', '章', '万', '亿'].includes(u));

const NUMERAL_RUN = /百分之([零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?|\d+(?:\.\d+)?)|([零〇一二两三四五六七八九十百千万亿]+)(?:点([零〇一二三四五六七八九]+))?/g;

/** A quantity: a canonical number and the unit written after it ('' when none). */
export interface Quantity {
  value: string;
  unit: string;
}

/** Facts found in one text. Dates are `Y-M-D`, `Y-M` or `M-D`; phones are digits only. */
export interface Facts {
  marks: number[];
  quotes: string[];
  titles: string[];
  docNumbers: { prefix: string; core: string }[];
  emails: string[];
  urls: string[];
  phones: string[];
  dates: string[];
  times: string[];
  quantities: Quantity[];
  /** Canonical text the quoted phrases and names are looked up in (evidence side). */
  text: string;
}

/** How a text is read: `claim` (the model's answer) is strict about what counts, `evidence` (passages) is generous. */
export type ReadingMode = 'claim' | 'evidence';

const MARK = /[[【]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]】]/g;
const QUOTES = [/“([^“”]{1,200})”/g, /「([^「」]{1,200})」/g, /『([^『』]{1,200})』/g, /"([^"\n]{1,200})"/g];
const TITLE = /《([^《》]{1,120})》/g;
const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/g;
const URL = /(?:https?:\/\/|www\.)[a-z0-9\-._~:/?#@!$&*+=%]+/g;
const PHONE = /(?<![\d.])(?:\+?86-?)?(?:(?:0\d{2,3}-?\d{7,8})|1[3-9]\d{9}|\d{7,8})(?![\d.])/g;
const DOC_NUMBER = /(\p{Script=Han}{0,2})〔(\d{4})〕(\d+)号/gu;
const DATE = /(?<!\d)(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})[日号])?)?|(?<!\d)(\d{1,2})月(\d{1,2})[日号]|(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g;
const TIME = /(?<!\d)(\d{1,2}):(\d{2})(?!\d)/g;
const QUANTITY = new RegExp(`(?<![\\d.])(\\d+(?:,\\d{3})*(?:\\.\\d+)?)(${UNIT_PATTERN})?`, 'g');
const LIST_ENUMERATOR = /^[ \t]*(?:[-*•][ \t]*)?[(（]?\d{1,2}[.、)）](?!\d)/gm;

/** The passage numbers the answer cites: [1], [2], ［3］, 【1】 and grouped [1,2]. */
export function findMarks(text: string): number[] {
  const marks: number[] = [];
  for (const m of foldCompatibility(text).matchAll(MARK)) {
    for (const n of m[1]!.split(/[,，、]/)) marks.push(Number(n.trim()));
  }
  return marks;
}

/** Removes the passage marks (so that [1] is not read as the number 1). */
export function stripMarks(text: string): string {
  return foldCompatibility(text).replace(MARK, ' ');
}

function startsWithUnit(rest: string, units: string[]): string | undefined {
  return units.find((u) => rest.startsWith(u));
}

/**
 * Rewrites Chinese numerals that state a quantity into Arabic digits: 十四期 → 14期,
 * 百分之四十三 → 43%, 二〇二四年十二月 → 2024年12月. Numerals in words (三审三校, 一图读懂, 统一) stay.
 */
export function arabicise(text: string, mode: ReadingMode): string {
  const units = mode === 'claim' ? CHINESE_CLAIM_UNITS : UNITS;
  return text.replace(NUMERAL_RUN, (whole, percent: string | undefined, run: string | undefined, decimals: string | undefined, offset: number) => {
    if (percent !== undefined) {
      const [int, dec] = percent.split('点');
      const value = /^\d/.test(percent) ? percent : `${chineseToNumber(int!)}${dec ? '.' + [...dec].map((c) => chineseToNumber(c)).join('') : ''}`;
      return `${value}%`;
    }
    if (!run || !/[零〇一二两三四五六七八九]|^十/.test(run)) return whole;
    const after = text.slice(offset + whole.length);
    const unit = startsWithUnit(after, units);
    if (!unit) return whole;
    // A lone 一 or 零 is language (一次性, 一条龙, 零距离), unless it names a day or month.
    if (mode === 'claim' && /^[一零〇]$/.test(run) && !decimals && !['月', '日', '号'].includes(unit)) return whole;
    const value = chineseToNumber(run);
    if (value === null) return whole;
    const fraction = decimals ? '.' + [...decimals].map((c) => chineseToNumber(c)).join('') : '';
    return `${value}${fraction}`;
  });
}

function validDate(month: number, day?: number): boolean {
  return month >= 1 && month <= 12 && (day === undefined || (day >= 1 && day <= 31));
}

/** Collects and (in claim mode) removes every match of `pattern`, mapping it through `take`. */
function pull(text: string, pattern: RegExp, mode: ReadingMode, take: (m: RegExpMatchArray) => string | null, into: string[]): string {
  return text.replace(pattern, (...args) => {
    const m = args as unknown as RegExpMatchArray;
    const value = take(m);
    if (value === null) return m[0]!;
    into.push(value);
    return mode === 'claim' ? ' ' : m[0]!;
  });
}

/** Reads dates; in evidence mode a month-day inherits the year last written before it (2024年1月1日至12月31日). */
function pullDates(text: string, mode: ReadingMode, into: string[]): string {
  let lastYear: string | undefined;
  return text.replace(DATE, (whole, y1, m1, d1, m2, d2, y3, m3, d3) => {
    const add = (...dates: string[]) => into.push(...dates);
    if (y1) {
      lastYear = y1;
      if (!m1) return whole; // a year alone is a quantity (2024年)
      const month = Number(m1);
      const day = d1 ? Number(d1) : undefined;
      if (!validDate(month, day)) return whole;
      if (day === undefined) add(`${y1}-${month}`);
      else if (mode === 'claim') add(`${y1}-${month}-${day}`);
      else add(`${y1}-${month}-${day}`, `${y1}-${month}`, `${month}-${day}`);
    } else if (m2) {
      const month = Number(m2);
      const day = Number(d2);
      if (!validDate(month, day)) return whole;
      add(`${month}-${day}`);
      if (mode === 'evidence' && lastYear) add(`${lastYear}-${month}-${day}`, `${lastYear}-${month}`);
    } else {
      const month = Number(m3);
      const day = Number(d3);
      if (!validDate(month, day)) return whole;
      lastYear = y3;
      if (mode === 'claim') add(`${y3}-${month}-${day}`);
      else add(`${y3}-${month}-${day}`, `${y3}-${month}`, `${month}-${day}`);
    }
    return mode === 'claim' ? ' ' : whole;
  });
}

/** Extracts the checkable facts of a text. In claim mode marks and list numbering are read and removed first. */
export function extractFacts(raw: string, mode: ReadingMode): Facts {
  const facts: Facts = { marks: [], quotes: [], titles: [], docNumbers: [], emails: [], urls: [], phones: [], dates: [], times: [], quantities: [], text: '' };
  let text = foldCompatibility(raw);
  if (mode === 'claim') {
    facts.marks = findMarks(text);
    text = stripMarks(text).replace(LIST_ENUMERATOR, ' ');
  }
  facts.text = canonical(text);

  for (const q of QUOTES) text = pull(text, q, mode, (m) => canonical(m[1]!) || null, facts.quotes);
  text = pull(text, TITLE, mode, (m) => canonical(m[1]!) || null, facts.titles);

  text = canonical(text);
  text = pull(text, EMAIL, mode, (m) => m[0]!, facts.emails);
  text = pull(text, URL, mode, (m) => m[0]!.replace(/[.,:;!?/]+$/, ''), facts.urls);
  text = pull(text, PHONE, mode, (m) => m[0]!.replace(/\D/g, '').replace(/^86(?=\d{10,})/, ''), facts.phones);
  const docs: string[] = [];
  text = pull(text, DOC_NUMBER, mode, (m) => `${m[1]}|〔${m[2]}〕${m[3]}号`, docs);
  facts.docNumbers = docs.map((d) => {
    const [prefix, core] = d.split('|');
    return { prefix: prefix!, core: core! };
  });

  text = arabicise(text, mode);
  text = pullDates(text, mode, facts.dates);
  text = pull(text, TIME, mode, (m) => `${Number(m[1])}:${m[2]}`, facts.times);
  for (const m of text.matchAll(QUANTITY)) {
    facts.quantities.push({ value: canonicalNumber(m[1]!), unit: m[2] ?? '' });
  }
  return facts;
}
