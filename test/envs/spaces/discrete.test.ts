import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { Discrete } from '../../../src/envs/spaces/discrete.js';
import { spaceFromJSON } from '../../../src/envs/spaces/index.js';

describe('Discrete', () => {
  it('contains the integers start..start+n-1 only', () => {
    const d = new Discrete(3, -1);
    expect([-1, 0, 1].map((x) => d.contains(x))).toEqual([true, true, true]);
    expect([2, -2, 0.5, '0', Number.NaN].map((x) => d.contains(x))).toEqual([false, false, false, false, false]);
  });

  it('samples every value about equally often', () => {
    const d = new Discrete(4, 10);
    const rng = RandomStream.fromSeed(3);
    const counts = [0, 0, 0, 0];
    for (let k = 0; k < 8000; k++) counts[d.sample(rng) - 10]! += 1;
    // expected 2000 each, SD sqrt(8000·0.25·0.75) ≈ 39
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });

  it('round-trips Gymnasium/Minari JSON', () => {
    expect(new Discrete(4).toJSON()).toEqual({ type: 'Discrete', dtype: 'int64', start: 0, n: 4 });
    const back = spaceFromJSON({ type: 'Discrete', dtype: 'int64', start: 2, n: 3 }) as Discrete;
    expect([back.n, back.start]).toEqual([3, 2]);
  });

  it('rejects non-positive n', () => {
    expect(() => new Discrete(0)).toThrow(/positive integer/);
  });
});
