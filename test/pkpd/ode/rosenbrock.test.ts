import { describe, expect, it } from 'vitest';
import { RosenbrockSolver } from '../../../src/pkpd/ode/rosenbrock.js';
import { Dopri5Solver } from '../../../src/pkpd/ode/dopri5.js';
import type { OdeRhs } from '../../../src/pkpd/ode/types.js';
import { observedOrder } from './observed-order.js';

/** Robertson's chemical kinetics (Robertson 1966), the classic stiff test problem. */
const robertson: OdeRhs = (_t, y, d) => {
  d[0] = -0.04 * y[0]! + 1e4 * y[1]! * y[2]!;
  d[2] = 3e7 * y[1]! * y[1]!;
  d[1] = -d[0]! - d[2]!;
};

/** Prothero–Robinson: y' = −1e6·(y − cos t) − sin t, y(0) = 1; closed form y = cos t. */
const protheroRobinson: OdeRhs = (t, y, d) => {
  d[0] = -1e6 * (y[0]! - Math.cos(t)) - Math.sin(t);
};

const oscillator: OdeRhs = (_t, x, d) => {
  d[0] = x[1]!;
  d[1] = -x[0]!;
};

function relErr(got: Float64Array, ref: readonly number[]): number[] {
  return ref.map((r, i) => Math.abs(got[i]! / r - 1));
}

describe('RosenbrockSolver (RODAS4)', () => {
  it("solves Robertson's problem to t = 40 (DETEST problem D2 reference)", () => {
    // Enright, Hull & Lindberg, BIT 15 (1975) 10–48, stiff DETEST problem D2 (Robertson,
    // y2 and y3 scaled there by 1e4 and 1e2, unscaled here): y(40) =
    // (0.7158270687193941, 9.185534764557338e-6, 0.2841637457458413); the same values
    // are quoted as the reference solution at t = 40 in Hairer & Wanner, Solving ODEs II.
    const solver = new RosenbrockSolver(3, { rtol: 1e-8, atol: Float64Array.of(1e-12, 1e-18, 1e-12) });
    const y = Float64Array.of(1, 0, 0);
    solver.integrate(robertson, 0, 40, y);
    for (const e of relErr(y, [0.7158270687193941, 9.185534764557338e-6, 0.2841637457458413])) expect(e).toBeLessThan(1e-7);
    // A stiff solver needs a few hundred steps; an explicit one is bounded by |λ| ≈ 3.4e3.
    expect(solver.stats.steps).toBeLessThan(1000);
  });

  it("solves Robertson's problem to t = 1e11 (Test Set for IVP Solvers reference)", () => {
    // Mazzia & Magherini, Test Set for IVP Solvers (Univ. Bari, release 2.4, 2008; formerly
    // CWI / Hairer's test set), problem ROBER: y(1e11) =
    // (0.2083340149701255e-7, 0.8333360770334713e-13, 0.9999999791665050).
    const solver = new RosenbrockSolver(3, { rtol: 1e-8, atol: Float64Array.of(1e-18, 1e-24, 1e-12) });
    const y = Float64Array.of(1, 0, 0);
    solver.integrate(robertson, 0, 1e11, y);
    const ref = [0.2083340149701255e-7, 0.8333360770334713e-13, 0.999999979166505];
    for (const e of relErr(y, ref)) expect(e).toBeLessThan(1e-5);
    expect(Math.max(...ref.map((r, i) => Math.abs(y[i]! - r)))).toBeLessThan(2e-10);
    expect(solver.stats.steps).toBeLessThan(3000);
  });

  it('takes large steps on a very stiff problem where dopri5 cannot (Prothero–Robinson, closed form cos t)', () => {
    const rosen = new RosenbrockSolver(1, { rtol: 1e-8, atol: 1e-10 });
    const y = Float64Array.of(1);
    rosen.integrate(protheroRobinson, 0, 10, y);
    expect(Math.abs(y[0]! - Math.cos(10))).toBeLessThan(1e-7);
    expect(rosen.stats.steps).toBeLessThan(2000);
    // Explicit stability bound: h·1e6 ≲ 3.3 for Dormand–Prince → at least ~3e6 steps on [0, 10].
    const dopri = new Dopri5Solver(1, { rtol: 1e-8, atol: 1e-10, maxSteps: 50_000 });
    expect(() => dopri.integrate(protheroRobinson, 0, 10, Float64Array.of(1))).toThrow(/exceeded 50000 steps/);
  });

  it('has observed order ≈ 4 with the step held fixed (oscillator, closed form cos t)', () => {
    const hs = [0.2, 0.1, 0.05, 0.025];
    const errs = hs.map((h) => {
      const solver = new RosenbrockSolver(2, { h, hMax: h, rtol: 1e6, atol: 1e6 });
      const x = Float64Array.of(1, 0);
      solver.integrate(oscillator, 0, 4, x);
      expect(solver.stats.steps).toBe(Math.round(4 / h));
      return Math.abs(x[0]! - Math.cos(4));
    });
    const order = observedOrder(hs, errs);
    expect(order).toBeGreaterThan(3.7);
    expect(order).toBeLessThan(4.5);
  });

  it('lands on output times, duplicates included', () => {
    const solver = new RosenbrockSolver(2, { rtol: 1e-10, atol: 1e-12 });
    const times = [0.5, 1, 1, 3];
    const got: number[][] = [];
    solver.integrate(oscillator, 0, 4, Float64Array.of(1, 0), { times, from: 0, to: 4, record: (k, x) => { got[k] = [x[0]!, x[1]!]; } });
    times.forEach((t, k) => {
      expect(got[k]![0]).toBeCloseTo(Math.cos(t), 8);
      expect(got[k]![1]).toBeCloseTo(-Math.sin(t), 8);
    });
  });
});
