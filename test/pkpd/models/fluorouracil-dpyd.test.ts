/**
 * 5-FU one-compartment PK: BSA scaling (Mosteller 1987), the UNPUBLISHED DPYD clearance
 * assumption 0.2 + 0.8·AS/2, and the infusion steady state Css = rate/CL (first-order PK).
 */
import { describe, expect, it } from 'vitest';
import { dpydClearanceFactor, fluorouracilClearance, fluorouracilDpyd, mostellerBsa } from '../../../src/pkpd/models/fluorouracil-dpyd.js';
import { getModel } from '../../../src/pkpd/models/registry.js';
import { subjectParameters } from '../../../src/pkpd/population.js';
import { simulate } from '../../../src/pkpd/simulate.js';
import { DEFAULT_SUBJECT, paramIndex } from '../../../src/pkpd/types.js';

describe('fluorouracil-dpyd', () => {
  it('is registered', () => {
    expect(getModel('fluorouracil-dpyd')).toBe(fluorouracilDpyd);
  });

  it('Mosteller BSA: 170 cm, 70 kg → 1.818 m²', () => {
    expect(mostellerBsa(170, 70)).toBeCloseTo(1.8181, 4);
    const p = subjectParameters(fluorouracilDpyd, DEFAULT_SUBJECT);
    expect(p[paramIndex(fluorouracilDpyd, 'BSA')]).toBeCloseTo(1.8181, 4);
  });

  it('DPYD clearance factor: AS 2 → 1, 1.5 → 0.8, 1 → 0.6, 0.5 → 0.4, 0 → 0.2 (CPIC: DPD clears > 80 %)', () => {
    expect([2, 1.5, 1, 0.5, 0].map((a) => dpydClearanceFactor(a))).toEqual([1, 0.8, 0.6000000000000001, 0.4, 0.2]);
  });

  it('1000 mg/m²/day infusion reaches Css = rate/CL; halving the activity score raises it 1/0.6-fold', () => {
    const p = subjectParameters(fluorouracilDpyd, DEFAULT_SUBJECT);
    const bsa = p[paramIndex(fluorouracilDpyd, 'BSA')]!;
    const rate = (1000 * bsa) / 24;
    const css = rate / fluorouracilClearance(p);
    expect(css).toBeCloseTo(1000 / 24 / 88, 6); // 0.473 mg/L: rate per m² over CL per m²
    const r = simulate(fluorouracilDpyd, p, [{ time: 0, amt: rate * 96, rate }], [48]);
    expect(r.outputs.C![0]).toBeCloseTo(css, 6);
    p[paramIndex(fluorouracilDpyd, 'DPYD_AS')] = 1;
    const r1 = simulate(fluorouracilDpyd, p, [{ time: 0, amt: rate * 96, rate }], [48]);
    expect(r1.outputs.C![0]! / css).toBeCloseTo(1 / 0.6, 6);
  });
});
