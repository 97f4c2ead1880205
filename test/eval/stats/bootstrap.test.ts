import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { bootstrapCI, bootstrapIndexCI, mean, normalCdf, normalQuantile, quantileSorted } from '../../../src/eval/stats/bootstrap.js';

/** Fraction of `reps` simulated datasets of size n whose 95 % CI of the mean covers `truth`. */
function coverage(draw: (rng: RandomStream) => number, truth: number, n: number, reps: number, method: 'percentile' | 'bca', B: number): number {
  const root = RandomStream.fromSeed(20240501);
  let covered = 0;
  for (let r = 0; r < reps; r++) {
    const dataRng = root.fork('data').fork(r);
    const x = Array.from({ length: n }, () => draw(dataRng));
    const ci = bootstrapCI(x, mean, { B, alpha: 0.05, method, rng: root.fork('bootstrap').fork(r) });
    if (ci.low <= truth && truth <= ci.high) covered++;
  }
  return covered / reps;
}

describe('quantileSorted', () => {
  it('matches R type 7', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});

describe('normal helpers', () => {
  it('quantile and CDF agree with tabulated values and invert each other', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 7);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 6);
    for (const p of [0.01, 0.2, 0.7, 0.99]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
  });
});

describe('bootstrapCI', () => {
  // Coverage: 1,000 datasets; the binomial SE of a coverage near 0.95 is 0.0069, so the
  // bands are the expected coverage ± about 3 SE.
  it('percentile 95 % CI of a normal mean (n = 50) covers the truth at ≈ nominal rate', () => {
    // Expected ≈ 0.94: the percentile interval behaves like a z-interval with the plug-in
    // SD (divisor n), slightly short of 95 % at n = 50 (Efron & Tibshirani 1993, §13.3).
    const c = coverage((rng) => rng.normal(10, 2), 10, 50, 1000, 'percentile', 1000);
    expect(c).toBeGreaterThanOrEqual(0.92);
    expect(c).toBeLessThanOrEqual(0.965);
  }, 30_000);

  it('BCa 95 % CI of a skewed (exponential) mean (n = 50) covers at ≈ nominal rate', () => {
    const c = coverage((rng) => -Math.log(1 - rng.uniform()), 1, 50, 1000, 'bca', 1000);
    expect(c).toBeGreaterThanOrEqual(0.92);
    expect(c).toBeLessThanOrEqual(0.965);
  }, 30_000);

  it('is reproducible with the same seed and changes with another', () => {
    const x = [2.1, 2.5, 3.0, 2.2, 4.1, 1.9];
    const a = bootstrapCI(x, mean, { B: 500, rng: RandomStream.fromSeed(7) });
    const b = bootstrapCI(x, mean, { B: 500, rng: RandomStream.fromSeed(7) });
    const c = bootstrapCI(x, mean, { B: 500, rng: RandomStream.fromSeed(8) });
    expect(a).toEqual(b);
    expect(c.low).not.toBe(a.low);
    expect(a.estimate).toBeCloseTo(2.6333333333, 9);
    expect(a.low).toBeLessThan(a.estimate);
    expect(a.high).toBeGreaterThan(a.estimate);
    expect(a.level).toBe(0.95);
  });

  it('gives a zero-width interval for constant data and NaN for no data', () => {
    const ci = bootstrapCI([3, 3, 3], mean, { B: 100, rng: RandomStream.fromSeed(1), method: 'bca' });
    expect([ci.estimate, ci.low, ci.high]).toEqual([3, 3, 3]);
    const empty = bootstrapCI([], mean, { rng: RandomStream.fromSeed(1) });
    expect(empty.low).toBeNaN();
  });

  it('stratified resampling keeps stratum sizes fixed', () => {
    // Stratum 0 holds zeros, stratum 1 ones: every replicate has exactly 2 zeros and 3
    // ones, so the mean never moves from 0.6; unstratified it would.
    const x = [0, 0, 1, 1, 1];
    const stat = (idx: Int32Array): number => mean(Array.from(idx, (i) => x[i]!));
    const strat = bootstrapIndexCI(5, stat, { B: 200, rng: RandomStream.fromSeed(2), strata: [[0, 1], [2, 3, 4]] });
    expect([strat.low, strat.high]).toEqual([0.6, 0.6]);
    const plain = bootstrapIndexCI(5, stat, { B: 200, rng: RandomStream.fromSeed(2) });
    expect(plain.high - plain.low).toBeGreaterThan(0.3);
  });

  it('rejects bad options with the field named', () => {
    expect(() => bootstrapCI([1], mean, { B: 0, rng: RandomStream.fromSeed(1) })).toThrow(/B must be a positive integer/);
    expect(() => bootstrapCI([1], mean, { alpha: 1.5, rng: RandomStream.fromSeed(1) })).toThrow(/alpha/);
  });
});
