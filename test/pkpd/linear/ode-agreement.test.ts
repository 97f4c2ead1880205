import { describe, expect, it } from 'vitest';
import { oneCmtOral, twoCmtInfusion } from '../../../src/pkpd/linear/analytic.js';
import { pk1cmt } from '../../../src/pkpd/models/pk1cmt.js';
import { pk2cmt } from '../../../src/pkpd/models/pk2cmt.js';
import { pk3cmt } from '../../../src/pkpd/models/pk3cmt.js';
import { simulate } from '../../../src/pkpd/simulate.js';
import { typicalParameters, type DoseRecord } from '../../../src/pkpd/types.js';

// The same regimens solved two independent ways: the matrix-exponential stepper
// ('exact') and the Dormand–Prince 5(4) ODE solver at rtol 1e-12. They must agree to
// ≤ 1e-8 relative at every output time.
const TIMES = [0.25, 1, 2, 3.5, 6, 12, 12.5, 24, 36, 48];
const REGIMENS: Record<string, DoseRecord[]> = {
  bolus: [{ time: 0, amt: 100, cmt: 'central' }],
  infusion: [{ time: 0, amt: 100, cmt: 'central', rate: 50 }],
  oral: [{ time: 0, amt: 100, cmt: 'depot' }],
  'oral q12h ×4': [{ time: 0, amt: 100, cmt: 'depot', ii: 12, addl: 3 }],
};

describe.each([pk1cmt, pk2cmt, pk3cmt])('$id: exact stepper vs dopri5', (spec) => {
  const p = typicalParameters(spec);
  for (const [name, regimen] of Object.entries(REGIMENS)) {
    it(`${name}: relative difference ≤ 1e-8`, () => {
      const exact = simulate(spec, p, regimen, TIMES, { solver: 'exact' }).outputs['C']!;
      const ode = simulate(spec, p, regimen, TIMES, { solver: 'dopri5', rtol: 1e-12, atol: 1e-12 }).outputs['C']!;
      TIMES.forEach((_, k) => expect(Math.abs(exact[k]! - ode[k]!)).toBeLessThanOrEqual(1e-8 * Math.abs(ode[k]!)));
    });
  }
});

describe('simulate(…, exact) reproduces the §7 closed forms through the dosing path', () => {
  it('pk1cmt oral 100 mg with F 0.5: half of C(2) = 1.518657', () => {
    const p = typicalParameters(pk1cmt);
    p[3] = 0.5;
    const c = simulate(pk1cmt, p, [{ time: 0, amt: 100, cmt: 'depot' }], [2], { solver: 'exact' }).outputs['C']![0]!;
    expect(Math.abs(c - oneCmtOral(2, 100, { CL: 5, V: 50, KA: 1, F: 0.5 }))).toBeLessThan(1e-12);
    expect(Math.abs(c / (1.518657 / 2) - 1)).toBeLessThan(1e-6);
  });
  it('pk2cmt infusion 50 mg/h × 2 h: C(6) = 0.704123', () => {
    const c = simulate(pk2cmt, typicalParameters(pk2cmt), [{ time: 0, amt: 100, cmt: 'central', rate: 50 }], [6], { solver: 'exact' })
      .outputs['C']![0]!;
    expect(Math.abs(c - twoCmtInfusion(6, 50, 2, { CL: 5, V1: 20, Q: 10, V2: 50 }))).toBeLessThan(1e-12);
    expect(Math.abs(c / 0.704123 - 1)).toBeLessThan(1e-6);
  });
});
