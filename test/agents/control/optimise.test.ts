import { describe, expect, it } from 'vitest';
import { LevenbergMarquardt, minimiseOnGrid, NelderMead } from '../../../src/agents/control/optimise.js';

/** Rosenbrock's banana function (Rosenbrock HH, Comput J 1960;3:175), minimum 0 at (1, 1). */
const rosenbrock = (x: Float64Array): number => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;

describe('NelderMead', () => {
  it('finds the minimum of a shifted quadratic', () => {
    const nm = new NelderMead(3);
    const x = Float64Array.of(0, 0, 0);
    const r = nm.minimise((p) => (p[0]! - 1) ** 2 + 2 * (p[1]! + 2) ** 2 + 0.5 * (p[2]! - 0.5) ** 2, x, { tolX: 1e-8, tolFunction: 1e-14, maxEvaluations: 2000 });
    expect(r.converged).toBe(true);
    expect([...x].map((v) => Number(v.toFixed(5)))).toEqual([1, -2, 0.5]);
  });

  it('solves the Rosenbrock function from the classic start (−1.2, 1)', () => {
    const nm = new NelderMead(2);
    const x = Float64Array.of(-1.2, 1);
    const r = nm.minimise(rosenbrock, x, { initialStep: 0.5, maxEvaluations: 2000, tolFunction: 1e-14, tolX: 1e-8 });
    expect(r.value).toBeLessThan(1e-10);
    expect(x[0]).toBeCloseTo(1, 4);
    expect(x[1]).toBeCloseTo(1, 4);
  });

  it('treats non-finite values as +∞ and rejects a wrong start length', () => {
    const nm = new NelderMead(1);
    const x = Float64Array.of(0.5);
    nm.minimise((p) => (p[0]! < 0 ? Number.NaN : (p[0]! - 0.2) ** 2), x, { tolX: 1e-9, tolFunction: 1e-16 });
    expect(x[0]).toBeCloseTo(0.2, 6);
    expect(() => nm.minimise(() => 0, Float64Array.of(0, 0))).toThrow(/expected 1/);
  });
});

describe('LevenbergMarquardt', () => {
  it('fits an exponential decay exactly (zero-residual problem)', () => {
    const t = [0, 1, 2, 3, 4, 5];
    const y = t.map((ti) => 3 * Math.exp(-0.4 * ti));
    const lm = new LevenbergMarquardt(2);
    const x = Float64Array.of(1, 0.1); // amplitude, rate
    const r = lm.minimise((p, res) => t.forEach((ti, k) => (res[k] = p[0]! * Math.exp(-p[1]! * ti) - y[k]!)), t.length, x, { maxIterations: 50, tolFunction: 1e-14 });
    expect(r.value).toBeLessThan(1e-12);
    expect(x[0]).toBeCloseTo(3, 5);
    expect(x[1]).toBeCloseTo(0.4, 5);
  });

  it('matches the closed-form ridge solution of a linear least-squares problem with a prior', () => {
    // r = [x − 3; 0.5·x]: ½‖r‖² is minimal at x = 3 / (1 + 0.25) = 2.4.
    const lm = new LevenbergMarquardt(1);
    const x = Float64Array.of(0);
    lm.minimise((p, res) => {
      res[0] = p[0]! - 3;
      res[1] = 0.5 * p[0]!;
    }, 2, x);
    expect(x[0]).toBeCloseTo(2.4, 4);
  });

  it('solves Rosenbrock written as residuals (10(x₂ − x₁²), 1 − x₁)', () => {
    const lm = new LevenbergMarquardt(2);
    const x = Float64Array.of(-1.2, 1);
    lm.minimise((p, res) => {
      res[0] = 10 * (p[1]! - p[0]! ** 2);
      res[1] = 1 - p[0]!;
    }, 2, x, { maxIterations: 100, tolFunction: 1e-15, differenceStep: 1e-7 });
    expect(x[0]).toBeCloseTo(1, 4);
    expect(x[1]).toBeCloseTo(1, 4);
  });
});

describe('minimiseOnGrid', () => {
  it('finds the minimiser of unimodal functions with few evaluations', () => {
    for (let target = 0; target <= 30; target++) {
      const r = minimiseOnGrid((i) => Math.abs(i - target), 0, 30);
      expect(r.index).toBe(target);
      expect(r.evaluations).toBeLessThanOrEqual(20);
    }
  });

  it('handles a flat bottom and single-point ranges', () => {
    expect(minimiseOnGrid((i) => Math.max(0, Math.abs(i - 10) - 2), 0, 30).value).toBe(0);
    expect(minimiseOnGrid((i) => i, 5, 5)).toEqual({ index: 5, value: 5, evaluations: 1 });
    expect(() => minimiseOnGrid((i) => i, 3, 2)).toThrow(/lo ≤ hi/);
  });
});
