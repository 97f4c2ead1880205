/**
 * Conformance of the Adams 2004 HIV ModelSpec with reference/pkpd-models.md §6 (Adams et al.
 * 2004 Math Biosci Eng 1:223, Table 1; Ernst et al. 2006 IEEE CDC; values via whynot and
 * rlpy): parameters, state order, and the Newton-refined equilibria (check (D) of §6).
 */
import { lusolve } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { adams2004Hiv, HIV_HEALTHY_STATE, HIV_PARAM, HIV_UNHEALTHY_STATE } from '../../../src/pkpd/models/adams2004-hiv.js';
import { checkModelSpec, getModel } from '../../../src/pkpd/models/registry.js';
import { typicalParameters } from '../../../src/pkpd/types.js';

const p = typicalParameters(adams2004Hiv);

function f(x: readonly number[]): number[] {
  const out = new Float64Array(6);
  adams2004Hiv.rhs(0, Float64Array.from(x), p, out);
  return Array.from(out);
}

/** Newton's method with a central-difference Jacobian (relative steps), from `x0`. */
function newton(x0: readonly number[]): number[] {
  let x = [...x0];
  for (let it = 0; it < 30; it++) {
    const fx = f(x);
    const J = x.map(() => new Array<number>(6).fill(0));
    for (let j = 0; j < 6; j++) {
      const h = 1e-6 * Math.abs(x[j]!);
      const xp = [...x];
      const xm = [...x];
      xp[j]! += h;
      xm[j]! -= h;
      const fp = f(xp);
      const fm = f(xm);
      for (let i = 0; i < 6; i++) J[i]![j] = (fp[i]! - fm[i]!) / (2 * h);
    }
    const dx = (lusolve(J, fx.map((v) => [-v])) as number[][]).map((r) => r[0]!);
    x = x.map((v, i) => v + dx[i]!);
    if (dx.every((d, i) => Math.abs(d) <= 1e-13 * Math.abs(x[i]!))) break;
  }
  return x;
}

/** Largest |dx_i/dt| / x_i (per day): how far from an equilibrium, relative to each state. */
function relativeRate(x: readonly number[]): number {
  return Math.max(...f(x).map((d, i) => Math.abs(d) / Math.abs(x[i]!)));
}

describe('adams2004-hiv ModelSpec', () => {
  it('is registered, consistent, in days, with states in rlpy order and ε1/ε2 as parameters', () => {
    expect(getModel('adams2004-hiv')).toBe(adams2004Hiv);
    expect(() => checkModelSpec(adams2004Hiv)).not.toThrow();
    expect(adams2004Hiv.timeUnit).toBe('day');
    expect(adams2004Hiv.states.map((s) => s.name)).toEqual(['T1', 'T2', 'T1I', 'T2I', 'V', 'E']);
    expect(adams2004Hiv.dosing).toEqual([]);
    expect(p[HIV_PARAM.eps1]).toBe(0);
    expect(p[HIV_PARAM.eps2]).toBe(0);
    for (const q of adams2004Hiv.parameters) {
      expect(q.unit, q.name).not.toBe('');
      expect(q.source, q.name).toMatch(/Adams 2004|Ernst 2006/);
    }
  });

  it('has the §6 parameter values', () => {
    const values = Object.fromEntries(adams2004Hiv.parameters.map((q) => [q.name, q.value]));
    expect(values).toEqual({
      lambda1: 10_000, d1: 0.01, k1: 8e-7, lambda2: 31.98, d2: 0.01, f: 0.34, k2: 1e-4, delta: 0.7,
      m1: 1e-5, m2: 1e-5, NT: 100, c: 13, rho1: 1, rho2: 1, lambdaE: 1, bE: 0.3, Kb: 100, dE: 0.25,
      Kd: 500, deltaE: 0.1, eps1: 0, eps2: 0,
    });
    expect(adams2004Hiv.states.map((s) => s.initial)).toEqual([...HIV_UNHEALTHY_STATE]);
  });

  it('Newton-refines the published unhealthy state to §6 (163 572.75, 5.00, 11 944.94, 45.60, 63 918.6, 23.54), an equilibrium', () => {
    const x = newton(HIV_UNHEALTHY_STATE);
    const expected = [163_572.75, 5.0, 11_944.94, 45.6, 63_918.6, 23.54];
    const digits = [0.005, 0.005, 0.005, 0.005, 0.05, 0.005]; // half a unit of the last printed digit
    x.forEach((v, i) => expect(Math.abs(v - expected[i]!), `state ${i}`).toBeLessThanOrEqual(digits[i]!));
    expect(relativeRate(x)).toBeLessThan(1e-12);
    // The rounded published values are close to it: every state changes by < 1 %/day there.
    expect(relativeRate(HIV_UNHEALTHY_STATE)).toBeLessThan(1e-2);
  });

  it('Newton-refines the published healthy state to §6 (967 838.67, 620.52, 76.01, 6.09, 415.38, 353 108.04), an equilibrium', () => {
    const x = newton(HIV_HEALTHY_STATE);
    const expected = [967_838.67, 620.52, 76.01, 6.09, 415.38, 353_108.04];
    x.forEach((v, i) => expect(Math.abs(v - expected[i]!), `state ${i}`).toBeLessThanOrEqual(0.005));
    expect(relativeRate(x)).toBeLessThan(1e-12);
  });

  it('outputs V, E, T1, total CD4 and log10 V with units', () => {
    const x = Float64Array.from(HIV_UNHEALTHY_STATE);
    const out = Object.fromEntries(adams2004Hiv.outputs.map((o) => [o.name, [o.compute(x, p, 0), o.unit]]));
    expect(out.V).toEqual([63_919, 'virions/mL']);
    expect(out.E).toEqual([24, 'cells/mL']);
    expect(out.T1).toEqual([163_573, 'cells/mL']);
    expect(out.CD4).toEqual([163_573 + 11_945, 'cells/mL']);
    expect(out.log10V![0]).toBeCloseTo(Math.log10(63_919), 14);
  });

  it('RTI blocks infection in type-1 cells fully at ε1 = 1 and in type-2 cells by f·ε1', () => {
    const x = Float64Array.from(HIV_UNHEALTHY_STATE);
    const q = p.slice();
    q[HIV_PARAM.eps1] = 1;
    const d = new Float64Array(6);
    adams2004Hiv.rhs(0, x, q, d);
    expect(d[0]).toBeCloseTo(10_000 - 0.01 * 163_573, 9); // no infection term left
    expect(d[1]).toBeCloseTo(31.98 - 0.01 * 5 - (1 - 0.34) * 1e-4 * 63_919 * 5, 9);
  });
});
