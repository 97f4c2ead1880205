import { describe, expect, it } from 'vitest';
import {
  oneCmtBolus,
  oneCmtInfusion,
  oneCmtOral,
  oneCmtOralTmax,
  oneCmtSteadyStateBolus,
  threeCmtBolus,
  threeCmtEigenvalues,
  twoCmtBolus,
  twoCmtInfusion,
  twoCmtOral,
  twoCmtRates,
} from '../../../src/pkpd/linear/analytic.js';

/** |actual − expected| ≤ tol·|expected|: the §7 numbers are given to 6–7 significant figures. */
function expectRelative(actual: number, expected: number, tol = 1e-6): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected));
}

const ONE = { CL: 5, V: 50 };
const TWO = { CL: 5, V1: 20, Q: 10, V2: 50 };

describe('one-compartment closed forms (reference/pkpd-models.md §7 test case: CL 5, V 50, D 100, ka 1)', () => {
  it('bolus C(2) = 1.637462 (= 2·e^−0.2)', () => {
    expectRelative(oneCmtBolus(2, 100, ONE), 1.637462);
  });
  it('infusion 50 mg/h × 2 h: C(2) = 1.812692, C(6) = 1.215084', () => {
    expectRelative(oneCmtInfusion(2, 50, 2, ONE), 1.812692);
    expectRelative(oneCmtInfusion(6, 50, 2, ONE), 1.215084);
  });
  it('oral C(2) = 1.518657, tmax 2.5584 h, Cmax 1.548527', () => {
    const oral = { ...ONE, KA: 1 };
    expectRelative(oneCmtOral(2, 100, oral), 1.518657);
    const tmax = oneCmtOralTmax(oral);
    expectRelative(tmax, 2.5584, 2e-5); // given to 5 significant figures
    expectRelative(oneCmtOral(tmax, 100, oral), 1.548527);
  });
  it('bioavailability scales the oral curve: F 0.5 halves C(2)', () => {
    expectRelative(oneCmtOral(2, 100, { ...ONE, KA: 1, F: 0.5 }), 1.518657 / 2);
  });
  it('100 mg q12h at steady state: trough 0.862026, peak 2.862026, accumulation 1.4310', () => {
    const peak = oneCmtSteadyStateBolus(0, 100, 12, ONE);
    expectRelative(oneCmtSteadyStateBolus(12, 100, 12, ONE), 0.862026);
    expectRelative(peak, 2.862026);
    expectRelative(peak / (100 / 50), 1.431, 1e-4);
  });
  it('is zero before the dose', () => {
    expect(oneCmtBolus(-1, 100, ONE)).toBe(0);
    expect(oneCmtInfusion(-1, 50, 2, ONE)).toBe(0);
    expect(oneCmtOral(-1, 100, { ...ONE, KA: 1 })).toBe(0);
  });
});

describe('two-compartment closed forms (§7: CL 5, V1 20, Q 10, V2 50)', () => {
  it('α = 0.894076, β = 0.055924; A = 4.140512, B = 0.859488 mg/L per 100 mg', () => {
    const r = twoCmtRates(TWO);
    expectRelative(r.alpha, 0.894076);
    expectRelative(r.beta, 0.055924, 1e-5); // 5 significant figures given
    expectRelative((100 / 20) * ((r.alpha - r.k21) / (r.alpha - r.beta)), 4.140512);
    expectRelative((100 / 20) * ((r.k21 - r.beta) / (r.alpha - r.beta)), 0.859488);
  });
  it('bolus C(2) = 1.461116, C(24) = 0.224566', () => {
    expectRelative(twoCmtBolus(2, 100, TWO), 1.461116);
    expectRelative(twoCmtBolus(24, 100, TWO), 0.224566);
  });
  it('infusion 50 mg/h × 2 h: C(2) = 2.741375, C(6) = 0.704123', () => {
    expectRelative(twoCmtInfusion(2, 50, 2, TWO), 2.741375);
    expectRelative(twoCmtInfusion(6, 50, 2, TWO), 0.704123);
  });
  it('oral C(2) = 1.939125, C(8) = 0.599196', () => {
    expectRelative(twoCmtOral(2, 100, { ...TWO, KA: 1 }), 1.939125);
    expectRelative(twoCmtOral(8, 100, { ...TWO, KA: 1 }), 0.599196);
  });
});

describe('three-compartment tri-exponential', () => {
  const THREE = { CL: 5, V1: 20, Q2: 10, V2: 50, Q3: 2, V3: 100 };
  it('eigenvalues satisfy Vieta: Σλ = k10+k12+k13+k21+k31, Πλ = k10·k21·k31', () => {
    const [l1, l2, l3] = threeCmtEigenvalues(THREE);
    expectRelative(l1 + l2 + l3, 0.25 + 0.5 + 0.1 + 0.2 + 0.02, 1e-12);
    expectRelative(l1 * l2 * l3, 0.25 * 0.2 * 0.02, 1e-10);
    expect(l1).toBeGreaterThan(l2);
    expect(l2).toBeGreaterThan(l3);
  });
  it('C(0) = D/V1 = 5 and reduces to the two-compartment curve when Q3 → 0', () => {
    expectRelative(threeCmtBolus(0, 100, THREE), 5, 1e-12);
    // Q3 = 1e-9 L/h: the deep compartment is (numerically) disconnected.
    expectRelative(threeCmtBolus(2, 100, { ...THREE, Q3: 1e-9 }), 1.461116);
  });
  it('AUC0–∞ of the tri-exponential equals D/CL = 20 mg·h/L', () => {
    const lambda = threeCmtEigenvalues(THREE);
    // Mass balance (closed form: AUC = D/CL), checked by Simpson's rule on [0, 2000 h];
    // the terminal eigenvalue is > 0.01 1/h, so the tail beyond 2000 h is below e^−20.
    const n = 200000;
    const h = 2000 / n;
    let s = threeCmtBolus(0, 100, THREE) + threeCmtBolus(2000, 100, THREE);
    for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * threeCmtBolus(i * h, 100, THREE);
    expectRelative((s * h) / 3, 100 / 5, 1e-8);
    expect(lambda[2]).toBeGreaterThan(0);
  });
});
