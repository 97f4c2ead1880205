import { expm, matrix, type Matrix } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { MatrixExponential } from '../../../src/pkpd/linear/expm.js';

describe('MatrixExponential (Padé 6/6 with scaling and squaring)', () => {
  it('1×1: e^(−0.1·2) = 0.8187307530779818', () => {
    const out = new Float64Array(1);
    new MatrixExponential(1).compute(Float64Array.of(-0.1), 2, out);
    expect(Math.abs(out[0]! - 0.8187307530779818)).toBeLessThan(1e-15);
  });
  it('a nilpotent Jordan block: exp([[0, 1], [0, 0]]·3) = [[1, 3], [0, 1]] exactly', () => {
    const out = new Float64Array(4);
    new MatrixExponential(2).compute(Float64Array.of(0, 1, 0, 0), 3, out);
    expect(Array.from(out)).toEqual([1, 3, 0, 1]);
  });
  it('a rotation generator: exp([[0, −1], [1, 0]]·t) = [[cos t, −sin t], [sin t, cos t]] at t = 7.3 (4 squarings)', () => {
    const out = new Float64Array(4);
    new MatrixExponential(2).compute(Float64Array.of(0, -1, 1, 0), 7.3, out);
    const expected = [Math.cos(7.3), -Math.sin(7.3), Math.sin(7.3), Math.cos(7.3)];
    out.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-13));
  });
  it('an 8×8 non-symmetric matrix agrees with mathjs expm to 1e-12 (relative to the norm)', () => {
    const n = 8;
    const a = Float64Array.from({ length: n * n }, (_, k) => Math.sin(1.7 * k + 0.3) * (k % (n + 1) === 0 ? -2 : 0.6));
    const out = new Float64Array(n * n);
    new MatrixExponential(n).compute(a, 1.5, out);
    const rows = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => a[i * n + j]! * 1.5));
    const reference = (expm(matrix(rows)) as Matrix).toArray() as number[][];
    const scale = Math.max(...reference.flat().map(Math.abs));
    out.forEach((v, k) => expect(Math.abs(v - reference[Math.floor(k / n)]![k % n]!)).toBeLessThan(1e-12 * scale));
  });
});
