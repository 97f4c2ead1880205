/**
 * Population variability: individual parameters from typical values, covariates and
 * between-subject variability, and residual (measurement) error.
 *
 * Individual parameters (NONMEM's exponential model, Beal & Sheiner, NONMEM Users Guide):
 *
 *   p_i = θ_i(subject) · exp(η_i),   η ~ N(0, Ω)
 *
 * θ(subject) are the typical values after `spec.covariates`; Ω is `spec.variability.omega`
 * (full covariance on the log scale). η is drawn as L·z with z ~ N(0, I) and L the
 * Cholesky factor of Ω (Ω = L·Lᵀ), computed once per spec and cached.
 *
 * Reproducibility: the batched sampler gives patient i the stream `rng.fork(i)`, so a
 * patient's parameters depend only on the seed and its index, never on the cohort size.
 */
import { InputError } from '../core/errors.js';
import type { RandomStream } from '../core/random.js';
import { DEFAULT_SUBJECT, paramIndex, typicalParameters, type ModelSpec, type ResidualErrorModel, type Subject } from './types.js';

/** Whether individual parameters carry between-subject variability. */
export type VariabilityMode = 'sampled' | 'typical';

export interface SamplingOptions {
  /** 'sampled' (default): draw η ~ N(0, Ω); 'typical': η = 0, the subject's typical values. */
  variability?: VariabilityMode;
}

/** Cholesky factor of a spec's Ω with the parameter positions it applies to. */
export interface VariabilityFactor {
  /** Parameter index of each η. */
  indices: Int32Array;
  /** Lower-triangular L, row-major k×k, with Ω = L·Lᵀ. */
  lower: Float64Array;
}

const factorCache = new WeakMap<ModelSpec, VariabilityFactor | null>();

/**
 * The subject's typical parameters: the spec's typical values, then
 * `spec.covariates(subject, p)` when the spec has covariate effects.
 * @param subject default {@link DEFAULT_SUBJECT}
 */
export function subjectParameters(spec: ModelSpec, subject: Subject = DEFAULT_SUBJECT): Float64Array {
  const p = typicalParameters(spec);
  spec.covariates?.(subject, p);
  return p;
}

/**
 * The Cholesky factor of `spec.variability.omega` (cached per spec), or null when the
 * spec has no variability.
 * @throws InputError when Ω is not symmetric or not positive semi-definite
 */
export function variabilityFactor(spec: ModelSpec): VariabilityFactor | null {
  const cached = factorCache.get(spec);
  if (cached !== undefined) return cached;
  const v = spec.variability;
  const factor = v
    ? { indices: Int32Array.from(v.parameters, (name) => paramIndex(spec, name)), lower: choleskyLower(v.omega, `model ${spec.id}: variability.omega`) }
    : null;
  factorCache.set(spec, factor);
  return factor;
}

/**
 * Lower-triangular Cholesky factor L (row-major) of a symmetric positive semi-definite
 * matrix. A zero variance (an η fixed to 0) gives a zero column.
 * @throws InputError naming `what` when the matrix is not square, not symmetric or not PSD
 * @example choleskyLower([[4, 2], [2, 5]], 'omega') // Float64Array [2, 0, 1, 2]
 */
export function choleskyLower(matrix: readonly (readonly number[])[], what: string): Float64Array {
  const k = matrix.length;
  const scale = Math.max(1e-300, ...matrix.map((row, i) => Math.abs(row[i] ?? 0)));
  for (let i = 0; i < k; i++) {
    if (matrix[i]!.length !== k) throw new InputError(`${what} must be square: row ${i} has ${matrix[i]!.length} entries, expected ${k}`, what);
    for (let j = 0; j < i; j++) {
      if (Math.abs(matrix[i]![j]! - matrix[j]![i]!) > 1e-12 * scale) {
        throw new InputError(`${what} must be symmetric: [${i}][${j}] = ${matrix[i]![j]} but [${j}][${i}] = ${matrix[j]![i]}`, what);
      }
    }
  }
  const l = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    let pivot = matrix[j]![j]!;
    for (let m = 0; m < j; m++) pivot -= l[j * k + m]! ** 2;
    if (pivot < -1e-12 * scale) throw new InputError(`${what} is not positive semi-definite (pivot ${pivot} at row ${j})`, what);
    if (pivot <= 1e-12 * scale) continue; // zero variance direction: column stays 0
    const d = Math.sqrt(pivot);
    l[j * k + j] = d;
    for (let i = j + 1; i < k; i++) {
      let sum = matrix[i]![j]!;
      for (let m = 0; m < j; m++) sum -= l[i * k + m]! * l[j * k + m]!;
      l[i * k + j] = sum / d;
    }
  }
  return l;
}

/**
 * Draw η ~ N(0, Ω) for `spec` into `out` (length = number of variability parameters).
 * Returns an empty array for a spec without variability.
 */
export function sampleEta(spec: ModelSpec, rng: RandomStream, out?: Float64Array): Float64Array {
  const factor = variabilityFactor(spec);
  if (!factor) return out ?? new Float64Array(0);
  const k = factor.indices.length;
  const eta = out ?? new Float64Array(k);
  // z first (all draws), then η = L·z in place from the last row up (row i uses z_0..z_i).
  for (let i = 0; i < k; i++) eta[i] = rng.normal();
  for (let i = k - 1; i >= 0; i--) {
    let sum = 0;
    for (let j = 0; j <= i; j++) sum += factor.lower[i * k + j]! * eta[j]!;
    eta[i] = sum;
  }
  return eta;
}

/** p_i ← p_i · exp(η_i) for the spec's variability parameters, in place. */
export function applyEta(spec: ModelSpec, p: Float64Array, eta: Float64Array): Float64Array {
  const factor = variabilityFactor(spec);
  if (!factor) return p;
  for (let i = 0; i < factor.indices.length; i++) p[factor.indices[i]!] = p[factor.indices[i]!]! * Math.exp(eta[i]!);
  return p;
}

/**
 * One individual's parameters: the subject's typical values with between-subject
 * variability drawn from `rng` (or none with `{ variability: 'typical' }`).
 */
export function sampleIndividual(spec: ModelSpec, subject: Subject, rng: RandomStream, options: SamplingOptions = {}): Float64Array {
  const p = subjectParameters(spec, subject);
  if ((options.variability ?? 'sampled') === 'typical') return p;
  return applyEta(spec, p, sampleEta(spec, rng));
}

/**
 * Parameters of a cohort: patient i is drawn from `rng.fork(i)`, so its parameters are the
 * same whatever the number of subjects.
 */
export function sampleIndividuals(spec: ModelSpec, subjects: readonly Subject[], rng: RandomStream, options: SamplingOptions = {}): Float64Array[] {
  return subjects.map((subject, i) => sampleIndividual(spec, subject, rng.fork(i), options));
}

/**
 * Standard deviation of the residual error at prediction `value`: additive sd,
 * proportional cv·|f|, combined √(sd² + (cv·f)²); exponential: sd on the log scale.
 * @example residualSd({ type: 'combined', sd: 0.3, cv: 0.1 }, 4) // 0.5
 */
export function residualSd(model: ResidualErrorModel, value: number): number {
  switch (model.type) {
    case 'additive':
    case 'exponential':
      return model.sd;
    case 'proportional':
      return model.cv * Math.abs(value);
    case 'combined':
      return Math.sqrt(model.sd * model.sd + (model.cv * value) ** 2);
  }
}

/**
 * An observation of prediction `value` with residual error: additive f + sd·ε,
 * proportional f·(1 + cv·ε), combined f + √(sd² + (cv·f)²)·ε, exponential f·exp(sd·ε),
 * with ε ~ N(0, 1) from `rng`.
 * @throws InputError when sd or cv is negative or not finite
 */
export function applyResidualError(model: ResidualErrorModel, value: number, rng: RandomStream): number {
  if ('sd' in model && !(model.sd >= 0 && Number.isFinite(model.sd))) {
    throw new InputError(`residual error sd = ${model.sd}, expected a non-negative finite number`, 'residualError.sd');
  }
  if ('cv' in model && !(model.cv >= 0 && Number.isFinite(model.cv))) {
    throw new InputError(`residual error cv = ${model.cv}, expected a non-negative finite fraction`, 'residualError.cv');
  }
  const epsilon = rng.normal();
  if (model.type === 'exponential') return value * Math.exp(model.sd * epsilon);
  return value + residualSd(model, value) * epsilon;
}
