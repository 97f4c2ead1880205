import { describe, expect, it } from 'vitest';
import { emaxEffect, hillFraction, sigmoidEmaxEffect } from '../../../src/pkpd/pd/emax.js';

describe('Emax and sigmoid Emax (Holford & Sheiner 1981)', () => {
  it('is half-maximal at EC50 whatever the Hill exponent', () => {
    for (const gamma of [0.5, 1, 2.5, 40]) expect(hillFraction(3, 3, gamma)).toBeCloseTo(0.5, 15);
  });
  it('Emax: E0 10, Emax 90, EC50 2 at C = 6 gives 10 + 90·6/8 = 77.5', () => {
    expect(emaxEffect(6, 10, 90, 2)).toBeCloseTo(77.5, 12);
  });
  it('sigmoid: C 20, EC50 10, γ 2 gives 400/500 = 0.8 of Emax; inhibitory Emax −100 from E0 100 gives 20', () => {
    expect(sigmoidEmaxEffect(20, 0, 1, 10, 2)).toBeCloseTo(0.8, 15);
    expect(sigmoidEmaxEffect(20, 100, -100, 10, 2)).toBeCloseTo(20, 12);
  });
  it('no effect at C ≤ 0 and no overflow at γ = 400 (C = 2·EC50 → 1/(1 + 2^−400) = 1)', () => {
    expect(hillFraction(0, 1, 3)).toBe(0);
    expect(hillFraction(-1e-12, 1, 3)).toBe(0);
    expect(hillFraction(2, 1, 400)).toBe(1);
    expect(hillFraction(0.5, 1, 400)).toBeLessThan(1e-100);
  });
});
