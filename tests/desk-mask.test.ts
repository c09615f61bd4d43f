import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findPersonalData, maskPersonalData, stripPersonalData } from '../src/desk/mask.ts';
import { toHalfWidth } from '../src/text/index.ts';

const digitsLeft = (s: string) => (s.match(/\d/g) ?? []).length;

describe('maskPersonalData', () => {
  it('masks an 18-digit ID number ending in X inside Chinese text, without word boundaries', () => {
    const out = maskPersonalData('我的身份证号是37152219900101123X请帮我查一下');
    expect(out).toBe('我的身份证号是371*************3X请帮我查一下');
    expect(out).not.toContain('19900101');
  });

  it('masks an 18-digit ID with lower-case x and with all digits', () => {
    expect(maskPersonalData('身份证37152219900101123x。')).toBe('身份证371*************3x。');
    expect(maskPersonalData('证号371522199001011234')).toBe('证号371*************34');
  });

  it('masks old 15-digit ID numbers', () => {
    expect(maskPersonalData('旧身份证371522900101123号')).toBe('旧身份证371**********23号');
  });

  it('masks mobile numbers with +86/86 prefixes, spaces and dashes', () => {
    expect(maskPersonalData('电话13812345678')).toBe('电话138****5678');
    expect(maskPersonalData('电话+86 138 1234 5678谢谢')).toBe('电话+86 138 **** 5678谢谢');
    expect(maskPersonalData('手机8613812345678')).toBe('手机86138****5678');
    expect(maskPersonalData('手机138-1234-5678')).toBe('手机138-****-5678');
    expect(maskPersonalData('联系0086 15912345678')).toBe('联系0086 159****5678');
  });

  it('does not treat a 12-digit run or a number starting 12 as a mobile', () => {
    expect(maskPersonalData('编号12812345678')).toBe('编号12812345678');
    expect(findPersonalData('流水号138123456789').map((f) => f.kind)).not.toContain('mobile');
  });

  it('masks landlines with area code, with or without dash or brackets', () => {
    expect(maskPersonalData('办公室电话0635-5123456')).toBe('办公室电话0635-*****56');
    expect(maskPersonalData('座机063551234567')).toBe('座机0635******67');
    expect(maskPersonalData('电话(0635)5123456')).toBe('电话(0635)*****56');
    expect(maskPersonalData('电话010-12345678')).toBe('电话010-******78');
  });

  it('masks bank cards, plain and in spaced or dashed groups', () => {
    expect(maskPersonalData('卡号6222021234567890123')).toBe('卡号***************0123');
    expect(maskPersonalData('卡号6222 0212 3456 7890 123')).toBe('卡号**** **** **** ***0 123');
    expect(maskPersonalData('卡号6222-0212-3456-7890')).toBe('卡号****-****-****-7890');
    expect(maskPersonalData('6222021234567890')).toBe('************7890');
  });

  it('masks e-mail addresses, keeping the first character and the domain', () => {
    expect(maskPersonalData('邮箱zhangsan@example.com，请回复')).toBe('邮箱z*******@example.com，请回复');
    expect(maskPersonalData('发到 li.si+gx@mail.gx.gov.cn')).toBe('发到 l*******@mail.gx.gov.cn');
  });

  it('normalises full-width digits before matching but keeps the original characters elsewhere', () => {
    const out = maskPersonalData('电话：１３８１２３４５６７８，身份证３７１５２２１９９００１０１１２３Ｘ。');
    expect(out).toBe('电话：１３８****５６７８，身份证３７１*************３Ｘ。');
    expect(toHalfWidth('１３８＠ＡＢ')).toBe('138@AB');
  });

  it('masks several kinds in one text and reports what it found', () => {
    const text = '我叫张三，身份证37152219900101123X，手机13912345678，邮箱a1@b.cn，卡号6222021234567890123';
    expect(findPersonalData(text).map((f) => f.kind)).toEqual(['email', 'id18', 'bankCard', 'mobile']);
    const out = maskPersonalData(text);
    expect(out).not.toMatch(/19900101|12345678|6222021234/);
    expect(out.length).toBe(text.length);
  });

  it('leaves ordinary numbers of the annual report alone', () => {
    const text = '2024年共收到政府信息公开申请204件，办结率100%，电话会议3次，文号冠政办发〔2024〕12号';
    expect(maskPersonalData(text)).toBe(text);
    expect(findPersonalData(text)).toEqual([]);
  });

  it('does not let a mobile number match inside a longer ID number', () => {
    const out = maskPersonalData('37152213812345678X');
    expect(findPersonalData('37152213812345678X').map((f) => f.kind)).toEqual(['id18']);
    expect(digitsLeft(out)).toBe(4);
  });
});

/**
 * How people really write numbers (issue 11): each row is [what a citizen typed, what staff may see].
 * Official-looking numbers that are no personal data stay as they are.
 */
const TABLE: [string, string][] = [
  // ID numbers, grouped with spaces, dashes or dots, full width.
  ['我的身份证370102 19900101 1234丢了', '我的身份证370*** ******** **34丢了'],
  ['身份证号370102-19900101-123X', '身份证号370***-********-**3X'],
  ['身份证 3701 0219 9001 0112 34', '身份证 370* **** **** **** 34'],
  ['证件号 370102.19900101.1234', '证件号 370***.********.**34'],
  ['身份证３７０１０２１９９００１０１１２３Ｘ', '身份证３７０*************３Ｘ'],
  ['身份证370102 19901301 1234（月份写错了）', '身份证370*** ******** **34（月份写错了）'],
  ['老身份证370102 900101 123', '老身份证370*** ****** *23'],
  // Mobiles: 4-3-4, dots, dashes, spaces, prefixes, full width, Chinese numerals.
  ['手机1381 234 5678', '手机138* *** 5678'],
  ['电话139.1234.5678', '电话139.****.5678'],
  ['手机 138 1234 5678，请回电', '手机 138 **** 5678，请回电'],
  ['联系电话+86 139 1234 5678', '联系电话+86 139 **** 5678'],
  ['电话(+86)13912345678', '电话(+86)139****5678'],
  ['手机１３９－１２３４－５６７８', '手机１３９－****－５６７８'],
  ['手机 139 — 1234 — 5678', '手机 139 — **** — 5678'],
  ['我的手机一三八一二三四五六七八', '我的手机一三八****五六七八'],
  ['电话幺三九 一二三四 五六七八', '电话幺三九 **** 五六七八'],
  ['手机138一二三四五六七八', '手机138****五六七八'],
  ['手机号码是一三九零零零零一一一一谢谢', '手机号码是一三九****一一一一谢谢'],
  ['2024年换的手机 13812345678', '2024年换的手机 138****5678'],
  ['我的手机13812345678一直收不到短信', '我的手机138****5678一直收不到短信'],
  ['手机一三八一二三四五六七八一直打不通', '手机一三八****五六七八一直打不通'],
  ['2024 13812345678', '2024 138****5678'],
  ['13812345678、13912345678都能打通', '138****5678、139****5678都能打通'],
  // Landlines, with and without area code.
  ['座机0635-5237226', '座机0635-*****26'],
  ['办公电话0635 5237226', '办公电话0635 *****26'],
  ['（0635）5237226', '（0635）*****26'],
  ['电话5237226', '电话*****26'],
  ['座机：523 7226', '座机：*** **26'],
  ['打座机 62345678 找我', '打座机 ******78 找我'],
  ['固话０６３５－５２３７２２６', '固话０６３５－*****２６'],
  ['家里电话五二三七二二六', '家里电话*****二六'],
  // Bank cards: fours, 6 + 13, plain, full width.
  ['银行卡622202 1234567890123', '银行卡****** *********0123'],
  ['卡号6217 0000 1234 5678', '卡号**** **** **** 5678'],
  ['工资卡 6228480402564890018', '工资卡 ***************0018'],
  ['卡号6228-4804-0256-4890-018', '卡号****-****-****-***0-018'],
  ['卡号６２２２０２１２３４５６７８９０１２３', '卡号***************０１２３'],
  // E-mail with a Chinese full stop, full-width @, spaces, digits.
  ['邮箱zhang@qq。com', '邮箱z****@qq。com'],
  ['发到zhang＠qq.com就行', '发到z****＠qq.com就行'],
  ['邮箱 123456789@qq.com', '邮箱 1********@qq.com'],
  ['wang.li@163。com。谢谢', 'w******@163。com。谢谢'],
  ['邮箱 zhang @ qq.com', '邮箱 z**** @ qq.com'],
  ['QQ号 123456789', 'QQ号 *******89'],
  // Not personal numbers: dates, counts, document numbers, house numbers, postcodes, hotlines.
  ['2024年共收到政府信息公开申请204件', '2024年共收到政府信息公开申请204件'],
  ['冠政办发〔2024〕12号', '冠政办发〔2024〕12号'],
  ['3号楼5单元501室的楼道灯坏了', '3号楼5单元501室的楼道灯坏了'],
  ['2024.11.28 上午9:30', '2024.11.28 上午9:30'],
  ['2024-11-28', '2024-11-28'],
  ['拨打12345热线', '拨打12345热线'],
  ['第3.5条', '第3.5条'],
  ['价格1,234,567元', '价格1,234,567元'],
  ['邮政编码252500', '邮政编码252500'],
  ['文号5237226', '文号5237226'],
  ['二〇二四年十一月', '二〇二四年十一月'],
  ['编号12812345678', '编号12812345678'],
];

describe('maskPersonalData: how people write numbers', () => {
  it.each(TABLE)('%s', (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
    expect(maskPersonalData(expected)).toBe(expected);
  });

  it('has at least 40 cases', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
  });
});

describe('stripPersonalData', () => {
  it.each([
    ['我的身份证370102 19900101 1234丢了，在冠县哪里补办临时身份证', '我的身份证丢了，在冠县哪里补办临时身份证'],
    ['电话：13812345678，请回电', '电话，请回电'],
    ['2024 13812345678', '2024'],
    ['邮箱zhang@qq。com，谢谢', '邮箱，谢谢'],
    // What an earlier masking left is removed too.
    ['我的身份证370*** ******** **34丢了', '我的身份证丢了'],
    ['手机138****5678怎么办', '手机怎么办'],
    ['3号楼5单元的楼道灯坏了', '3号楼5单元的楼道灯坏了'],
  ])('%s', (input, expected) => {
    expect(stripPersonalData(input)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------
// Property: generated personal numbers, written every way the table shows, never survive.
// ---------------------------------------------------------------------------

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
const pad = (n: number, width: number) => String(n).padStart(width, '0');

const idNumber = fc
  .tuple(fc.integer({ min: 110000, max: 829999 }), fc.date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }), digits(3), fc.constantFrom(...'0123456789X'))
  .map(([region, born, seq, check]) => `${region}${born.getUTCFullYear()}${pad(born.getUTCMonth() + 1, 2)}${pad(born.getUTCDate(), 2)}${seq}${check}`);
const mobile = fc.tuple(fc.constantFrom('13', '14', '15', '16', '17', '18', '19'), digits(9)).map(([a, b]) => a + b);
const card = fc.tuple(fc.constantFrom('62', '43', '52', '60'), fc.integer({ min: 14, max: 17 })).chain(([head, rest]) => digits(rest).map((d) => head + d));
const landline = fc.tuple(fc.constantFrom('0635', '0531', '010', '021'), fc.integer({ min: 2, max: 9 }), fc.constantFrom(6, 7)).chain(([area, first, rest]) => digits(rest).map((d) => ({ area, local: `${first}${d}` })));

/** Splits `s` into groups of the given sizes (the last group takes the rest). */
function grouped(s: string, sizes: readonly number[], sep: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= s.length) break;
    parts.push(s.slice(at, at + size));
    at += size;
  }
  if (at < s.length) parts.push(s.slice(at));
  return parts.join(sep);
}

const SPOKEN = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const sep = fc.constantFrom('', ' ', '-', '.', ' - ', '－', '—');

/** A personal number and one way a citizen may have written it. */
const written = fc.oneof(
  fc.tuple(idNumber, fc.constantFrom([6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4], [18]), sep, fc.boolean()).map(([n, sizes, s, wide]) => {
    const text = grouped(n, sizes, s);
    return { number: n, text: wide ? fullWidth(text) : text };
  }),
  fc.tuple(mobile, fc.constantFrom([3, 4, 4], [4, 3, 4], [3, 8], [11]), sep, fc.constantFrom('', '+86 ', '86', '0086 '), fc.constantFrom('digits', 'wide', 'spoken')).map(
    ([n, sizes, s, prefix, style]) => {
      const body = grouped(n, sizes, s === '' || style !== 'spoken' ? s : ' ');
      if (style === 'spoken') return { number: n, text: body.replace(/[0-9]/g, (d) => SPOKEN[Number(d)]!) };
      return { number: n, text: style === 'wide' ? fullWidth(prefix + body) : prefix + body };
    },
  ),
  fc.tuple(card, fc.constantFrom([4, 4, 4, 4], [6], [40]), fc.constantFrom('', ' ', '-')).map(([n, sizes, s]) => ({ number: n, text: grouped(n, sizes, s) })),
  fc.tuple(landline, fc.constantFrom('-', ' ', ')', '', 'cue')).map(([{ area, local }, style]) => {
    if (style === 'cue') return { number: local, text: `座机${local}` };
    if (style === ')') return { number: area + local, text: `(${area})${local}` };
    return { number: area + local, text: area + style + local };
  }),
  fc.tuple(fc.stringMatching(/^[a-z0-9]{6,12}$/), fc.constantFrom('qq', '163', 'gmail'), fc.constantFrom('.', '。'), fc.constantFrom('@', '＠')).map(([local, domain, dot, at]) => ({
    number: local,
    text: `${local}${at}${domain}${dot}com`,
  })),
);

const before = fc.constantFrom('', '我的身份证', '手机号：', '请回电', '联系电话 ', '我叫王芳，', '银行卡号是', '麻烦发到邮箱', '座机');
const after = fc.constantFrom('', '，谢谢', '丢了怎么办？', ' 。', '，在冠县哪里补办', '（工作日）', '一直打不通', '两个号都打不通');

/** Runs of digits (spoken numerals read as digits) left in `text` once separators are dropped; stars end a run. */
function digitRuns(text: string): string[] {
  const plain = toHalfWidth(text)
    .replace(/[零〇一幺二两三四五六七八九]/g, (c) => String('零一二三四五六七八九'.indexOf(c === '〇' ? '零' : c === '幺' ? '一' : c === '两' ? '二' : c)))
    .replace(/[ \-.·—－()]/g, '');
  return plain.match(/[0-9]+/g) ?? [];
}

describe('maskPersonalData: properties', () => {
  it('leaves no run of 6 or more digits of a generated personal number', () => {
    fc.assert(
      fc.property(before, written, after, (pre, { number, text }, post) => {
        const masked = maskPersonalData(pre + text + post);
        const own = number.replace(/[^0-9]/g, '');
        for (const run of digitRuns(masked)) {
          for (let i = 0; i + 6 <= run.length; i += 1) expect(own).not.toContain(run.slice(i, i + 6));
        }
        expect(masked.length).toBe((pre + text + post).length);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent on generated and on arbitrary text', () => {
    fc.assert(
      fc.property(before, written, after, (pre, { text }, post) => {
        const once = maskPersonalData(pre + text + post);
        expect(maskPersonalData(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
    const noisy = fc.string({ unit: fc.constantFrom(...'0123456789０１２３ -.()@。qQ*X号电话手机一三八'.split('')), maxLength: 60 });
    fc.assert(
      fc.property(fc.oneof(noisy, fc.string({ maxLength: 60 })), (text) => {
        const once = maskPersonalData(text);
        expect(maskPersonalData(once)).toBe(once);
        expect(once.length).toBe(text.length);
      }),
      { numRuns: 2000 },
    );
  });
});
