/**
 * The HIV-v0 kernel: the scalar RK4 equals textbook RK4 over the ModelSpec's rhs, the
 * stability guard, and the Ernst 2006 reward/cost (reference/pkpd-models.md §6).
 */
import { describe, expect, it } from 'vitest';
import { adams2004Hiv, HIV_HEALTHY_STATE, HIV_PARAM, HIV_UNHEALTHY_STATE } from '../../../src/pkpd/models/adams2004-hiv.js';
import { typicalParameters } from '../../../src/pkpd/types.js';
import { HIV_TASK, hivAdvance, hivCost, hivReward } from '../../../src/envs/hiv/hiv-kernel.js';

/** One classical RK4 step of size h over adams2004Hiv.rhs, written the textbook way. */
function textbookRk4(x: Float64Array, p: Float64Array, h: number): Float64Array {
  const f = (y: Float64Array) => {
    const d = new Float64Array(6);
    adams2004Hiv.rhs(0, y, p, d);
    return d;
  };
  const add = (y: Float64Array, k: Float64Array, a: number) => y.map((v, i) => v + a * k[i]!);
  const k1 = f(x);
  const k2 = f(add(x, k1, h / 2));
  const k3 = f(add(x, k2, h / 2));
  const k4 = f(add(x, k3, h));
  return x.map((v, i) => v + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!));
}

describe('hivAdvance', () => {
  it.each([
    ['unhealthy, no drug', HIV_UNHEALTHY_STATE, 0, 0],
    ['unhealthy, both drugs', HIV_UNHEALTHY_STATE, 0.7, 0.3],
    ['healthy, RTI', HIV_HEALTHY_STATE, 0.7, 0],
    ['off-equilibrium, PI', [5e5, 100, 3000, 20, 2e4, 1e3], 0, 0.3],
  ])('one substep equals textbook RK4 over adams2004Hiv.rhs (%s) to 1e-14', (_label, x0, eps1, eps2) => {
    const p = typicalParameters(adams2004Hiv);
    p[HIV_PARAM.eps1] = eps1;
    p[HIV_PARAM.eps2] = eps2;
    const x = Float64Array.from(x0);
    const expected = textbookRk4(Float64Array.from(x0), p, 0.1);
    expect(hivAdvance(x, p, 0.1, 1)).toBe(1);
    x.forEach((v, i) => expect(Math.abs(v - expected[i]!) / Math.abs(expected[i]!)).toBeLessThan(1e-14));
  });

  it('keeps the default 50 substeps (h = 0.1 d) at both equilibria: the stability guard is idle there', () => {
    const p = typicalParameters(adams2004Hiv);
    for (const [eps1, eps2] of [[0, 0], [0.7, 0.3]]) {
      p[HIV_PARAM.eps1] = eps1!;
      p[HIV_PARAM.eps2] = eps2!;
      for (const x of [HIV_UNHEALTHY_STATE, HIV_HEALTHY_STATE]) {
        expect(hivAdvance(Float64Array.from(x), p, HIV_TASK.stepDays, HIV_TASK.substeps)).toBe(50);
      }
    }
  });

  it('shortens the substeps of a stiffer patient (c × 4: rate ≈ 53/d, h ≤ 2/53) and stays accurate', () => {
    const p = typicalParameters(adams2004Hiv);
    p[HIV_PARAM.c] = 52;
    const x = Float64Array.from(HIV_UNHEALTHY_STATE);
    const n = hivAdvance(x, p, 5, 50);
    expect(n).toBeGreaterThan(100); // 132 would be needed at the start rate for all 5 days
    // Reference: the same 5 days with 2000 textbook RK4 steps (h = 0.0025 d, h·rate ≈ 0.13).
    let y = Float64Array.from(HIV_UNHEALTHY_STATE);
    for (let k = 0; k < 2000; k++) y = textbookRk4(y, p, 0.0025);
    // Within the env's 1e-4 target (largest: T2, 3e-5: the first substeps run at h·rate = 2).
    x.forEach((v, i) => expect(Math.abs(v - y[i]!) / Math.abs(y[i]!), `state ${i}`).toBeLessThan(1e-4));
  });

  it('plain RK4 at h = 0.1 d diverges after a treatment interruption; the guard does not', () => {
    // State after 9 steps of the switching policy of hiv-accuracy.test.ts (high T1, low V),
    // then 5 days without drug: the virus rebounds and d2 + k2·V exceeds 20/d.
    const p = typicalParameters(adams2004Hiv);
    const start = [374_226, 15.3974, 4_490.15, 42.4771, 24_625.8, 54.0571];
    let plain = Float64Array.from(start);
    for (let k = 0; k < 50; k++) plain = textbookRk4(plain, p, 0.1);
    expect(plain.some((v) => !Number.isFinite(v) || v < 0)).toBe(true);
    const guarded = Float64Array.from(start);
    expect(hivAdvance(guarded, p, 5, 50)).toBeGreaterThan(50);
    let fine = Float64Array.from(start);
    for (let k = 0; k < 2000; k++) fine = textbookRk4(fine, p, 0.0025);
    guarded.forEach((v, i) => expect(Math.abs(v - fine[i]!) / Math.abs(fine[i]!), `state ${i}`).toBeLessThan(1e-4));
  });
});

describe('Ernst 2006 reward and the CD4 cost', () => {
  it('reward at the unhealthy state without drug is +17 608.1 = −(0.1·63 919 − 1 000·24)', () => {
    // r = −(Q·V + R1·ε1² + R2·ε2² − S·E): the §6 figure 17 608.1 is this reward (positive),
    // because the immune term S·E = 24 000 outweighs Q·V = 6 391.9.
    expect(hivReward(63_919, 24, 0, 0)).toBeCloseTo(17_608.1, 9);
    expect(hivReward(0, 0, 0.7, 0.3)).toBeCloseTo(-(20_000 * 0.49 + 2_000 * 0.09), 9);
  });

  it('cost is 1 below 2·10⁵ total CD4 cells/mL (200/µL), else 0', () => {
    expect(hivCost(163_573, 11_945)).toBe(1);
    expect(hivCost(190_000, 10_000)).toBe(0);
    expect(hivCost(967_839, 76)).toBe(0);
  });
});
