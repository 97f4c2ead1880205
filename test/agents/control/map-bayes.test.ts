/**
 * MAP estimation and the MAP-Bayes dose on synthetic data: INRs simulated from known η with
 * the env's own kernel (its fine 16-step grid, so the estimator's coarser predictor is not
 * the data-generating model) and small exponential noise.
 */
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { MapBayesPolicy } from '../../../src/agents/control/map-bayes.js';
import { WarfarinMapEstimator } from '../../../src/agents/control/map-estimator.js';
import { Box } from '../../../src/envs/spaces/box.js';
import { Discrete } from '../../../src/envs/spaces/discrete.js';
import { WarfarinPredictor } from '../../../src/agents/control/warfarin-predictor.js';
import { WarfarinKernel, WARFARIN_MODELS } from '../../../src/envs/warfarin/warfarin-kernel.js';
import { subjectParameters } from '../../../src/pkpd/population.js';
import { hamberg2007Warfarin } from '../../../src/pkpd/models/hamberg2007-warfarin.js';
import type { Subject } from '../../../src/pkpd/types.js';

const MODEL = WARFARIN_MODELS.hamberg2007;
const SUBJECT: Subject = { age: 60, weight: 75, height: 175, sex: 'male', genotypes: { CYP2C9: '*1/*2', VKORC1: 'G/A' }, comedications: [] };
const TYPICAL = subjectParameters(hamberg2007Warfarin, SUBJECT);
/** η of CL, EC50, MTT2 used to simulate (within ±1 prior SD: ω = 0.31, 0.409, 1.02). */
const TRUE_ETA = [0.25, -0.3, 0.5];
/** 5 mg/day for 14 days, then 7 mg/day: a dose change helps separate CL from EC50. */
const DOSES = Float64Array.from({ length: 42 }, (_, d) => (d < 14 ? 5 : 7));

function simulateInrs(eta: readonly number[], noiseSd: number, seed: number): { days: number[]; values: number[] } {
  const est = new WarfarinMapEstimator(MODEL);
  const p = est.individualParameters(TYPICAL, eta);
  const kernel = new WarfarinKernel(MODEL, 1);
  kernel.setPatient(0, p);
  const rng = RandomStream.fromSeed(seed);
  const days: number[] = [], values: number[] = [];
  for (let d = 0; d <= DOSES.length; d++) {
    days.push(d);
    values.push(kernel.inr(0) * Math.exp(noiseSd * rng.normal()));
    if (d < DOSES.length) {
      kernel.dose(0, DOSES[d]!);
      kernel.advanceDay(0);
    }
  }
  return { days, values };
}

describe('WarfarinMapEstimator', () => {
  it('with no data, or only the drug-free baseline, the estimate is the prior mode η = 0', () => {
    const est = new WarfarinMapEstimator(MODEL);
    const eta = Float64Array.of(0.4, -0.2, 0.1);
    est.fit(TYPICAL, DOSES, { days: [], values: [], count: 0 }, eta);
    expect([...eta]).toEqual([0, 0, 0]);
    // The baseline INR (= BASE = 1 whatever η) carries no information about η.
    const eta2 = new Float64Array(3);
    est.fit(TYPICAL, DOSES, { days: [0], values: [1.05], count: 1 }, eta2);
    for (const v of eta2) expect(Math.abs(v)).toBeLessThan(1e-6);
  });

  it('recovers η from 6 weeks of daily INRs with small noise (each |η̂ − η| < 0.1)', () => {
    const data = simulateInrs(TRUE_ETA, 0.01, 7);
    const est = new WarfarinMapEstimator(MODEL, { extraResidualSd: 0 });
    const eta = new Float64Array(3);
    const r = est.fit(TYPICAL, DOSES, { days: data.days, values: data.values, count: data.days.length }, eta);
    expect(est.parameters).toEqual(['CL', 'EC50', 'MTT2']);
    expect(r.converged).toBe(true);
    eta.forEach((v, k) => expect(Math.abs(v - TRUE_ETA[k]!)).toBeLessThan(0.1));
  });

  it('Levenberg–Marquardt and Nelder–Mead reach the same MAP estimate', () => {
    const data = simulateInrs(TRUE_ETA, 0.03, 11);
    const obs = { days: data.days.slice(0, 15), values: data.values.slice(0, 15), count: 15 };
    const lm = new Float64Array(3), nm = new Float64Array(3);
    const a = new WarfarinMapEstimator(MODEL).fit(TYPICAL, DOSES, obs, lm);
    const b = new WarfarinMapEstimator(MODEL, { optimiser: 'nelder-mead' }).fit(TYPICAL, DOSES, obs, nm);
    expect(Math.abs(a.value - b.value)).toBeLessThan(1e-3 * (1 + a.value));
    lm.forEach((v, k) => expect(v).toBeCloseTo(nm[k]!, 2));
  });

  it('names a parameter without variability', () => {
    expect(() => new WarfarinMapEstimator(MODEL, { parameters: ['Q'] })).toThrow(/no variability/);
  });
});

describe('WarfarinPredictor', () => {
  it('matches the env kernel (16 sub-steps) to < 2e-3 relative over 90 days with its 4 sub-steps', () => {
    for (const genotypes of [{ CYP2C9: '*1/*1', VKORC1: 'G/G' }, { CYP2C9: '*3/*3', VKORC1: 'A/A' }]) {
      const p = subjectParameters(hamberg2007Warfarin, { ...SUBJECT, genotypes });
      const predictor = new WarfarinPredictor(MODEL);
      predictor.setParameters(p);
      const kernel = new WarfarinKernel(MODEL, 1);
      kernel.setPatient(0, p);
      for (let d = 0; d < 90; d++) {
        const dose = d % 3 === 0 ? 6 : 3;
        const inr = predictor.day(dose);
        kernel.dose(0, dose);
        kernel.advanceDay(0);
        expect(Math.abs(inr / kernel.inr(0) - 1)).toBeLessThan(2e-3);
      }
    }
  });
});

describe('MapBayesPolicy.doseFor', () => {
  const ctx = { numEnvs: 1, observationSpace: new Box(0, Number.POSITIVE_INFINITY, [29]), actionSpace: new Discrete(31) };

  it('chooses the grid dose whose predicted INR over the horizon is closest to target, and it holds the patient in range', () => {
    const policy = new MapBayesPolicy(ctx);
    const eta = Float64Array.from(TRUE_ETA);
    const history = DOSES.slice(0, 28);
    const dose = policy.doseFor(TYPICAL, eta, history, 28);
    // Exhaustive check of the grid optimum of Σ (INR − 2.5)² over the 7-day horizon.
    const predictor = new WarfarinPredictor(MODEL);
    const est = new WarfarinMapEstimator(MODEL);
    const cost = (mg: number): number => {
      predictor.setParameters(est.individualParameters(TYPICAL, eta));
      for (let d = 0; d < 28; d++) predictor.day(history[d]!);
      let c = 0;
      for (let t = 0; t < 7; t++) c += (predictor.day(mg) - 2.5) ** 2;
      return c;
    };
    const costs = Array.from({ length: 31 }, (_, a) => cost(a * 0.5));
    expect(cost(dose)).toBeCloseTo(Math.min(...costs), 12);
    // Re-dosed weekly for 8 weeks with the known η (the policy between two weekly INRs),
    // the patient's INR is in the 2–3 range throughout the last 4 weeks.
    const doses = Array.from(history);
    predictor.setParameters(est.individualParameters(TYPICAL, eta));
    for (let d = 0; d < 28; d++) predictor.day(doses[d]!);
    for (let week = 0; week < 8; week++) {
      const mg = policy.doseFor(TYPICAL, eta, doses, doses.length);
      for (let d = 0; d < 7; d++) {
        doses.push(mg);
        const inr = predictor.day(mg);
        if (week >= 4) {
          expect(inr).toBeGreaterThan(2);
          expect(inr).toBeLessThan(3);
        }
      }
    }
  });
});
