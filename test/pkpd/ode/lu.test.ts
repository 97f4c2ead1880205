import { describe, expect, it } from 'vitest';
import { luFactor, luSolve } from '../../../src/pkpd/ode/lu.js';

describe('luFactor / luSolve', () => {
  it('solves a system that needs pivoting (hand-checked solution x = (1, 2, 3))', () => {
    // A has a zero in the (0,0) position, so row interchanges are required.
    // A·(1,2,3) = (0+2·2+1·3, 2·1+1·2+1·3, 4·1+3·2+3·3) = (7, 7, 19).
    const a = Float64Array.of(0, 2, 1, 2, 1, 1, 4, 3, 3);
    const piv = new Int32Array(3);
    expect(luFactor(a, 3, piv)).toBe(true);
    const b = Float64Array.of(7, 7, 19);
    luSolve(a, 3, piv, b);
    expect(b[0]).toBeCloseTo(1, 14);
    expect(b[1]).toBeCloseTo(2, 14);
    expect(b[2]).toBeCloseTo(3, 14);
  });

  it('reports a singular matrix', () => {
    const a = Float64Array.of(1, 2, 2, 4); // rank 1
    expect(luFactor(a, 2, new Int32Array(2))).toBe(false);
  });
});
