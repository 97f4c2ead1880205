/**
 * Lu 2006 erlotinib: typical t½ = ln2·V/CL = 40.9 h (the paper's median 36.2 h is over
 * individual estimates), smokers' CL +24 %, and the exact one-compartment oral solution
 * agrees with the ODE solution (reference §7 closed forms).
 */
import { describe, expect, it } from 'vitest';
import { lu2006Erlotinib } from '../../../src/pkpd/models/lu2006-erlotinib.js';
import { getModel } from '../../../src/pkpd/models/registry.js';
import { subjectParameters } from '../../../src/pkpd/population.js';
import { simulate } from '../../../src/pkpd/simulate.js';
import { DEFAULT_SUBJECT, paramIndex, typicalParameters } from '../../../src/pkpd/types.js';
import { oneCmtOral } from '../../../src/pkpd/linear/analytic.js';

describe('lu2006-erlotinib', () => {
  it('is registered', () => {
    expect(getModel('lu2006-erlotinib')).toBe(lu2006Erlotinib);
  });

  it('typical half-life ln2·233/3.95 = 40.9 h', () => {
    const p = typicalParameters(lu2006Erlotinib);
    expect((Math.LN2 * p[1]!) / p[0]!).toBeCloseTo(40.89, 1);
  });

  it('current smokers clear 24 % faster', () => {
    const smoker = { ...DEFAULT_SUBJECT, lifestyle: { smoker: true } };
    const cl = paramIndex(lu2006Erlotinib, 'CL');
    expect(subjectParameters(lu2006Erlotinib, smoker)[cl]).toBeCloseTo(3.95 * 1.24, 10);
    expect(subjectParameters(lu2006Erlotinib, DEFAULT_SUBJECT)[cl]).toBe(3.95);
  });

  it('150 mg single dose: ODE, exact stepper and closed form agree', () => {
    const p = typicalParameters(lu2006Erlotinib);
    const times = [2, 4, 24];
    const ode = simulate(lu2006Erlotinib, p, [{ time: 0, amt: 150 }], times);
    const exact = simulate(lu2006Erlotinib, p, [{ time: 0, amt: 150 }], times, { solver: 'exact' });
    times.forEach((t, k) => {
      const cf = oneCmtOral(t, 150, { CL: 3.95, V: 233, KA: 0.95, F: 1 });
      expect(ode.outputs.C![k]).toBeCloseTo(cf, 7);
      expect(exact.outputs.C![k]).toBeCloseTo(cf, 9);
    });
  });
});
