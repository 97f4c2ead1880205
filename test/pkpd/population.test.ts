import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { RandomStream } from '../../src/core/random.js';
import { pk2cmt } from '../../src/pkpd/models/pk2cmt.js';
import {
  applyResidualError,
  choleskyLower,
  residualSd,
  sampleIndividual,
  sampleIndividuals,
  subjectParameters,
  variabilityFactor,
} from '../../src/pkpd/population.js';
import { DEFAULT_SUBJECT, typicalParameters, type ModelSpec, type ResidualErrorModel } from '../../src/pkpd/types.js';

// A correlated Ω on CL, V1, Q (ω² 0.09, 0.04, 0.16; corr(CL,V1) 0.5, corr(V1,Q) −0.3).
const OMEGA = [
  [0.09, 0.03, 0],
  [0.03, 0.04, -0.024],
  [0, -0.024, 0.16],
];
const correlated: ModelSpec = {
  ...pk2cmt,
  id: 'pk2cmt-correlated-test',
  variability: { parameters: ['CL', 'V1', 'Q'], omega: OMEGA, description: 'test' },
  // Weight on CL with exponent 0.75 (allometry), to check that covariates come before η.
  covariates(subject, p) {
    p[0] = p[0]! * (subject.weight / 70) ** 0.75;
  },
};

describe('subjectParameters', () => {
  it('applies covariates to the typical values: CL 5·(140/70)^0.75 = 8.4090', () => {
    const p = subjectParameters(correlated, { ...DEFAULT_SUBJECT, weight: 140 });
    expect(p[0]).toBeCloseTo(5 * 2 ** 0.75, 12);
    expect(Array.from(subjectParameters(pk2cmt))).toEqual(Array.from(typicalParameters(pk2cmt)));
  });
});

describe('Cholesky factor of Ω', () => {
  it('reproduces Ω = L·Lᵀ to 1e-15 and textbook [[4,2],[2,5]] → [[2,0],[1,2]]', () => {
    const { lower } = variabilityFactor(correlated)!;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let m = 0; m < 3; m++) s += lower[i * 3 + m]! * lower[j * 3 + m]!;
        expect(Math.abs(s - OMEGA[i]![j]!)).toBeLessThan(1e-15);
      }
    }
    expect(Array.from(choleskyLower([[4, 2], [2, 5]], 'omega'))).toEqual([2, 0, 1, 2]);
  });
  it('allows a zero variance (fixed η) and rejects asymmetric or indefinite Ω', () => {
    expect(Array.from(choleskyLower([[0, 0], [0, 1]], 'omega'))).toEqual([0, 0, 0, 1]);
    expect(() => choleskyLower([[1, 0.5], [0.4, 1]], 'omega')).toThrow(/symmetric/);
    expect(() => choleskyLower([[1, 2], [2, 1]], 'omega')).toThrow(InputError);
  });
});

describe('sampleIndividual: η ~ N(0, Ω)', () => {
  it('20 000 draws: mean and covariance of log(p/θ) match Ω within 4 standard errors', () => {
    // Standard errors under normality: mean √(ω_ii/N); covariance √((ω_ii·ω_jj + ω_ij²)/N).
    // 4 SE: a correct sampler fails with probability < 1e-4 per entry (and the seed is fixed).
    const n = 20000;
    const rng = RandomStream.fromSeed(2024).fork('population-test');
    const theta = typicalParameters(correlated);
    const etas = Array.from({ length: n }, () => {
      const p = sampleIndividual(correlated, DEFAULT_SUBJECT, rng);
      return [0, 1, 2].map((i) => Math.log(p[i]! / theta[i]!));
    });
    const mean = [0, 1, 2].map((i) => etas.reduce((s, e) => s + e[i]!, 0) / n);
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(mean[i]!)).toBeLessThan(4 * Math.sqrt(OMEGA[i]![i]! / n));
      for (let j = 0; j <= i; j++) {
        const cov = etas.reduce((s, e) => s + (e[i]! - mean[i]!) * (e[j]! - mean[j]!), 0) / (n - 1);
        const se = Math.sqrt((OMEGA[i]![i]! * OMEGA[j]![j]! + OMEGA[i]![j]! ** 2) / n);
        expect(Math.abs(cov - OMEGA[i]![j]!)).toBeLessThan(4 * se);
      }
    }
    // Parameters without variability are untouched.
    const p = sampleIndividual(correlated, DEFAULT_SUBJECT, rng);
    expect(p[3]).toBe(theta[3]);
  });
  it('same seed → identical draws; typical mode → typical values', () => {
    const a = sampleIndividual(pk2cmt, DEFAULT_SUBJECT, RandomStream.fromSeed(7));
    const b = sampleIndividual(pk2cmt, DEFAULT_SUBJECT, RandomStream.fromSeed(7));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(sampleIndividual(pk2cmt, DEFAULT_SUBJECT, RandomStream.fromSeed(7), { variability: 'typical' }))).toEqual(
      Array.from(typicalParameters(pk2cmt)),
    );
  });
  it("patient i's parameters are identical in cohorts of 10 and 1000", () => {
    const root = RandomStream.fromSeed(99);
    const small = sampleIndividuals(pk2cmt, Array(10).fill(DEFAULT_SUBJECT), root);
    const large = sampleIndividuals(pk2cmt, Array(1000).fill(DEFAULT_SUBJECT), root);
    for (let i = 0; i < 10; i++) expect(Array.from(large[i]!)).toEqual(Array.from(small[i]!));
    expect(Array.from(small[0]!)).not.toEqual(Array.from(small[1]!));
  });
});

describe('residual error models', () => {
  const n = 40000;
  /** Sample variance of n noisy observations of f. */
  function variance(model: ResidualErrorModel, f: number, transform = (y: number) => y): number {
    const rng = RandomStream.fromSeed(5).fork(model.type);
    const ys = Array.from({ length: n }, () => transform(applyResidualError(model, f, rng)));
    const m = ys.reduce((a, b) => a + b, 0) / n;
    return ys.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
  }
  // The sample variance of normal data has relative SE √(2/(n−1)) = 0.71 %; tolerance 4 SE = 2.8 %.
  const tol = 4 * Math.sqrt(2 / (n - 1));
  it('additive: variance sd² = 0.25', () => {
    expect(Math.abs(variance({ type: 'additive', sd: 0.5 }, 3) / 0.25 - 1)).toBeLessThan(tol);
  });
  it('proportional: variance (cv·f)² = (0.2·3)² = 0.36', () => {
    expect(Math.abs(variance({ type: 'proportional', cv: 0.2 }, 3) / 0.36 - 1)).toBeLessThan(tol);
  });
  it('combined: variance sd² + (cv·f)² = 0.25 + 0.36 = 0.61; residualSd = √0.61', () => {
    const model: ResidualErrorModel = { type: 'combined', sd: 0.5, cv: 0.2 };
    expect(Math.abs(variance(model, 3) / 0.61 - 1)).toBeLessThan(tol);
    expect(residualSd(model, 3)).toBeCloseTo(Math.sqrt(0.61), 15);
  });
  it('exponential: variance of log(y) is sd² = 0.04', () => {
    expect(Math.abs(variance({ type: 'exponential', sd: 0.2 }, 3, Math.log) / 0.04 - 1)).toBeLessThan(tol);
  });
  it('rejects a negative sd or cv, naming it', () => {
    const rng = RandomStream.fromSeed(1);
    expect(() => applyResidualError({ type: 'additive', sd: -1 }, 1, rng)).toThrow(/sd = -1/);
    expect(() => applyResidualError({ type: 'proportional', cv: Number.NaN }, 1, rng)).toThrow(/cv = NaN/);
  });
});
