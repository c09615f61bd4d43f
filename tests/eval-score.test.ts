/** The evaluation's scoring rules and the threshold calibration, on synthetic outcomes. */
import { describe, expect, it } from 'vitest';
import { calibrateThreshold, percentile, reciprocalRank, satisfies, type Outcome } from '../src/eval/score.ts';

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

const answerable = (confidence: number, shownOk = true): Outcome => ({ answerable: true, confidence, shownOk });
const outOfScope = (confidence: number): Outcome => ({ answerable: false, confidence, shownOk: false });

describe('calibrateThreshold', () => {
  it('separates cleanly separable outcomes, between the highest out-of-scope and the lowest good answer', () => {
    const r = calibrateThreshold([outOfScope(0.3), outOfScope(0.4), answerable(0.7), answerable(0.8)]);
    expect(r.threshold).toBeGreaterThan(0.4);
    expect(r.threshold).toBeLessThanOrEqual(0.7);
    expect(r).toMatchObject({ hits: 2, abstained: 2 });
  });

  it('takes the middle of the widest equally good range', () => {
    // A wrong answer at 0.6 counts neither way, so every threshold in (0.4, 0.7] is equally good.
    const r = calibrateThreshold([outOfScope(0.3), outOfScope(0.4), answerable(0.6, false), answerable(0.7), answerable(0.8)]);
    expect(r.threshold).toBe(0.575);
    expect(r).toMatchObject({ hits: 2, abstained: 2 });
  });

  it('falls back to the first best range when the middle between two best ranges is worse', () => {
    const r = calibrateThreshold([outOfScope(0.5), answerable(0.6), outOfScope(0.7), answerable(0.8)]);
    expect(r.hits + r.abstained).toBe(3);
    expect(r.threshold).toBe(0.55);
  });

  it('a hit counts only when the shown text was right', () => {
    const r = calibrateThreshold([answerable(0.9, false), answerable(0.9, false), outOfScope(0.2)]);
    expect(r.hits).toBe(0);
    expect(r.abstained).toBe(1);
  });

  it('the reported counts are those at the returned threshold', () => {
    const outcomes = [outOfScope(0.1), outOfScope(0.45), answerable(0.5), answerable(0.44), answerable(0.9), outOfScope(0.95)];
    const r = calibrateThreshold(outcomes);
    const hits = outcomes.filter((o) => o.answerable && o.shownOk && o.confidence >= r.threshold).length;
    const abstained = outcomes.filter((o) => !o.answerable && o.confidence < r.threshold).length;
    expect(r).toMatchObject({ hits, abstained });
  });
});
