/**
 * Personal details beyond numbers: names of persons and house numbers in
 * citizens' and staff's text. Used to flag names before a question is
 * published as a FAQ, and to keep a reply that names someone (or their flat)
 * to the one citizen it was written for.
 *
 * Chinese names have no capital letters, so a name is recognised only where
 * the text says it is one: after 我叫 / 姓名 / 联系人 …, or before an
 * honorific (王先生, 李大爷). That misses some names but rarely flags a word.
 */
import { findPersonalData, type PersonalKind } from './mask.ts';

/** Common surnames (single and compound), the first character of a recognised name. */
export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常葛翟齐庞耿靳牛殷左岳柴尚乔焦窦祝芦臧';
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '令狐', '慕容', '夏侯', '公孙'];

const SURNAME = `(?:${COMPOUND_SURNAMES.join('|')}|[${SURNAMES}])`;
/** Words that introduce one's own or someone's name. */
const NAME_CUE = String.raw`(?:我叫|我是|本人是?|名叫|叫做|我姓|姓名[是为:：\s]*|联系人[是为:：\s]*|户主[是为:：\s]*|申请人[是为:：\s]*|当事人[是为:：\s]*)`;
/** Honorifics after a surname (and maybe a given name). */
const HONORIFIC = '(?:先生|女士|小姐|老师|师傅|大爷|大娘|大妈|大伯|阿姨|奶奶|爷爷|大哥|大姐|同志)';
/** Characters that end a name after a cue: particles, verbs and punctuation that follow names. */
const AFTER_NAME = /[的在是了想要和与跟家住说问，。、；：,.;:!！?？\s].*$/u;
/** What a word after 我是 ends in when it is a place or a kind of person, not a name (冠县人, 王庄村, 党员). */
const NOT_A_NAME = /[人户员村县镇乡庄区街路]$/u;

const CUE_NAME = new RegExp(`${NAME_CUE}([老小]?${SURNAME}[\\p{Script=Han}]{0,2})`, 'gu');
const HONORIFIC_NAME = new RegExp(`(${SURNAME}[\\p{Script=Han}]{0,2}?)${HONORIFIC}`, 'gu');

/** Names of persons the text gives (张三, 王, 老李) or addresses (王先生 → 王), in order, without repeats. */
export function personNames(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(CUE_NAME)) {
    const name = (m[1] ?? '').replace(AFTER_NAME, '');
    if (name && !NOT_A_NAME.test(name)) found.push(name);
  }
  for (const m of text.matchAll(HONORIFIC_NAME)) if (m[1]) found.push(m[1]);
  return [...new Set(found)];
}

/** A number with a unit of a building or flat: 3号楼, 5单元, 501室, 二栋. */
const HOUSE_NUMBER = /(?:[0-9０-９]+|[〇零一二三四五六七八九十百两]+)[ \t]*(?:号楼|栋|幢|单元|室|户)/gu;

/** House numbers in the text (3号楼, 5单元, 501室), in order, without repeats. */
export function houseNumbers(text: string): string[] {
  return [...new Set([...text.matchAll(HOUSE_NUMBER)].map((m) => m[0].replace(/[ \t]+/g, '')))];
}

/** One personal detail: a number (of a kind the masker knows), a person's name or a house number. */
export type PersonalDetail =
  | {
      kind: 'number';
      /** Which kind of number (mobile, ID card …). */
      numberKind: PersonalKind;
      text: string;
    }
  | { kind: 'name' | 'house'; text: string };

/** Every personal detail in `text`: numbers first, then names, then house numbers. */
export function personalDetails(text: string): PersonalDetail[] {
  return [
    ...findPersonalData(text).map((d): PersonalDetail => ({ kind: 'number', numberKind: d.kind, text: d.text })),
    ...personNames(text).map((name): PersonalDetail => ({ kind: 'name', text: name })),
    ...houseNumbers(text).map((house): PersonalDetail => ({ kind: 'house', text: house })),
  ];
}
