import { describe, expect, it } from 'vitest';
import {
  indirectResponseRate,
  indirectResponseSteadyState,
  inhibition,
  stimulation,
  type IndirectResponseType,
} from '../../../src/pkpd/pd/indirect-response.js';
import { integrateRk4 } from './fixed-step-rk4.js';

// kin 10 /h, kout 0.5 /h → baseline R0 = 20. Drug at C = IC50 = SC50 = 2 with Imax 0.8, Smax 3.
const kin = 10;
const kout = 0.5;
const I = inhibition(2, 0.8, 2); // 0.4
const S = stimulation(2, 3, 2); // 1.5

describe('indirect response models I–IV (Dayneka, Garg & Jusko 1993)', () => {
  it('drug terms at C50: I = Imax/2 = 0.4, S = Smax/2 = 1.5', () => {
    expect(I).toBeCloseTo(0.4, 15);
    expect(S).toBeCloseTo(1.5, 15);
  });
  it('steady states: I 20·0.6 = 12, II 20/0.6 = 33.33, III 20·2.5 = 50, IV 20/2.5 = 8', () => {
    expect(indirectResponseSteadyState(1, kin, kout, I)).toBeCloseTo(12, 12);
    expect(indirectResponseSteadyState(2, kin, kout, I)).toBeCloseTo(100 / 3, 12);
    expect(indirectResponseSteadyState(3, kin, kout, S)).toBeCloseTo(50, 12);
    expect(indirectResponseSteadyState(4, kin, kout, S)).toBeCloseTo(8, 12);
  });
  it('the rate is zero at the steady state and at baseline without drug', () => {
    for (const type of [1, 2, 3, 4] as IndirectResponseType[]) {
      const term = type <= 2 ? I : S;
      expect(indirectResponseRate(type, indirectResponseSteadyState(type, kin, kout, term), kin, kout, term)).toBeCloseTo(0, 12);
      expect(indirectResponseRate(type, kin / kout, kin, kout, 0)).toBe(0);
    }
  });
  it('at constant C, R(t) = Rss + (R0 − Rss)·e^(−k·t) with k = kout (I, III) or kout·(1∓drug) (II, IV)', () => {
    const cases: [IndirectResponseType, number, number][] = [
      [1, I, kout],
      [2, I, kout * (1 - I)],
      [3, S, kout],
      [4, S, kout * (1 + S)],
    ];
    for (const [type, term, k] of cases) {
      const x = Float64Array.of(kin / kout);
      integrateRk4((_t, y, d) => (d[0] = indirectResponseRate(type, y[0]!, kin, kout, term)), x, 0, 4, 1e-3);
      const rss = indirectResponseSteadyState(type, kin, kout, term);
      expect(Math.abs(x[0]! - (rss + (kin / kout - rss) * Math.exp(-k * 4)))).toBeLessThan(1e-10);
    }
  });
});
