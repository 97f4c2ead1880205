import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import {
  Box,
  Dict,
  Discrete,
  MultiBinary,
  MultiDiscrete,
  Tuple,
  flatdim,
  flatten,
  flattenSpace,
  readBatchedAction,
  createActionBatch,
  writeBatchedAction,
  unflatten,
} from '../../../src/envs/spaces/index.js';

describe('flatten / unflatten / flatdim (Gymnasium spaces.utils layout)', () => {
  it('Discrete flattens one-hot at x − start', () => {
    const d = new Discrete(4, 1);
    expect(flatdim(d)).toBe(4);
    expect(Array.from(flatten(d, 3))).toEqual([0, 0, 1, 0]);
    expect(unflatten(d, [0, 0, 1, 0])).toBe(3);
    expect(() => unflatten(d, [0, 1, 1, 0])).toThrow(/not one-hot/);
  });

  it('MultiDiscrete is concatenated one-hot blocks, MultiBinary the bits', () => {
    const md = new MultiDiscrete([2, 3]);
    expect(Array.from(flatten(md, Int32Array.of(1, 0)))).toEqual([0, 1, 1, 0, 0]);
    expect(Array.from(unflatten(md, [0, 1, 1, 0, 0]) as Int32Array)).toEqual([1, 0]);
    expect(Array.from(flatten(new MultiBinary(3), Int8Array.of(1, 0, 1)))).toEqual([1, 0, 1]);
  });

  it('Dict (key order) and Tuple nest; round trip on random samples', () => {
    const space = new Dict({ x: new Box(-1, 1, [2]), t: new Tuple([new Discrete(3), new MultiBinary(2)]) });
    expect(flatdim(space)).toBe(2 + 3 + 2);
    const obs = { x: Float32Array.of(0.5, -0.25), t: [2, Int8Array.of(1, 0)] };
    expect(Array.from(flatten(space, obs))).toEqual([0.5, -0.25, 0, 0, 1, 1, 0]);
    const rng = RandomStream.fromSeed(5);
    for (let k = 0; k < 20; k++) {
      const s = space.sample(rng);
      const back = unflatten(space, flatten(space, s));
      expect(space.contains(back)).toBe(true);
      expect(Array.from(flatten(space, back))).toEqual(Array.from(flatten(space, s)));
    }
  });

  it('writes into a caller buffer at an offset (batched rows)', () => {
    const out = new Float32Array(6);
    flatten(new Discrete(3), 1, out, 3);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 1, 0]);
    expect(() => flatten(new Discrete(3), 1, out, 4)).toThrow(/too short/);
  });

  it('flattenSpace: Box bounds kept, [0, 1] for one-hot parts', () => {
    const fs = flattenSpace(new Tuple([new Box([-5], [5]), new Discrete(2)]));
    expect(fs.shape).toEqual([3]);
    expect(Array.from(fs.low)).toEqual([-5, 0, 0]);
    expect(Array.from(fs.high)).toEqual([5, 1, 1]);
    expect(fs.contains(flatten(new Tuple([new Box([-5], [5]), new Discrete(2)]), [Float32Array.of(4), 1]))).toBe(true);
  });

  it('batched action layout: Int32Array of values for Discrete, rows for Box', () => {
    const d = new Discrete(3, 1);
    const batch = createActionBatch(d, 2);
    expect(batch).toBeInstanceOf(Int32Array);
    writeBatchedAction(d, 3, batch, 1);
    expect(readBatchedAction(d, batch, 1)).toBe(3);
    const b = new Box(-1, 1, [2]);
    const bb = createActionBatch(b, 2);
    writeBatchedAction(b, [0.5, -0.5], bb, 1);
    expect(Array.from(bb)).toEqual([0, 0, 0.5, -0.5]);
    expect(readBatchedAction(b, bb, 1)).toEqual(Float32Array.of(0.5, -0.5));
  });
});
