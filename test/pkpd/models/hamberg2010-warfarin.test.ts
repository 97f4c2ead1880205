/**
 * Conformance of the Hamberg 2010 warfarin model against reference/pkpd-models.md §1.2 and
 * the derived steady-state table of §1.3 (5 mg/day racemic, S = 50 %, age 71, BASE = 1).
 */
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { oneCmtOral } from '../../../src/pkpd/linear/analytic.js';
import { hamberg2010Warfarin as spec } from '../../../src/pkpd/models/hamberg2010-warfarin.js';
import { getModel } from '../../../src/pkpd/models/registry.js';
import { sampleIndividuals, subjectParameters } from '../../../src/pkpd/population.js';
import { simulate } from '../../../src/pkpd/simulate.js';
import { DEFAULT_SUBJECT, paramIndex, typicalParameters, type Subject } from '../../../src/pkpd/types.js';

function params(overrides: Partial<Subject> = {}): Float64Array {
  return subjectParameters(spec, { ...DEFAULT_SUBJECT, ...overrides });
}
const get = (p: Float64Array, name: string) => p[paramIndex(spec, name)]!;

/** E at concentration c for the 2010 model (γ = 1.15). */
const effect = (c: number, ec50: number) => c ** 1.15 / (ec50 ** 1.15 + c ** 1.15);

describe('hamberg2010-warfarin', () => {
  it('is registered and carries the §1.2 values', () => {
    expect(getModel('hamberg2010-warfarin')).toBe(spec);
    const p = typicalParameters(spec);
    expect([get(p, 'CL'), get(p, 'V'), get(p, 'KA'), get(p, 'EC50'), get(p, 'GAMMA')]).toEqual([0.348, 14.3, 2, 4.1, 1.15]);
    expect(3 / get(p, 'MTT1')).toBeCloseTo(0.105, 3);
    expect(3 / get(p, 'MTT2')).toBeCloseTo(0.0254, 4);
    // DavAug: typical elimination rate k = CL/V = 0.0243 1/h, log-mean −3.716.
    expect(Math.log(get(p, 'CL') / get(p, 'V'))).toBeCloseTo(-3.716, 3);
    expect(spec.dosing[0]!.amountScale).toBe(0.5);
  });

  it('allele-additive EC50: G/G 4.10, G/A 3.01, A/A 1.92 mg/L', () => {
    expect(get(params({ genotypes: { VKORC1: 'G/G' } }), 'EC50')).toBeCloseTo(4.1, 10);
    expect(get(params({ genotypes: { VKORC1: 'A/G' } }), 'EC50')).toBeCloseTo(3.01, 10);
    expect(get(params({ genotypes: { VKORC1: 'A/A' } }), 'EC50')).toBeCloseTo(1.92, 10);
  });

  it('age lowers clearance (convention), 0.571 %/year', () => {
    expect(get(params({ age: 81 }), 'CL')).toBeCloseTo(0.348 * (1 - 0.0571), 10);
    expect(get(params({ age: 51 }), 'CL')).toBeGreaterThan(0.348);
  });

  it('single dose: Cs equals the one-compartment oral closed form with S = 0.5 × dose', () => {
    const p = params();
    const times = [0.5, 3, 24, 96];
    const r = simulate(spec, p, [{ time: 0, amt: 10 }], times, { rtol: 1e-10 });
    times.forEach((t, k) => expect(r.outputs.Cs![k]! / oneCmtOral(t, 5, { CL: 0.348, V: 14.3, KA: 2 })).toBeCloseTo(1, 6));
  });

  it('baseline INR is 1 without drug', () => {
    expect(Array.from(simulate(spec, params(), [], [0, 100]).outputs.INR!)).toEqual([1, 1]);
  });

  // §1.3: CYP2C9, VKORC1, CL (L/h), t½ (h), Css (mg/L), INRss, dose for INR 2.5 (mg/d).
  const table: [string, string, number, number, number, number, number][] = [
    ['*1/*1', 'G/G', 0.348, 28.5, 0.299, 1.94, 7.71],
    ['*1/*1', 'G/A', 0.348, 28.5, 0.299, 2.31, 5.66],
    ['*1/*1', 'A/A', 0.348, 28.5, 0.299, 3.11, 3.61],
    ['*1/*3', 'G/G', 0.216, 45.8, 0.482, 2.57, 4.79],
    ['*3/*3', 'A/A', 0.0844, 117, 1.234, 8.51, 0.88],
  ];

  it.each(table)('§1.3 %s %s: CL %f, t½ %f, Css %f, INRss %f, dose for INR 2.5 %f', (cyp, vk, cl, thalf, css, inr, dose25) => {
    const p = params({ genotypes: { CYP2C9: cyp, VKORC1: vk } });
    const CL = get(p, 'CL');
    const ec50 = get(p, 'EC50');
    expect(CL).toBeCloseTo(cl, 3);
    expect((Math.log(2) * get(p, 'V')) / CL / thalf).toBeCloseTo(1, 2); // table rounded to 3 digits
    const c = 2.5 / 24 / CL;
    expect(c).toBeCloseTo(css, 3);
    expect(1 + 20 * effect(c, ec50)).toBeCloseTo(inr, 2);
    // Dose for INR 2.5: E = 0.075 → C = EC50·(E/(1−E))^(1/γ), racemic dose = 2·24·CL·C.
    const cTarget = ec50 * (0.075 / 0.925) ** (1 / 1.15);
    expect(2 * 24 * CL * cTarget).toBeCloseTo(dose25, 1);
  });

  it.each(table)('ODE steady state under constant input equals 1 + 20·E(Css): %s %s', (cyp, vk, _cl, _t, _c, inr) => {
    const p = params({ genotypes: { CYP2C9: cyp, VKORC1: vk } });
    const hours = 4000; // ≥ 23 half-lives for *3/*3 (117 h), ≥ 100 × MTT2/3
    const r = simulate(spec, p, [{ time: 0, amt: (5 / 24) * hours, rate: 5 / 24 }], [hours]);
    expect(r.outputs.Cs![0]!).toBeCloseTo(2.5 / 24 / get(p, 'CL'), 5);
    expect(r.outputs.INR![0]!).toBeCloseTo(1 + 20 * effect(2.5 / 24 / get(p, 'CL'), get(p, 'EC50')), 4);
    expect(r.outputs.INR![0]!).toBeCloseTo(inr, 2);
  });

  it('between-subject variability: log-SD of sampled parameters matches ω', () => {
    const subjects = Array.from({ length: 4000 }, () => DEFAULT_SUBJECT);
    const cohort = sampleIndividuals(spec, subjects, RandomStream.fromSeed(11));
    const typical = params();
    ['CL', 'V', 'EC50'].forEach((name, i) => {
      const logs = cohort.map((p) => Math.log(get(p, name) / get(typical, name)));
      const sd = Math.sqrt(logs.reduce((a, b) => a + b * b, 0) / logs.length);
      expect(sd / Math.sqrt(spec.variability!.omega[i]![i]!)).toBeCloseTo(1, 1);
    });
  });

  it('genotype ordering: *3/*3 A/A reaches a higher INR than *1/*1 G/G on 5 mg/day', () => {
    const regimen = [{ time: 0, amt: 5, ii: 24, addl: 13 }];
    const times = [7 * 24, 14 * 24];
    const low = simulate(spec, params({ genotypes: { CYP2C9: '*1/*1', VKORC1: 'G/G' } }), regimen, times).outputs.INR!;
    const high = simulate(spec, params({ genotypes: { CYP2C9: '*3/*3', VKORC1: 'A/A' } }), regimen, times).outputs.INR!;
    for (let k = 0; k < times.length; k++) expect(high[k]!).toBeGreaterThan(low[k]! + 0.5);
  });

  it('is structurally different from the 2007 model (one PK compartment, two 3-compartment chains)', () => {
    expect(spec.states.map((s) => s.name)).toEqual(['depot', 'central', 'F1a', 'F2a', 'F3a', 'F1b', 'F2b', 'F3b']);
  });
});
