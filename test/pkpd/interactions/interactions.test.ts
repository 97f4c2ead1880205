import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, NumericalError } from '../../../src/core/errors.js';
import { blissIndependence } from '../../../src/pkpd/interactions/bliss.js';
import { findDecreasingRoot, solveExponentialSum } from '../../../src/pkpd/interactions/bracketed-root.js';
import { grecoInteraction } from '../../../src/pkpd/interactions/greco.js';
import { loeweAdditivity, loeweCombinationIndex, type HillDrug } from '../../../src/pkpd/interactions/loewe.js';
import { hillFraction } from '../../../src/pkpd/pd/emax.js';

const UNIT: HillDrug = { c50: 1, hill: 1 };

describe('combination surfaces: reference/pkpd-models.md §3.4 check (each drug at IC50, Hill 1)', () => {
  it('Bliss 0.750', () => {
    expect(blissIndependence(0.5, 0.5)).toBeCloseTo(0.75, 15);
  });
  it('Loewe 0.667 (closed form for Hill 1: x = dA/IC50A + dB/IC50B = 2, E = 2/3)', () => {
    expect(loeweAdditivity([1, 1], [UNIT, UNIT])).toBeCloseTo(2 / 3, 12);
  });
  it('Greco α = 1 → 0.750 (Hill 1: 1 = 1/ψ + 1/ψ + 1/ψ, so ψ = 3, E = 3/4)', () => {
    expect(grecoInteraction(1, 1, UNIT, UNIT, 1)).toBeCloseTo(0.75, 12);
  });
});

describe('Loewe additivity', () => {
  it('reduces to the single-drug Hill curve when the other dose is 0', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 0.05, max: 100, noNaN: true }),
        fc.double({ min: 0.3, max: 5, noNaN: true }),
        (dose, c50, hill) => {
          const alone = hillFraction(dose, c50, hill);
          const combined = loeweAdditivity([dose, 0], [{ c50, hill }, { c50: 7, hill: 2 }]);
          expect(Math.abs(combined - alone)).toBeLessThan(1e-12);
        },
      ),
    );
  });
  it('a drug combined with itself (sham combination) equals the single curve at the summed dose', () => {
    const drug = { c50: 2, hill: 2.5 };
    expect(loeweAdditivity([1.2, 0.9], [drug, drug])).toBeCloseTo(hillFraction(2.1, 2, 2.5), 12);
  });
  it('the combination index of the Loewe effect is exactly 1; of the Bliss effect (0.75) it is 2/3 (synergy)', () => {
    const drugs = [{ c50: 3, hill: 1.7 }, { c50: 0.5, hill: 0.8 }];
    const e = loeweAdditivity([2, 0.4], drugs);
    expect(loeweCombinationIndex([2, 0.4], drugs, e)).toBeCloseTo(1, 12);
    expect(loeweCombinationIndex([1, 1], [UNIT, UNIT], 0.75)).toBeCloseTo(2 / 3, 14);
  });
  it('is 0 without drug and rejects mismatched or invalid input', () => {
    expect(loeweAdditivity([0, 0], [UNIT, UNIT])).toBe(0);
    expect(() => loeweAdditivity([1], [UNIT, UNIT])).toThrow(InputError);
    expect(() => loeweAdditivity([1, -1], [UNIT, UNIT])).toThrow(/doses\[1\] = -1/);
    expect(() => loeweAdditivity([1, 1], [UNIT, { c50: 0, hill: 1 }])).toThrow(/drugs\[1\]\.c50/);
  });
});

describe('Greco 1995 universal response surface', () => {
  it('α = 0 equals Loewe additivity for any doses and Hill slopes', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0.3, max: 4, noNaN: true }),
        fc.double({ min: 0.3, max: 4, noNaN: true }),
        (dA, dB, mA, mB) => {
          const drugs = [{ c50: 2, hill: mA }, { c50: 5, hill: mB }] as const;
          expect(Math.abs(grecoInteraction(dA, dB, drugs[0], drugs[1], 0) - loeweAdditivity([dA, dB], drugs))).toBeLessThan(1e-12);
        },
      ),
    );
  });
  it('Hill 1, unit C50, doses 1 and 1: E = ψ/(1+ψ) with ψ = 2 + α (closed form); α = −1 → 1/2, α = 3 → 5/6', () => {
    expect(grecoInteraction(1, 1, UNIT, UNIT, -1)).toBeCloseTo(0.5, 12);
    expect(grecoInteraction(1, 1, UNIT, UNIT, 3)).toBeCloseTo(5 / 6, 12);
  });
  it('strong antagonism without solution (α ≤ −2 here: ψ = 2 + α ≤ 0) is an InputError naming alpha', () => {
    expect(() => grecoInteraction(1, 1, UNIT, UNIT, -2.5)).toThrow(/alpha = -2.5.*−\(a \+ b\)\/\(a·b\) = -2/);
  });
  it('extreme doses neither overflow nor fail: E ≈ (d/C50)^m far in the tails', () => {
    // d = 1e-200, m = 0.5: E = 1e-100/(1 + 1e-100) = 1e-100, where e^(−u/m) overflows at u ≈ −230.
    // The solver resolves u ≈ −230 to ~1e-14 relative, i.e. E to ~3e-12 relative.
    expect(grecoInteraction(1e-200, 0, { c50: 1, hill: 0.5 }, UNIT, 0) / 1e-100).toBeCloseTo(1, 10);
    expect(loeweAdditivity([1e-200, 0], [{ c50: 1, hill: 0.5 }, UNIT]) / 1e-100).toBeCloseTo(1, 10);
    // Hill 2, d = 1e∓300: E = 1e−600 rounds to 0 and 1 − 1e−600 to 1 (log-odds beyond ±700).
    expect(loeweAdditivity([1e-300, 0], [{ c50: 1, hill: 2 }, UNIT])).toBe(0);
    expect(loeweAdditivity([1e300, 0], [{ c50: 1, hill: 2 }, UNIT])).toBe(1);
  });
});

describe('findDecreasingRoot', () => {
  it('finds roots far from the start: u = 300 and u = −450', () => {
    expect(findDecreasingRoot((u) => 300 - u, 'test')).toBeCloseTo(300, 10);
    expect(findDecreasingRoot((u) => -450 - u, 'test')).toBeCloseTo(-450, 10);
  });
  it('solveExponentialSum: 2·e^(−u) = 1 at u = ln 2; e^(−3u) = 1 at 0', () => {
    expect(solveExponentialSum([{ coefficient: 2, rate: 1 }], 'test')).toBeCloseTo(Math.LN2, 13);
    expect(solveExponentialSum([{ coefficient: 1, rate: 3 }], 'test')).toBeCloseTo(0, 13);
  });
  it('reports roots beyond ±700 as ±Infinity and NaN as a NumericalError', () => {
    expect(findDecreasingRoot((u) => -1000 - u, 'test')).toBe(-Infinity);
    expect(findDecreasingRoot((u) => 1000 - u, 'test')).toBe(Infinity);
    expect(() => findDecreasingRoot(() => Number.NaN, 'test')).toThrow(NumericalError);
  });
});
