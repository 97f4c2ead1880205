import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { finiteValues, sampleSd, summarizeMetric } from '../../../src/eval/stats/summary.js';

describe('summarizeMetric', () => {
  it('summarises finite values and counts missing ones', () => {
    const s = summarizeMetric([0.6, 0.7, null, 0.8, NaN], { B: 300, rng: RandomStream.fromSeed(1) });
    expect(s.n).toBe(3);
    expect(s.nMissing).toBe(2);
    expect(s.mean).toBeCloseTo(0.7, 12);
    expect(s.sd).toBeCloseTo(0.1, 12);
    expect(s.median).toBeCloseTo(0.7, 12);
    expect(s.ci.low).toBeGreaterThanOrEqual(0.6);
    expect(s.ci.high).toBeLessThanOrEqual(0.8);
  });

  it('handles edge cases', () => {
    expect(finiteValues([])).toEqual({ values: [], missing: 0 });
    expect(sampleSd([5])).toBe(0);
    expect(sampleSd([])).toBeNaN();
    expect(sampleSd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
    const none = summarizeMetric([null], { rng: RandomStream.fromSeed(1) });
    expect(none.n).toBe(0);
    expect(none.mean).toBeNaN();
  });
});
