import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { pairDifferences, pairedDifference, pairedDifferencesVsReference } from '../../../src/eval/stats/paired.js';

describe('paired differences', () => {
  it('identical policies give exactly zero with a zero-width CI', () => {
    const ttr = [0.4, 0.55, 0.8, 0.62, 0.7];
    const [d] = pairedDifferencesVsReference({ ref: ttr, same: [...ttr] }, 'ref', { B: 500, rng: RandomStream.fromSeed(1) });
    expect(d).toMatchObject({ policy: 'same', reference: 'ref', n: 5, meanDifference: 0, nEqual: 5, nHigher: 0, nLower: 0 });
    expect([d!.ci.low, d!.ci.high]).toEqual([0, 0]);
  });

  it('keeps pairs together: a constant shift has a zero-width CI however variable the patients', () => {
    // Between-patient spread is large, but every pair differs by exactly 0.1: an unpaired
    // comparison would give a wide CI, the paired one none.
    const ref = [0.1, 0.9, 0.3, 0.7, 0.5, 0.2];
    const d = pairedDifference('p', ref.map((x) => x + 0.1), 'ref', ref, { B: 300, rng: RandomStream.fromSeed(2) });
    expect(d.meanDifference).toBeCloseTo(0.1, 12);
    expect(d.ci.high - d.ci.low).toBeLessThan(1e-12);
    expect(d.nHigher).toBe(6);
  });

  it('drops incomplete pairs and counts them', () => {
    expect(pairDifferences([3, 5, null, NaN], [1, 5, 2, 1])).toEqual({ differences: [2, 0], dropped: 2 });
    expect(() => pairDifferences([1], [1, 2])).toThrow(/same episodes/);
  });

  it('is reproducible and independent of policy order', () => {
    const rng = (): RandomStream => RandomStream.fromSeed(9);
    const values = { a: [1, 2, 3, 4], b: [2, 2, 5, 3], c: [0, 1, 1, 9] };
    const one = pairedDifferencesVsReference(values, 'a', { B: 200, rng: rng() });
    const two = pairedDifferencesVsReference({ c: values.c, b: values.b, a: values.a }, 'a', { B: 200, rng: rng() });
    expect(two.find((d) => d.policy === 'b')).toEqual(one.find((d) => d.policy === 'b'));
    expect(() => pairedDifferencesVsReference(values, 'zzz', { rng: rng() })).toThrow(/reference policy 'zzz'/);
  });
});
