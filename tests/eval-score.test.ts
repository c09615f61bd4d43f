/** The evaluation's scoring rules, on synthetic outcomes. */
import { describe, expect, it } from 'vitest';
import { percentile, reciprocalRank, satisfies } from '../src/eval/score.ts';

describe('satisfies', () => {
  it('needs every string of one alternative', () => {
    expect(satisfies('共受理申请130件，答复128件', [['130件', '128件']])).toBe(true);
    expect(satisfies('共受理申请130件', [['130件', '128件']])).toBe(false);
    expect(satisfies('共受理申请130件', [['128件'], ['130件']])).toBe(true);
  });

  it('normalises full-width characters and whitespace on both sides', () => {
    expect(satisfies('应当自收到申请之日起２０个工作日内予以答复', [['20个工作日']])).toBe(true);
    expect(satisfies('20 个 工作日', [['２０个工作日']])).toBe(true);
    expect(satisfies('无法提供的占４３％', [['43%']])).toBe(true);
    expect(satisfies('ABC', [['abc']])).toBe(true);
  });

  it('does not match numbers that are only similar', () => {
    expect(satisfies('办理建议127件', [['12件']])).toBe(false);
  });
});

describe('reciprocalRank', () => {
  const passages = ['关于收费的说明', '答复期限是20个工作日', '20个工作日内公开'];
  it('is 1/rank of the first satisfying passage', () => {
    expect(reciprocalRank(passages, [['20个工作日']])).toBe(1 / 2);
    expect(reciprocalRank(passages, [['收费']])).toBe(1);
    expect(reciprocalRank(passages, [['内公开']])).toBeCloseTo(1 / 3);
  });
  it('is 0 when no passage satisfies', () => {
    expect(reciprocalRank(passages, [['护照']])).toBe(0);
    expect(reciprocalRank([], [['护照']])).toBe(0);
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 100)).toBe(10);
    expect(percentile([], 50)).toBe(0);
  });
});
