/** The kinds of answer a question asks for, and what does or does not state one. */
import { describe, expect, it } from 'vitest';
import { askedAnswerType, isAskingWord, statesAnswer } from '../src/retrieval/answer-type.ts';

describe('asked answer type', () => {
  it.each([
    ['办证要交多少钱？', 'amount'],
    ['条例是哪年公布的？', 'year'],
    ['申请多久能答复？', 'duration'],
    ['政府网站多久检查一次？', 'duration'],
    ['最晚几个工作日内答复？', 'duration'],
    ['中考成绩什么时候公布？', 'date'],
    ['去年开了几次新闻发布会？', 'count'],
    ['一共收到多少件申请？', 'count'],
    ['年度报告在哪里能看到？', 'place'],
    ['应该向哪个部门申请？', 'place'],
    ['政府信息公开是什么意思？', null],
    ['政务公开办的联系电话是多少？', 'contact'],
    ['政府开放活动月定在每年哪几个月？', 'date'],
    ['哪几个部门负责？', null],
    ['公务员考试招多少人、什么条件，政府要公开吗？', null],
    ['年度报告最晚什么时候公布？要公布什么', 'date'],
  ])('%s → %s', (q, type) => {
    expect(askedAnswerType(q)).toBe(type);
  });
});

describe('states the answer', () => {
  it('a four-digit year dates a fact but does not say how long something takes', () => {
    expect(statesAnswer('duration', '2024年共答复网站留言204件')).toBe(false);
    expect(statesAnswer('duration', '自收到申请之日起20个工作日内予以答复')).toBe(true);
    expect(statesAnswer('duration', '每季度对网站进行一次检查')).toBe(true);
    expect(statesAnswer('year', '2024年共答复网站留言204件')).toBe(true);
  });

  it('"及时" (promptly) is not a time limit', () => {
    expect(statesAnswer('duration', '行政机关应当及时向国家档案馆提供主动公开的政府信息')).toBe(false);
    expect(statesAnswer('date', '行政机关应当及时向国家档案馆提供主动公开的政府信息')).toBe(false);
  });

  it('"什么时候" wants a day, a month or a deadline, not just a year', () => {
    expect(statesAnswer('date', '平台公开冠县2024年中考招生学校概况')).toBe(false);
    expect(statesAnswer('date', '应当在每年3月31日前向社会公布')).toBe(true);
    expect(statesAnswer('date', '冠县将5月、9月定为政府开放活动月')).toBe(true);
  });

  it('a count is a number with what it counts; a house number is not one', () => {
    expect(statesAnswer('count', '地址：山东省聊城市冠县红旗北路109号')).toBe(false);
    expect(statesAnswer('count', '举行新闻发布会48次')).toBe(true);
    expect(statesAnswer('count', '全县五十五个政务新媒体')).toBe(true);
    expect(statesAnswer('count', '《条例》第二十条列出了具体范围')).toBe(false);
    expect(statesAnswer('count', '见第3期简报')).toBe(false);
  });

  it('a place is a site, an office or a channel', () => {
    expect(statesAnswer('place', '冠县将政策解读工作与特色产业鸭梨、灵芝相结合')).toBe(false);
    expect(statesAnswer('place', '年度报告在冠县人民政府网站公开')).toBe(true);
  });

  it('a contact is a phone number or an e-mail address', () => {
    expect(statesAnswer('contact', '电话:0635-5237226；电子邮箱:gxzwgk@lc.shandong.cn')).toBe(true);
    expect(statesAnswer('contact', '可以通过传真提交申请')).toBe(false);
  });

  it('no asked type means any text will do', () => {
    expect(statesAnswer(null, '')).toBe(true);
  });
});

describe('asking words', () => {
  it('are the words that ask for the kind (多久, 几次, 最晚), not the topic', () => {
    expect(isAskingWord('duration', '多久')).toBe(true);
    expect(isAskingWord('count', '几次')).toBe(true);
    expect(isAskingWord('date', '最晚')).toBe(true);
    expect(isAskingWord('count', '最晚')).toBe(false);
    expect(isAskingWord('duration', '答复')).toBe(false);
    expect(isAskingWord(null, '多久')).toBe(false);
  });
});
