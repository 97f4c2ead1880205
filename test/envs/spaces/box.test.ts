import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { InputError } from '../../../src/core/errors.js';
import { Box } from '../../../src/envs/spaces/box.js';
import { spaceFromJSON } from '../../../src/envs/spaces/index.js';

describe('Box', () => {
  it('holds float32 bounds and shape, inferred from arrays or given', () => {
    const b = new Box(-1, 1, [2, 3]);
    expect(b.size).toBe(6);
    expect(b.dtype).toBe('float32');
    expect(b.low).toBeInstanceOf(Float32Array);
    expect(new Box([0, 1], [2, 3]).shape).toEqual([2]);
    expect(new Box([0], [1], undefined, 'float64').low).toBeInstanceOf(Float64Array);
  });

  it('rejects low > high, wrong bound lengths, scalar bounds without shape, bad dtype', () => {
    expect(() => new Box(1, 0, [1])).toThrow(InputError);
    expect(() => new Box([0, 0], [1, 1, 1])).toThrow(/high has 3 values/);
    expect(() => new Box(0, 1)).toThrow(/needs a shape/);
    expect(() => new Box(0, 1, [1], 'int32' as never)).toThrow(/dtype/);
  });

  it('contains: right length within bounds; float64 array for a float32 box rejected (numpy safe cast)', () => {
    const b = new Box(-1, 1, [2]);
    expect(b.contains(Float32Array.of(0, 1))).toBe(true);
    expect(b.contains([0.5, -1])).toBe(true);
    expect(b.contains(Float32Array.of(0, 1.5))).toBe(false);
    expect(b.contains(Float32Array.of(0))).toBe(false);
    expect(b.contains(Float32Array.of(0, Number.NaN))).toBe(false);
    expect(b.contains(Float64Array.of(0, 0))).toBe(false);
    expect(b.contains('ab')).toBe(false);
    expect(new Box(-1, 1, [2], 'float64').contains(Float32Array.of(0, 0))).toBe(true);
    expect(b.explain(Float32Array.of(0))).toBe('length 1, expected 2');
  });

  it('samples uniform on bounded, low + Exp(1) on half-bounded, N(0,1) on unbounded dims (Gymnasium)', () => {
    const b = new Box([2, 5, -Infinity, -Infinity], [4, Infinity, 3, Infinity]);
    const rng = RandomStream.fromSeed(1);
    const n = 20000;
    const sums = [0, 0, 0, 0];
    const sq = [0, 0, 0, 0];
    let outside = 0;
    for (let k = 0; k < n; k++) {
      const x = b.sample(rng);
      if (!b.contains(x)) outside++;
      for (let i = 0; i < 4; i++) {
        sums[i] += x[i]!;
        sq[i] += x[i]! * x[i]!;
      }
    }
    expect(outside).toBe(0);
    const mean = sums.map((s) => s / n);
    // uniform[2,4]: mean 3; 5 + Exp(1): mean 6; 3 − Exp(1): mean 2; N(0,1): mean 0, var 1.
    // Standard errors are ≤ 1/sqrt(20000) ≈ 0.007; tolerance 0.03 is > 4 SE.
    expect(mean[0]).toBeCloseTo(3, 1);
    expect(Math.abs(mean[1]! - 6)).toBeLessThan(0.03);
    expect(Math.abs(mean[2]! - 2)).toBeLessThan(0.03);
    expect(Math.abs(mean[3]!)).toBeLessThan(0.03);
    expect(Math.abs(sq[3]! / n - 1)).toBeLessThan(0.04);
  });

  it('sampling is reproducible from the stream', () => {
    const b = new Box(-1, 1, [3]);
    expect(b.sample(RandomStream.fromSeed(7))).toEqual(b.sample(RandomStream.fromSeed(7)));
  });

  it('serialises to Gymnasium/Minari JSON, infinite bounds as strings, and reads it back', () => {
    const b = new Box([-1, -Infinity], [1, Infinity]);
    expect(b.toJSON()).toEqual({ type: 'Box', dtype: 'float32', shape: [2], low: [-1, '-Infinity'], high: [1, 'Infinity'] });
    const back = spaceFromJSON(JSON.parse(JSON.stringify(b.toJSON())));
    expect(back).toBeInstanceOf(Box);
    expect(back.toJSON()).toEqual(b.toJSON());
    // numpy's spelling from Python writers
    const py = spaceFromJSON({ type: 'Box', dtype: 'float64', shape: [1], low: ['-inf'], high: [2.5] }) as Box<Float64Array>;
    expect(Array.from(py.low)).toEqual([-Infinity]);
    expect(py.dtype).toBe('float64');
  });

  it('malformed JSON names the field', () => {
    expect(() => spaceFromJSON({ type: 'Box', dtype: 'float32', shape: [1], low: ['x'], high: [1] })).toThrow(/space\.low\[0\]/);
    expect(() => spaceFromJSON({ type: 'Boxx' })).toThrow(/space\.type must be one of/);
  });
});
