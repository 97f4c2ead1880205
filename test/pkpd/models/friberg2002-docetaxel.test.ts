/**
 * Friberg 2002 + Bruno 1996 docetaxel conformance (reference §3.2, derived from radivot/myelo):
 * a 180 mg bolus gives an ANC nadir of 0.896 ×10⁹/L at day 7.55, ANC 3.95 at day 14 and
 * 6.21 at day 21. Tolerance 0.5 % on counts (the reference has three significant figures;
 * 0.5 % also covers solver differences between deSolve and our dopri5) and 0.01 day on the
 * nadir time (our grid is 0.05 h ≈ 0.002 day).
 */
import { describe, expect, it } from 'vitest';
import { FRIBERG_STATE_COUNT, friberg2002Docetaxel, fribergMyelosuppressionRhs } from '../../../src/pkpd/models/friberg2002-docetaxel.js';
import { getModel } from '../../../src/pkpd/models/registry.js';
import { simulate } from '../../../src/pkpd/simulate.js';
import { typicalParameters } from '../../../src/pkpd/types.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('friberg2002-docetaxel', () => {
  it('is registered', () => {
    expect(getModel('friberg2002-docetaxel')).toBe(friberg2002Docetaxel);
  });

  it('180 mg bolus: C(0) = 30.1 µM, nadir 0.896 at day 7.55, ANC 3.95 at day 14 and 6.21 at day 21', () => {
    const p = typicalParameters(friberg2002Docetaxel);
    const times: number[] = [];
    for (let k = 0; k <= 24 * 21 * 20; k++) times.push(k / 20);
    const r = simulate(friberg2002Docetaxel, p, [{ time: 0, amt: 180 }], times);
    expect((1000 * r.outputs.C![0]!) / 808).toBeCloseTo(30.1, 1);
    const anc = r.outputs.ANC!;
    let k = 0;
    for (let j = 1; j < anc.length; j++) if (anc[j]! < anc[k]!) k = j;
    expect(rel(anc[k]!, 0.896)).toBeLessThan(0.005);
    expect(Math.abs(times[k]! / 24 - 7.55)).toBeLessThan(0.01);
    expect(rel(anc[14 * 24 * 20]!, 3.95)).toBeLessThan(0.005);
    expect(rel(anc[21 * 24 * 20]!, 6.21)).toBeLessThan(0.005);
  });

  it('the myelosuppression system is at rest at Circ0 without drug', () => {
    const x = new Float64Array(FRIBERG_STATE_COUNT).fill(5.05);
    const d = new Float64Array(FRIBERG_STATE_COUNT);
    fribergMyelosuppressionRhs(x, 0, 0, 5.05, 4 / 88.7, 0.161, d);
    for (const v of d) expect(v).toBe(0);
  });
});
