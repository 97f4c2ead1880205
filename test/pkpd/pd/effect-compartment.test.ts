import { describe, expect, it } from 'vitest';
import { effectCompartmentRate, effectConcentrationAfter } from '../../../src/pkpd/pd/effect-compartment.js';
import { integrateRk4 } from './fixed-step-rk4.js';

describe('effect compartment (Sheiner et al. 1979)', () => {
  it('with constant Cp, Ce approaches Cp at rate ke0: Ce(t) = Cp·(1 − e^(−ke0·t))', () => {
    // Schnider propofol ke0 0.456 1/min (reference/pkpd-models.md §4), Cp held at 4 µg/mL.
    const ke0 = 0.456;
    const x = Float64Array.of(0);
    integrateRk4((_t, y, d) => (d[0] = effectCompartmentRate(ke0, 4, y[0]!)), x, 0, 3, 1e-3);
    const closedForm = 4 * -Math.expm1(-ke0 * 3); // 2.9816…
    expect(Math.abs(x[0]! - closedForm)).toBeLessThan(1e-12);
    expect(effectConcentrationAfter(ke0, 4, 0, 3)).toBeCloseTo(closedForm, 14);
  });
  it('one equilibration half-life ln2/ke0 halves the gap, from above as from below', () => {
    expect(effectConcentrationAfter(0.456, 2, 0, Math.LN2 / 0.456)).toBeCloseTo(1, 14);
    expect(effectConcentrationAfter(0.456, 2, 6, Math.LN2 / 0.456)).toBeCloseTo(4, 14);
  });
});
