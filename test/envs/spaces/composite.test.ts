import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { Box, Dict, Discrete, MultiBinary, MultiDiscrete, Tuple, spaceFromJSON } from '../../../src/envs/spaces/index.js';

describe('MultiDiscrete and MultiBinary', () => {
  it('contain, sample and round-trip JSON', () => {
    const md = new MultiDiscrete([3, 2], [0, 5]);
    expect(md.contains(Int32Array.of(2, 6))).toBe(true);
    expect(md.contains([2, 7])).toBe(false);
    expect(md.explain([3, 5])).toMatch(/element 0 = 3/);
    const rng = RandomStream.fromSeed(0);
    for (let k = 0; k < 50; k++) expect(md.contains(md.sample(rng))).toBe(true);
    expect(md.toJSON()).toEqual({ type: 'MultiDiscrete', dtype: 'int64', nvec: [3, 2], start: [0, 5] });
    expect(spaceFromJSON(md.toJSON()).toJSON()).toEqual(md.toJSON());

    const mb = new MultiBinary(3);
    expect(mb.contains(Int8Array.of(0, 1, 1))).toBe(true);
    expect(mb.contains([0, 2, 1])).toBe(false);
    expect(mb.sample(rng)).toBeInstanceOf(Int8Array);
    expect(mb.toJSON()).toEqual({ type: 'MultiBinary', dtype: 'int8', n: 3 });
    expect(spaceFromJSON({ type: 'MultiBinary', dtype: 'int8', n: [3] }).toJSON()).toEqual(mb.toJSON());
  });
});

describe('Dict and Tuple', () => {
  const dict = new Dict({ inr: new Box(0, 10, [1]), day: new Discrete(90) });
  const tuple = new Tuple([new Discrete(2), new Box(-1, 1, [2])]);

  it('keep declared key order and check every key', () => {
    expect(dict.keys).toEqual(['inr', 'day']);
    expect(dict.contains({ inr: Float32Array.of(2.5), day: 3 })).toBe(true);
    expect(dict.contains({ inr: Float32Array.of(2.5) })).toBe(false);
    expect(dict.contains({ inr: Float32Array.of(2.5), day: 3, extra: 1 })).toBe(false);
    expect(dict.contains(dict.sample(RandomStream.fromSeed(1)))).toBe(true);
    expect(tuple.contains([1, Float32Array.of(0, 0)])).toBe(true);
    expect(tuple.contains([1])).toBe(false);
    expect(tuple.contains(tuple.sample(RandomStream.fromSeed(1)))).toBe(true);
  });

  it('serialise nested as Minari does ({"type":"Dict","subspaces":{…}}, Tuple subspaces as a list)', () => {
    const nested = new Dict({ a: tuple, b: dict });
    const json = nested.toJSON();
    expect(json).toEqual({
      type: 'Dict',
      subspaces: {
        a: {
          type: 'Tuple',
          subspaces: [
            { type: 'Discrete', dtype: 'int64', start: 0, n: 2 },
            { type: 'Box', dtype: 'float32', shape: [2], low: [-1, -1], high: [1, 1] },
          ],
        },
        b: {
          type: 'Dict',
          subspaces: {
            inr: { type: 'Box', dtype: 'float32', shape: [1], low: [0], high: [10] },
            day: { type: 'Discrete', dtype: 'int64', start: 0, n: 90 },
          },
        },
      },
    });
    expect(spaceFromJSON(JSON.parse(JSON.stringify(json))).toJSON()).toEqual(json);
    expect(() => spaceFromJSON({ type: 'Dict', subspaces: { a: { type: 'Discrete', n: 'x' } } })).toThrow(/space\.subspaces\.a\.n/);
  });
});
