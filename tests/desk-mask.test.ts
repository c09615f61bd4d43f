import { describe, expect, it } from 'vitest';
import { findPersonalData, maskPersonalData, toHalfWidth } from '../src/desk/mask.ts';

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
