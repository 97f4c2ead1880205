import { describe, expect, it } from 'vitest';
import { Dopri5Solver } from '../../../src/pkpd/ode/dopri5.js';
import { solveAt } from '../../../src/pkpd/ode/create.js';
import { NumericalError } from '../../../src/core/errors.js';
import type { OdeRhs } from '../../../src/pkpd/ode/types.js';
import { observedOrder } from './observed-order.js';

/** y' = cos(t)·y, y(0) = 1: closed form y = exp(sin t). */
const expSin: OdeRhs = (t, x, d) => {
  d[0] = Math.cos(t) * x[0]!;
};

/** Harmonic oscillator x'' = −x as a system: closed form (cos t, −sin t). */
const oscillator: OdeRhs = (_t, x, d) => {
  d[0] = x[1]!;
  d[1] = -x[0]!;
};

describe('Dopri5Solver', () => {
  it('has observed order ≈ 5 with the step held fixed (oscillator, closed form cos t)', () => {
    const hs = [0.2, 0.1, 0.05, 0.025];
    const errs = hs.map((h) => {
      // Huge tolerances accept every step; hMax = h holds the step at h (4/h steps exactly).
      const solver = new Dopri5Solver(2, { h, hMax: h, rtol: 1e6, atol: 1e6 });
      const x = Float64Array.of(1, 0);
      solver.integrate(oscillator, 0, 4, x);
      expect(solver.stats.steps).toBe(Math.round(4 / h));
      return Math.abs(x[0]! - Math.cos(4));
    });
    const order = observedOrder(hs, errs);
    // Dormand–Prince propagates the 5th-order solution (local extrapolation): global order 5
    // (observed 5.1 here: the error ratios per halving are 36, 35, 33 → 2^5 = 32).
    expect(order).toBeGreaterThan(4.8);
    expect(order).toBeLessThan(5.4);
  });

  it('meets its tolerance adaptively: error shrinks with rtol (oscillator over 10 periods)', () => {
    const tEnd = 20 * Math.PI;
    const errFor = (rtol: number): number => {
      const x = Float64Array.of(1, 0);
      new Dopri5Solver(2, { rtol, atol: rtol * 1e-3 }).integrate(oscillator, 0, tEnd, x);
      return Math.hypot(x[0]! - 1, x[1]!); // closed form (cos 20π, −sin 20π) = (1, 0)
    };
    const e6 = errFor(1e-6);
    const e10 = errFor(1e-10);
    expect(e6).toBeLessThan(1e-4);
    expect(e10).toBeLessThan(1e-8);
    expect(e10).toBeLessThan(e6 / 100);
  });

  it('dense output is accurate and does not force extra steps', () => {
    const times = Array.from({ length: 99 }, (_, k) => 0.1 * (k + 1)); // 0.1 … 9.9, inside (0, 10)
    const plain = new Dopri5Solver(1, { rtol: 1e-8, atol: 1e-12 });
    plain.integrate(expSin, 0, 10, Float64Array.of(1));
    const withOutputs = new Dopri5Solver(1, { rtol: 1e-8, atol: 1e-12 });
    const got = new Float64Array(times.length);
    withOutputs.integrate(expSin, 0, 10, Float64Array.of(1), { times, from: 0, to: times.length, record: (k, x) => { got[k] = x[0]!; } });
    expect(withOutputs.stats.steps).toBe(plain.stats.steps);
    expect(plain.stats.steps).toBeLessThan(times.length); // fewer steps than outputs: interpolation did the work
    let maxRel = 0;
    for (let k = 0; k < times.length; k++) maxRel = Math.max(maxRel, Math.abs(got[k]! / Math.exp(Math.sin(times[k]!)) - 1));
    // The 4th-order continuous extension keeps interpolated values at the tolerance level.
    expect(maxRel).toBeLessThan(1e-7);
  });

  it('solveAt returns states at the requested times, duplicates and t0 included', () => {
    const res = solveAt(new Dopri5Solver(2, { rtol: 1e-10, atol: 1e-12 }), oscillator, 0, [1, 0], [0, 1, 1, 2.5, 4]);
    expect(res.length).toBe(5);
    expect(Array.from(res[0]!)).toEqual([1, 0]);
    for (const [k, t] of [[1, 1], [2, 1], [3, 2.5], [4, 4]] as const) {
      expect(res[k]![0]).toBeCloseTo(Math.cos(t), 9);
      expect(res[k]![1]).toBeCloseTo(-Math.sin(t), 9);
    }
  });

  it('reports non-finite derivatives and step-size underflow with label and time', () => {
    const sqrtOfNegative: OdeRhs = (t, x, d) => {
      d[0] = t < 1 ? -1 : Math.sqrt(x[0]! - 10);
    };
    // The derivative becomes NaN at t ≥ 1: no step size can pass it.
    expect(() => new Dopri5Solver(1, { label: 'model demo' }).integrate(sqrtOfNegative, 0, 2, Float64Array.of(1))).toThrow(/^model demo: step size underflow at t = 0\.99/);
    expect(() => new Dopri5Solver(1).integrate(sqrtOfNegative, 1.5, 2, Float64Array.of(1))).toThrow(NumericalError);
    expect(() => new Dopri5Solver(1).integrate(sqrtOfNegative, 1.5, 2, Float64Array.of(1))).toThrow(/non-finite derivative at t = 1.5/);
  });
});
