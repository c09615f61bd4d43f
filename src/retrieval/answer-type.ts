/**
 * What kind of answer a question asks for (an amount, a phone number or address to write to, a year, a date, a
 * duration, a count, a place) and whether a text
 * states one. A passage that only mentions the topic without such an answer is a near miss, not the answer.
 *
 * The kinds are narrow on purpose: the corpus is stamped with years (2024年) and numbers everywhere, so "多久" is not
 * answered by 2024年, "多少件" not by 红旗北路109号, and "什么时候" not by a bare year.
 */

export type AnswerType = 'amount' | 'contact' | 'year' | 'date' | 'duration' | 'count' | 'place';

const CN_NUM = '[一二三四五六七八九十两百千]';
/** A count: a number followed by what is counted (and, after digits, a percentage). */
const CLASSIFIER = '个|件|期|次|条|篇|家|人|名|处|项|类|种|场|批|位|所|份|本|册|户|万|亿';
/** A span of time, excluding four-digit years (2024年 dates a fact; it does not say how long something takes). */
const SPAN_UNIT = '个?工作日|天|日|个?月|周|个?小时|年';

/** Question phrasings, checked in order (多少钱 before 多少). */
const ASKED: [AnswerType, RegExp][] = [
  ['amount', /多少钱|几块钱|多少元|收费多少|费用多少|补贴多少|多少补贴|发多少|给多少钱|标准是多少/],
  ['contact', /(电话|传真|手机|热线|号码|邮箱|邮件地址|邮编)(号码?)?(是多少|多少|是啥|是什么|是几)/],
  ['year', /哪年|哪一年|几几年|哪个年份/],
  // 哪几个月 asks which months (a date), not how many.
  ['duration', /多久|多长时间|多长|几天|多少天|几个工作日|多少个工作日|(?<!哪)几个月|期限/],
  ['date', /哪天|哪一天|几号|几月|哪几个月|什么时候|啥时候|何时|什么日子|什么时间/],
  ['count', new RegExp(`(?<!哪)(几|多少)(${CLASSIFIER})`)],
  ['place', /在哪|去哪|哪里|哪儿|什么地方|哪个地方|什么位置|什么网站|哪个网站|什么平台|哪个平台|什么渠道|哪个部门|什么部门|找谁|向谁/],
];

/** What a text must contain to answer each kind. */
const STATED: Record<AnswerType, RegExp> = {
  amount: /\d[\d.,]*(元|万元|亿元)|不收取|未收取|免费|不收费|收取.*费/,
  contact: /\d{3,4}-\d{7,8}|\d{7,}|[\w.]+@[\w.]+/,
  year: /\d{4}年|[〇零一二三四五六七八九]{4}年/,
  date: new RegExp(`\\d{1,2}月|\\d{1,2}日|${CN_NUM}+月|当场|即时|之日|以前|之前|日前|届满|每年|每月|每季度|定期|期间`),
  duration: new RegExp(`(?<!\\d)\\d{1,3}(${SPAN_UNIT})|${CN_NUM}+(${SPAN_UNIT})|当场|即时|立即|之日起|每(年|半年|季度|月|周|天|日)|定期`),
  // An ordinal (第二十条, 第3期) names an item; it does not count.
  count: new RegExp(`(?<![第\\d.,])\\d[\\d.,]*\\s*(${CLASSIFIER}|%)|(?<![第一二三四五六七八九十两百千])${CN_NUM}+(${CLASSIFIER})`),
  place:
    /网站|网页|平台|专栏|栏目|专区|专题|公众号|客户端|大厅|窗口|中心|办公室|机关|部门|机构|地址|[路街]\d+号|信箱|热线|电话|邮寄|当面|现场|互联网|传真/,
};

/** A yes-or-no question (…政府要公开吗？): a 多少 inside it describes the topic and is not what is asked. */
const YES_NO = /(吗|(?<![什怎那这])么)[\s?？!！。.~～]*$/;

/** The kind of answer a question asks for, or null when it asks for none in particular. */
export function askedAnswerType(question: string): AnswerType | null {
  if (YES_NO.test(question)) return null;
  return ASKED.find(([, re]) => re.test(question))?.[0] ?? null;
}

/** Words that ask for a deadline, whether put as a date (最晚哪天) or a span (最迟多久). */
const DEADLINE = /最晚|最迟|截止/;

/**
 * Whether a query word is itself the asking (多久, 几次, 最晚): such a word is answered by a text that states the
 * answer (20个工作日, 48次), not by one that repeats the word.
 */
export function isAskingWord(type: AnswerType | null, word: string): boolean {
  if (!type) return false;
  const asked = ASKED.find(([t]) => t === type)![1];
  return asked.test(word) || ((type === 'date' || type === 'duration') && DEADLINE.test(word));
}

/** Whether a (normalised) text states an answer of the kind; true when none is asked for. */
export function statesAnswer(type: AnswerType | null, text: string): boolean {
  return !type || STATED[type].test(text);
}
