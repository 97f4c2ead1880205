import { describe, expect, it } from 'vitest';
import { transitChainRate, transitRateFromMeanTransitTime } from '../../../src/pkpd/pd/transit.js';
import { integrateRk4 } from './fixed-step-rk4.js';

/** Erlang(n, k) CDF: 1 − Σ_{j<n} (k·t)^j/j!·e^(−k·t) (closed form). */
function erlangCdf(n: number, k: number, t: number): number {
  let term = Math.exp(-k * t);
  let sum = 0;
  for (let j = 0; j < n; j++) {
    sum += term;
    term *= (k * t) / (j + 1);
  }
  return 1 - sum;
}

describe('transit-compartment chain (Savic 2007; Sun & Jusko 1998)', () => {
  it('a unit bolus into a 5-compartment chain (ktr 2) exits as the Erlang(5, 2) CDF', () => {
    // State: 5 chain compartments at offset 1 (state 0 is an unrelated state) + cumulative outflow.
    const n = 5;
    const ktr = 2;
    const x = new Float64Array(n + 2);
    x[1] = 1;
    const rhs = (_t: number, y: Float64Array, d: Float64Array) => {
      d[0] = 0;
      d[n + 1] = transitChainRate(y, 1, n, ktr, 0, d);
    };
    let t = 0;
    for (const next of [0.5, 1.5, 2.5, 6]) {
      integrateRk4(rhs, x, t, next, 1e-3);
      t = next;
      expect(Math.abs(x[n + 1]! - erlangCdf(n, ktr, t))).toBeLessThan(1e-11);
    }
    // Mass is conserved: chain + outflow = 1.
    expect(x.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  it('constant input u reaches the steady state u/ktr in every compartment', () => {
    const x = new Float64Array(4);
    const d = new Float64Array(4);
    x.fill(3 / 0.75);
    expect(transitChainRate(x, 0, 4, 0.75, 3, d)).toBeCloseTo(3, 14);
    for (const v of d) expect(v).toBeCloseTo(0, 14);
  });
  it('ktr = stages/MTT: the mean of Erlang(n, ktr) is n/ktr = MTT', () => {
    expect(transitRateFromMeanTransitTime(4, 100)).toBe(0.04);
    expect(4 / transitRateFromMeanTransitTime(4, 100)).toBe(100);
  });
});
