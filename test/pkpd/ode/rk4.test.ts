import { describe, expect, it } from 'vitest';
import { Rk4Solver, rk4StepCount } from '../../../src/pkpd/ode/rk4.js';
import { NumericalError } from '../../../src/core/errors.js';
import type { OdeRhs } from '../../../src/pkpd/ode/types.js';
import { observedOrder } from './observed-order.js';

/** y' = −t·y, y(0) = 1: closed form y = exp(−t²/2). */
const gaussian: OdeRhs = (t, x, d) => {
  d[0] = -t * x[0]!;
};

describe('Rk4Solver', () => {
  it('converges with observed order ≈ 4 on y\' = −t·y (closed form exp(−t²/2))', () => {
    const hs = [0.2, 0.1, 0.05, 0.025];
    const errs = hs.map((h) => {
      const x = Float64Array.of(1);
      new Rk4Solver(1, { h }).integrate(gaussian, 0, 3, x);
      return Math.abs(x[0]! - Math.exp(-4.5));
    });
    const order = observedOrder(hs, errs);
    // Classical RK4 has global order 4 (Hairer I, Sect. II.3).
    expect(order).toBeGreaterThan(3.8);
    expect(order).toBeLessThan(4.2);
  });

  it('cuts an interval into equal steps and counts 4 rhs evaluations per step', () => {
    expect(rk4StepCount(1, 0.1)).toBe(10); // 1/0.1 is 10 up to rounding: no 11th sliver step
    expect(rk4StepCount(1, 0.3)).toBe(4);
    const solver = new Rk4Solver(1, { h: 0.1 });
    const x = Float64Array.of(1);
    solver.integrate(gaussian, 0, 1, x);
    expect(solver.stats.steps).toBe(10);
    expect(solver.stats.rhsEvals).toBe(40);
  });

  it('serves output times by landing on them (y\' = −t·y at t = 0.5, 1.7)', () => {
    const solver = new Rk4Solver(1, { h: 0.01 });
    const x = Float64Array.of(1);
    const got: number[] = [];
    solver.integrate(gaussian, 0, 3, x, { times: [0.5, 1.7], from: 0, to: 2, record: (_k, xk) => got.push(xk[0]!) });
    // exp(−0.125) = 0.8824969…, exp(−1.445) = 0.2357227…; RK4 at h = 0.01 is accurate to ~1e-10.
    expect(got[0]).toBeCloseTo(Math.exp(-0.125), 9);
    expect(got[1]).toBeCloseTo(Math.exp(-1.445), 9);
  });

  it('reports a non-finite state with the label and time', () => {
    // y' = y² from y(0) = 1 blows up at t = 1 (closed form 1/(1 − t)).
    const solver = new Rk4Solver(1, { h: 0.01, label: 'model blowup' });
    const x = Float64Array.of(1);
    expect(() => solver.integrate((_t, y, d) => { d[0] = y[0]! * y[0]!; }, 0, 2, x)).toThrow(NumericalError);
    expect(() => new Rk4Solver(1, { h: 0.01, label: 'model blowup' }).integrate((_t, y, d) => { d[0] = y[0]! * y[0]!; }, 0, 2, Float64Array.of(1))).toThrow(/^model blowup: non-finite state at t = /);
  });
});
