/**
 * Maximum a posteriori (MAP) estimation of a warfarin patient's random effects η from
 * measured INRs: the "Bayesian forecasting" step of model-informed precision dosing.
 *
 * Model (the env's ModelSpec, seen as a population model): individual parameters
 * p_j = θ_j(covariates, genotype)·exp(η_j) for the fitted subset j ∈ S (default η_CL,
 * η_EC50, η_MTT2; the others stay at their typical values), η_S ~ N(0, Ω_S) with Ω_S the
 * spec's Ω restricted to S; an observed INR y_k on morning d_k has an exponential residual
 * error, log y_k = log f(d_k; η) + ε_k, ε_k ~ N(0, σ²). The fit minimises
 * ```
 * −log posterior(η) = Σ_k (log y_k − log f(d_k; η))² / (2σ²) + ½ ηᵀ Ω_S⁻¹ η   (+ const)
 * ```
 * as the nonlinear least-squares problem ½‖r‖² with r = [(log y_k − log f_k)/σ ; L⁻¹η]
 * (Ω_S = L·Lᵀ), by Levenberg–Marquardt (default) or Nelder–Mead on ½‖r‖² (optimise.ts),
 * warm-started from the caller's η (the previous estimate). With no informative data the
 * minimiser is the prior mode η = 0.
 *
 * σ² = σ_spec² + σ_extra²: the spec's INR residual SD (Hamberg 2007: 0.0325) plus an
 * extra intra-individual term (default {@link DEFAULT_EXTRA_RESIDUAL_SD}) for what the
 * controller's model leaves out and the env simulates (day-to-day dietary vitamin K
 * shifts of EC50, missed doses). Without it the fit chases that noise. Setting it to 0
 * gives the textbook MAP with the published residual error.
 *
 * Sources: Sheiner LB, Beal SL. Bayesian individualization of pharmacokinetics: simple
 * implementation and comparison with non-Bayesian methods. J Pharm Sci 1982;71:1344–1348
 * (the objective); Holford NHG, Buclin T. Safe and effective variability — a criterion for
 * dose individualization. Ther Drug Monit 2012;34:565–568 (MIPD); Hamberg AK et al.,
 * "A pharmacometric model describing the relationship between warfarin dose and INR
 * response with respect to variations in CYP2C9, VKORC1, and age", Clin Pharmacol Ther
 * 2010;87:727–734 (Bayesian warfarin dose individualisation with this model family).
 *
 * Doses are the *prescribed* daily doses (what the clinician knows), given at the start of
 * each day, observation k being the INR on the morning of day d_k (after doses 0…d_k−1).
 */
import { InputError } from '../../core/errors.js';
import { choleskyLower } from '../../pkpd/population.js';
import { residualSd } from '../../pkpd/population.js';
import { paramIndex, type ResidualErrorModel } from '../../pkpd/types.js';
import type { WarfarinModelStructure } from '../../envs/warfarin/warfarin-kernel.js';
import { LevenbergMarquardt, NelderMead, type MinimiseResult } from './optimise.js';
import { WarfarinPredictor } from './warfarin-predictor.js';

/** Default extra log-scale residual SD (intra-individual variability; see the module doc). */
export const DEFAULT_EXTRA_RESIDUAL_SD = 0.05;

/** The random effects fitted by default (those of them the model has). */
export const DEFAULT_MAP_PARAMETERS: readonly string[] = ['CL', 'EC50', 'MTT2'];

export interface MapEstimatorOptions {
  /** Names of the parameters whose η is fitted (must carry variability in the spec). */
  parameters?: readonly string[];
  /** Extra log-scale residual SD added in quadrature (default {@link DEFAULT_EXTRA_RESIDUAL_SD}). */
  extraResidualSd?: number;
  /** 'levenberg-marquardt' (default) or 'nelder-mead'. */
  optimiser?: 'levenberg-marquardt' | 'nelder-mead';
}

/** Measured INRs of one patient: morning days (ascending integers) and values. */
export interface InrObservations {
  days: ArrayLike<number>;
  values: ArrayLike<number>;
  /** Number of observations used (the first `count`). */
  count: number;
}

/** MAP estimator for one model (see the module doc). Reuse it across patients and fits. */
export class WarfarinMapEstimator {
  /** Names of the fitted parameters, in η order. */
  readonly parameters: readonly string[];
  /** Prior SDs of the fitted η (√ of Ω_S's diagonal). */
  readonly priorSd: Float64Array;
  /** Total residual SD used by the fit (exponential models: log scale). */
  readonly residualSd: number;
  readonly predictor: WarfarinPredictor;
  private readonly paramIdx: Int32Array;
  /** L⁻¹ (lower triangular, row-major) of Ω_S = L·Lᵀ. */
  private readonly priorWhitening: Float64Array;
  private readonly error: ResidualErrorModel;
  private readonly extraSd: number;
  private readonly optimiser: 'levenberg-marquardt' | 'nelder-mead';
  private readonly lm: LevenbergMarquardt;
  private readonly nm: NelderMead;
  private readonly p: Float64Array;
  private residualBuffer = new Float64Array(0);
  // The problem being fitted (set by fit()).
  private typical: Float64Array = new Float64Array(0);
  private doses: ArrayLike<number> = [];
  private observations: InrObservations = { days: [], values: [], count: 0 };

  constructor(model: WarfarinModelStructure, options: MapEstimatorOptions = {}) {
    const spec = model.spec;
    const v = spec.variability;
    if (!v) throw new InputError(`model ${spec.id} has no between-subject variability to fit`, 'model');
    const names = options.parameters ?? DEFAULT_MAP_PARAMETERS.filter((n) => v.parameters.includes(n));
    const positions = names.map((n) => {
      const k = v.parameters.indexOf(n);
      if (k < 0) throw new InputError(`MAP: parameter '${n}' has no variability in model ${spec.id} (has: ${v.parameters.join(', ')})`, 'parameters');
      return k;
    });
    if (names.length === 0) throw new InputError('MAP: no parameters to fit', 'parameters');
    this.parameters = [...names];
    const omega = positions.map((a) => positions.map((b) => v.omega[a]![b]!));
    const lower = choleskyLower(omega, `model ${spec.id}: Ω of ${names.join(', ')}`);
    this.priorWhitening = invertLower(lower, names.length);
    this.priorSd = Float64Array.from(positions, (a) => Math.sqrt(v.omega[a]![a]!));
    this.paramIdx = Int32Array.from(names, (n) => paramIndex(spec, n));
    this.error = model.inrError;
    this.extraSd = options.extraResidualSd ?? DEFAULT_EXTRA_RESIDUAL_SD;
    if (!(this.extraSd >= 0)) throw new InputError(`MAP: extraResidualSd must be ≥ 0, got ${String(this.extraSd)}`, 'extraResidualSd');
    this.residualSd = this.error.type === 'exponential' ? Math.hypot(this.error.sd, this.extraSd) : Number.NaN;
    this.optimiser = options.optimiser ?? 'levenberg-marquardt';
    this.predictor = new WarfarinPredictor(model);
    this.lm = new LevenbergMarquardt(names.length);
    this.nm = new NelderMead(names.length);
    this.p = new Float64Array(spec.parameters.length);
  }

  /** Number of fitted random effects. */
  get dimension(): number {
    return this.parameters.length;
  }

  /** Individual parameters θ·exp(η) (fitted subset) into `out`. */
  individualParameters(typical: Float64Array, eta: ArrayLike<number>, out: Float64Array = new Float64Array(typical.length)): Float64Array {
    for (let j = 0; j < typical.length; j++) out[j] = typical[j]!;
    for (let a = 0; a < this.paramIdx.length; a++) out[this.paramIdx[a]!] = typical[this.paramIdx[a]!]! * Math.exp(eta[a]!);
    return out;
  }

  /**
   * Put the predictor at the morning of `day` for parameters θ·exp(η) after the doses
   * `doses[0…day−1]`; returns that morning's predicted INR.
   */
  simulateTo(typical: Float64Array, eta: ArrayLike<number>, doses: ArrayLike<number>, day: number): number {
    this.predictor.setParameters(this.individualParameters(typical, eta, this.p));
    let inr = this.predictor.inr();
    for (let d = 0; d < day; d++) inr = this.predictor.day(doses[d]!);
    return inr;
  }

  /**
   * MAP fit: η (warm start in, estimate out) for typical values θ, prescribed daily doses
   * and the observations. Returns the optimiser's result (`value` = −log posterior + const).
   * With no observations η is set to the prior mode 0.
   */
  fit(typical: Float64Array, doses: ArrayLike<number>, observations: InrObservations, eta: Float64Array): MinimiseResult {
    if (eta.length !== this.dimension) throw new InputError(`MAP: η has ${eta.length} entries, expected ${this.dimension}`, 'eta');
    if (observations.count === 0) {
      eta.fill(0);
      return { value: 0, evaluations: 0, converged: true };
    }
    this.typical = typical;
    this.doses = doses;
    this.observations = observations;
    const m = observations.count + this.dimension;
    if (this.residualBuffer.length < m) this.residualBuffer = new Float64Array(Math.max(m, 2 * this.residualBuffer.length));
    if (this.optimiser === 'levenberg-marquardt') return this.lm.minimise(this.residuals, m, eta, { maxIterations: 12 });
    const r = this.residualBuffer;
    const objective = (x: Float64Array): number => {
      this.residuals(x, r);
      let s = 0;
      for (let k = 0; k < m; k++) s += r[k]! * r[k]!;
      return 0.5 * s;
    };
    return this.nm.minimise(objective, eta, { initialStep: 0.1, maxEvaluations: 300, tolFunction: 1e-7, tolX: 1e-4 });
  }

  /** r(η) = [(log y_k − log f_k)/σ ; L⁻¹η] (linear-scale residuals for non-exponential error models). */
  private readonly residuals = (eta: Float64Array, r: Float64Array): void => {
    const obs = this.observations;
    const n = this.dimension;
    this.predictor.setParameters(this.individualParameters(this.typical, eta, this.p));
    let inr = this.predictor.inr();
    let day = 0;
    for (let k = 0; k < obs.count; k++) {
      const target = obs.days[k]!;
      while (day < target) inr = this.predictor.day(this.doses[day++]!);
      const y = obs.values[k]!;
      if (this.error.type === 'exponential') {
        r[k] = (Math.log(y) - Math.log(inr)) / this.residualSd;
      } else {
        r[k] = (y - inr) / Math.hypot(residualSd(this.error, inr), this.extraSd * inr);
      }
    }
    const w = this.priorWhitening;
    for (let a = 0; a < n; a++) {
      let s = 0;
      for (let b = 0; b <= a; b++) s += w[a * n + b]! * eta[b]!;
      r[obs.count + a] = s;
    }
  };
}

/** Inverse of a lower-triangular n×n matrix (row-major), by forward substitution. */
function invertLower(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  for (let col = 0; col < n; col++) {
    for (let i = col; i < n; i++) {
      let s = i === col ? 1 : 0;
      for (let k = col; k < i; k++) s -= l[i * n + k]! * inv[k * n + col]!;
      const d = l[i * n + i]!;
      if (!(d > 0)) throw new InputError(`MAP: Ω of the fitted parameters is singular (zero variance on row ${i})`, 'parameters');
      inv[i * n + col] = s / d;
    }
  }
  return inv;
}
