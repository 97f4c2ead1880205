/**
 * Conformance of the Hamberg 2007 warfarin model against reference/pkpd-models.md §1.1 and
 * the derived checks of §1.3 (two-compartment closed forms of §7).
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { RandomStream } from '../../../src/core/random.js';
import { twoCmtOral, twoCmtRates } from '../../../src/pkpd/linear/analytic.js';
import { hamberg2007Warfarin as spec } from '../../../src/pkpd/models/hamberg2007-warfarin.js';
import { getModel } from '../../../src/pkpd/models/registry.js';
import { sampleIndividuals, subjectParameters } from '../../../src/pkpd/population.js';
import { simulate } from '../../../src/pkpd/simulate.js';
import { DEFAULT_SUBJECT, initialState, paramIndex, typicalParameters, type Subject } from '../../../src/pkpd/types.js';

function params(overrides: Partial<Subject> = {}): Float64Array {
  return subjectParameters(spec, { ...DEFAULT_SUBJECT, ...overrides });
}
const get = (p: Float64Array, name: string) => p[paramIndex(spec, name)]!;

/** §1.3 2007 steady-state formula: INR = 1 + 20·(1 − (1 − E)²)^3.61, E = C^γ/(EC50^γ + C^γ). */
function inrSteadyState2007(css: number, ec50: number): number {
  const e = css ** 0.424 / (ec50 ** 0.424 + css ** 0.424);
  return 1 + 20 * (1 - (1 - e) ** 2) ** 3.61;
}

/** Constant S-warfarin input through the depot (a long zero-order "infusion" of racemic drug). */
function steadyStateInr(p: Float64Array, racemicMgPerDay: number): number {
  const hours = 10000; // > 30 terminal half-lives even for *3/*3 (≈ 300 h) and > 80 × MTT2 (120 h)
  const r = simulate(spec, p, [{ time: 0, amt: (racemicMgPerDay / 24) * hours, rate: racemicMgPerDay / 24 }], [hours]);
  return r.outputs.INR![0]!;
}

describe('hamberg2007-warfarin', () => {
  it('is registered and carries the §1.1 values', () => {
    expect(getModel('hamberg2007-warfarin')).toBe(spec);
    const p = typicalParameters(spec);
    expect([get(p, 'CL'), get(p, 'V1'), get(p, 'V2'), get(p, 'Q'), get(p, 'KA')]).toEqual([0.314, 13.8, 6.59, 0.131, 2]);
    expect([get(p, 'GAMMA'), get(p, 'MTT1'), get(p, 'MTT2'), get(p, 'INRMAX'), get(p, 'LAMBDA')]).toEqual([0.424, 11.6, 120, 20, 3.61]);
    expect(spec.dosing[0]).toMatchObject({ drug: 'warfarin', cmt: 'depot', doseUnit: 'mg', amountScale: 0.5 });
    expect(spec.residualError?.find((r) => r.output === 'INR')?.model).toEqual({ type: 'exponential', sd: 0.0325 });
    // ω = CV: the diagonal of Ω holds the squares of the table values.
    expect(spec.variability!.omega[0]![0]).toBeCloseTo(0.31 ** 2, 12);
    for (const p of spec.parameters) expect(p.source.length).toBeGreaterThan(5);
  });

  it('genotype and age effects: Δ_CYP2C9, EC50 by VKORC1, −0.91 %/y, A/G read as G/A', () => {
    expect(get(params({ genotypes: { CYP2C9: '*1/*3' } }), 'CL')).toBeCloseTo(0.314 * (1 - 0.453), 12);
    expect(get(params({ genotypes: { CYP2C9: '*3/*3' } }), 'CL')).toBeCloseTo(0.314 * 0.148, 12);
    expect(get(params({ age: 81 }), 'CL')).toBeCloseTo(0.314 * (1 - 0.091), 12);
    expect(get(params({ genotypes: { VKORC1: 'A/G' } }), 'EC50')).toBeCloseTo(3.02, 12);
    expect(get(params({ genotypes: { VKORC1: 'A/A' } }), 'EC50')).toBeCloseTo(2.2, 12);
    // Missing genotype: *1/*1 and G/G (documented default).
    expect(get(params(), 'CL')).toBe(0.314);
    expect(get(params(), 'EC50')).toBe(4.61);
    expect(get(params({ comedications: ['amiodarone'] }), 'CL')).toBeCloseTo(0.314 * 0.65, 12);
    expect(get(params({ comedications: ['rifampicin'] }), 'CL')).toBeCloseTo(0.314 * 2, 12);
  });

  it('an unknown diplotype is an InputError naming patient.genotype.CYP2C9', () => {
    try {
      params({ genotypes: { CYP2C9: '*1/*8' } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe('patient.genotype.CYP2C9');
    }
    expect(() => params({ genotypes: { VKORC1: 'C/T' } })).toThrow(/VKORC1/);
  });

  it('without drug the INR stays at its baseline 1', () => {
    const p = params();
    const x0 = initialState(spec, p);
    expect(spec.outputs.find((o) => o.name === 'INR')!.compute(x0, p, 0)).toBe(1);
    const r = simulate(spec, p, [], [0, 24, 240]);
    expect(Array.from(r.outputs.INR!)).toEqual([1, 1, 1]);
  });

  it('*1/*1 age 71: α = 0.0411, β = 0.0110 1/h, terminal t½ 63 h (§1.3)', () => {
    const pk = { CL: 0.314, V1: 13.8, Q: 0.131, V2: 6.59 };
    const { alpha, beta } = twoCmtRates(pk);
    expect(alpha).toBeCloseTo(0.0411, 4);
    expect(beta).toBeCloseTo(0.011, 4);
    expect(Math.log(2) / beta).toBeCloseTo(63, 0);
  });

  it('single dose: Cs equals the two-compartment oral closed form (S dose = 0.5 × racemic)', () => {
    const p = params();
    const pk = { CL: 0.314, V1: 13.8, Q: 0.131, V2: 6.59, KA: 2 };
    const times = [0.5, 2, 12, 48, 168];
    const r = simulate(spec, p, [{ time: 0, amt: 10 }], times, { rtol: 1e-10 });
    times.forEach((t, k) => expect(r.outputs.Cs![k]! / twoCmtOral(t, 5, pk)).toBeCloseTo(1, 6));
  });

  it('repeated daily doses: Cs equals the superposed closed form; mean Css = 0.5·dose/(24·CL)', () => {
    const p = params();
    const pk = { CL: 0.314, V1: 13.8, Q: 0.131, V2: 6.59, KA: 2 };
    const days = 40;
    const t0 = 39 * 24;
    const times = Array.from({ length: 25 }, (_, i) => t0 + i);
    const r = simulate(spec, p, [{ time: 0, amt: 5, ii: 24, addl: days - 1 }], times, { rtol: 1e-10 });
    const superposed = (t: number) => {
      let c = 0;
      for (let j = 0; j < days && 24 * j <= t; j++) c += twoCmtOral(t - 24 * j, 2.5, pk);
      return c;
    };
    times.forEach((t, k) => expect(r.outputs.Cs![k]! / superposed(t)).toBeCloseTo(1, 6));
    // After 39 days (≈ 15 half-lives) the interval mean is the steady-state average 2.5/24/0.314 = 0.3317 mg/L.
    let auc = 0;
    for (let k = 1; k < times.length; k++) auc += (r.outputs.Cs![k - 1]! + r.outputs.Cs![k]!) / 2;
    expect(auc / 24).toBeCloseTo(2.5 / 24 / 0.314, 2);
  });

  /*
   * §1.3, last column: INRss of the 2007 model at 5 mg/day. The reference computed it with
   * ReiL's F = 0.9, i.e. Css = 0.9 × 2.5/24/CL (0.299, 0.546, 2.02 mg/L). We first check
   * that the steady-state formula reproduces that column from those Css values, then that
   * our model, which uses F = 1 (CL is already CL/F), reaches the same formula's value at
   * its own, 1/0.9 times higher, Css.
   */
  const table2007: [string, string, number, number][] = [
    // CYP2C9, VKORC1, ReiL Css (mg/L), INRss (§1.3)
    ['*1/*1', 'G/G', 0.299, 1.87],
    ['*1/*1', 'G/A', 0.299, 2.32],
    ['*1/*1', 'A/A', 0.299, 2.76],
    ['*1/*3', 'G/G', 0.546, 2.56],
    ['*3/*3', 'A/A', 2.02, 7.77],
  ];
  it.each(table2007)('§1.3 2007 column %s %s: formula with ReiL Css %f → INRss %f', (cyp, vk, css, inr) => {
    expect(inrSteadyState2007(css, get(params({ genotypes: { CYP2C9: cyp, VKORC1: vk } }), 'EC50'))).toBeCloseTo(inr, 1);
  });

  it.each(table2007)('steady state of the ODE model (F = 1) equals the formula at Css = 2.5/24/CL: %s %s', (cyp, vk) => {
    const p = params({ genotypes: { CYP2C9: cyp, VKORC1: vk } });
    const css = 2.5 / 24 / get(p, 'CL');
    expect(steadyStateInr(p, 5)).toBeCloseTo(inrSteadyState2007(css, get(p, 'EC50')), 4);
  });

  // Our F = 1 values (Css = 2.5/24/CL: 0.332, 0.607, 2.24 mg/L), computed with the formula
  // above and checked here against the ODE: the §1.3 column × F-correction.
  it.each([
    ['*1/*1', 'G/G', 1.972],
    ['*1/*1', 'G/A', 2.456],
    ['*1/*1', 'A/A', 2.931],
    ['*1/*3', 'G/G', 2.713],
    ['*3/*3', 'A/A', 8.147],
  ])('F = 1 steady-state INR at 5 mg/day, %s %s: %f', (cyp, vk, inr) => {
    expect(steadyStateInr(params({ genotypes: { CYP2C9: cyp, VKORC1: vk } }), 5)).toBeCloseTo(inr, 2);
  });

  it('between-subject variability: log-SD of sampled parameters matches ω', () => {
    const subjects = Array.from({ length: 4000 }, () => DEFAULT_SUBJECT);
    const cohort = sampleIndividuals(spec, subjects, RandomStream.fromSeed(11));
    const typical = params();
    ['CL', 'V1', 'V2', 'MTT1', 'MTT2', 'EC50'].forEach((name, i) => {
      const logs = cohort.map((p) => Math.log(get(p, name) / get(typical, name)));
      const sd = Math.sqrt(logs.reduce((a, b) => a + b * b, 0) / logs.length);
      expect(sd / Math.sqrt(spec.variability!.omega[i]![i]!)).toBeCloseTo(1, 1);
    });
  });

  it('genotype ordering: *3/*3 A/A reaches a higher INR than *1/*1 G/G on 5 mg/day', () => {
    const times = [7 * 24, 14 * 24];
    const regimen = [{ time: 0, amt: 5, ii: 24, addl: 13 }];
    const low = simulate(spec, params({ genotypes: { CYP2C9: '*1/*1', VKORC1: 'G/G' } }), regimen, times).outputs.INR!;
    const high = simulate(spec, params({ genotypes: { CYP2C9: '*3/*3', VKORC1: 'A/A' } }), regimen, times).outputs.INR!;
    for (let k = 0; k < times.length; k++) expect(high[k]!).toBeGreaterThan(low[k]! + 0.5);
    expect(low[1]!).toBeGreaterThan(1.2);
  });
});
