/**
 * Sensitive/resistant tumour model: untreated sensitive-only growth is logistic (closed form
 * K/(1 + (K/S0 − 1)·e^(−r·t))); the combination equals Bliss independence
 * (interactions/bliss.ts); the targeted drug spares R; the marker settles at PM·burden.
 */
import { describe, expect, it } from 'vitest';
import { blissIndependence } from '../../../src/pkpd/interactions/bliss.js';
import { getModel } from '../../../src/pkpd/models/registry.js';
import { TUMOUR_SR_INPUT, tumourSensitiveResistant as T } from '../../../src/pkpd/models/tumour-sensitive-resistant.js';
import { simulate } from '../../../src/pkpd/simulate.js';
import { paramIndex, typicalParameters } from '../../../src/pkpd/types.js';

const at = (name: string) => paramIndex(T, name);

describe('tumour-sensitive-resistant', () => {
  it('is registered', () => {
    expect(getModel('tumour-sensitive-resistant')).toBe(T);
  });

  it('untreated, without resistance or mutation: logistic growth of S', () => {
    const p = typicalParameters(T);
    p[at('FR0')] = 0;
    p[at('MU')] = 0;
    const r = simulate(T, p, [], [30, 200, 600]);
    const rs = p[at('RS')]!, k = p[at('K')]!, s0 = p[at('B0')]!;
    [30, 200, 600].forEach((t, j) => {
      expect(r.outputs.burden![j]).toBeCloseTo(k / (1 + (k / s0 - 1) * Math.exp(-rs * t)), 6);
    });
  });

  it('kill rate of S is KMAX × Bliss(E_cyt, E_tgt); R is killed by the cytotoxic only, RHO-fold', () => {
    const p = typicalParameters(T);
    p[at('MU')] = 0;
    const x = new Float64Array([10, 10, 20]);
    const base = new Float64Array(3);
    T.rhs(0, x, p, base);
    p[TUMOUR_SR_INPUT.C_CYT] = p[at('EC50_CYT')]!; // E_cyt = 0.5
    p[TUMOUR_SR_INPUT.C_TGT] = 3 * p[at('EC50_TGT')]!; // E_tgt = 0.75
    const d = new Float64Array(3);
    T.rhs(0, x, p, d);
    expect((base[0]! - d[0]!) / 10).toBeCloseTo(p[at('KMAX')]! * blissIndependence(0.5, 0.75), 12);
    expect((base[1]! - d[1]!) / 10).toBeCloseTo(p[at('KMAX')]! * p[at('RHO')]! * 0.5, 12);
    p[TUMOUR_SR_INPUT.C_CYT] = 0;
    T.rhs(0, x, p, d);
    expect(d[1]).toBe(base[1]);
  });

  it('marker tracks PM × burden with a lag', () => {
    const p = typicalParameters(T);
    const r = simulate(T, p, [], [0, 200], { returnStates: true });
    const s = r.states![1]!;
    expect(Math.abs(s[2]! - p[at('PM')]! * (s[0]! + s[1]!)) / s[2]!).toBeLessThan(0.1);
  });
});
