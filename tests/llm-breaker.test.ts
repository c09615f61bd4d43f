import { describe, expect, it } from 'vitest';
import { createBreaker } from '../src/llm/breaker.ts';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('circuit breaker', () => {
  it('opens after three consecutive failures and skips calls for 30 s', () => {
    const c = clock();
    const b = createBreaker({ now: c.now });
    for (let i = 0; i < 2; i++) {
      expect(b.allow()).toBe(true);
      b.failure();
    }
    expect(b.state).toBe('closed');
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state).toBe('open');
    expect(b.allow()).toBe(false);
    c.advance(29_999);
    expect(b.allow()).toBe(false);
  });

  it('a success resets the count of consecutive failures', () => {
    const b = createBreaker({ now: clock().now });
    b.failure();
    b.failure();
    b.success();
    b.failure();
    b.failure();
    expect(b.state).toBe('closed');
  });

  it('lets exactly one probe through after the cooldown; its success closes the breaker', () => {
    const c = clock();
    const b = createBreaker({ now: c.now });
    b.failure();
    b.failure();
    b.failure();
    c.advance(30_000);
    expect(b.state).toBe('half-open');
    expect(b.allow()).toBe(true);
    expect(b.allow()).toBe(false);
    b.success();
    expect(b.state).toBe('closed');
    expect(b.allow()).toBe(true);
  });

  it('a failed probe opens the breaker again for a full cooldown', () => {
    const c = clock();
    const b = createBreaker({ now: c.now, threshold: 2, cooldownMs: 1000 });
    b.failure();
    b.failure();
    c.advance(1000);
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state).toBe('open');
    c.advance(999);
    expect(b.allow()).toBe(false);
    c.advance(1);
    expect(b.allow()).toBe(true);
  });

  it('a probe released without a verdict lets the next caller probe', () => {
    const c = clock();
    const b = createBreaker({ now: c.now });
    b.failure();
    b.failure();
    b.failure();
    c.advance(30_000);
    expect(b.allow()).toBe(true);
    expect(b.allow()).toBe(false);
    b.release();
    expect(b.state).toBe('half-open');
    expect(b.allow()).toBe(true);
  });
});
