/**
 * MAP-Bayesian warfarin dose individualisation, the policy `map-bayes` (model-informed
 * precision dosing as TDM software does it: Bayesian forecasting, then a dose for target).
 *
 * Per patient (sub-env):
 * 1. **Prior**: the env's model at the patient's typical values (covariates, CYP2C9, VKORC1:
 *    `subjectParameters`), η ~ N(0, Ω) from the ModelSpec.
 * 2. **Fit** on every morning with a measured INR (the baseline included): the MAP η of
 *    η_CL, η_EC50, η_MTT2 given all INRs so far and the prescribed doses
 *    ({@link WarfarinMapEstimator}, Levenberg–Marquardt warm-started from the previous
 *    estimate; nothing is fitted on other days).
 * 3. **Dose**: from the fitted state of this morning, the constant daily dose on the
 *    0.5 mg grid (0–15 mg) that minimises Σ over the next `horizonDays` mornings of
 *    (predicted INR − 2.5)², i.e. the INR trajectory *over* the horizon closest to target
 *    in the least-squares sense (search: {@link minimiseOnGrid}; the predicted INR rises
 *    with the dose, so the cost is unimodal in it). The dose is held until the next
 *    measurement (dose "until the next INR", as a clinic would).
 *
 * Sources: see map-estimator.ts (Sheiner & Beal 1982; Holford & Buclin 2012; Hamberg
 * 2010). Tuning (horizon, extra residual SD) by a small search on training seeds
 * (10 000…10 199) disjoint from the evaluation seeds of the tests.
 */
import { InputError } from '../../core/errors.js';
import type { Patient } from '../../genomics/patient.js';
import { subjectParameters } from '../../pkpd/population.js';
import { WARFARIN_TASK } from '../../envs/warfarin/warfarin-options.js';
import type { PolicyContext } from '../policy.js';
import { WarfarinMapEstimator, type MapEstimatorOptions } from './map-estimator.js';
import { minimiseOnGrid } from './optimise.js';
import { WARFARIN_TARGET_INR, WarfarinController } from './warfarin-controller.js';

export interface MapBayesOptions extends MapEstimatorOptions {
  /** Days over which the constant dose is judged (default 7). */
  horizonDays?: number;
  /** Target INR (default 2.5). */
  targetInr?: number;
}

const INITIAL_DAYS = 128;
const GRID_MAX = WARFARIN_TASK.discreteActions - 1;

/** One patient's record: typical values, η, prescribed doses, measured INRs, held dose. */
interface PatientRecord {
  typical: Float64Array;
  eta: Float64Array;
  doses: Float64Array;
  obsDays: Float64Array;
  obsValues: Float64Array;
  obsCount: number;
  dose: number;
}

/**
 * Grow `a` (doubling) so that index `needed` fits; returns `a` itself when it already does.
 */
function ensureLength(a: Float64Array, needed: number): Float64Array {
  if (needed < a.length) return a;
  const b = new Float64Array(Math.max(needed + 1, 2 * a.length));
  b.set(a);
  return b;
}

/** The `map-bayes` policy (see the module doc). */
export class MapBayesPolicy extends WarfarinController {
  readonly horizonDays: number;
  readonly targetInr: number;
  readonly estimator: WarfarinMapEstimator;
  private readonly records: PatientRecord[];
  private readonly start: Float64Array;

  constructor(ctx: PolicyContext, options: MapBayesOptions = {}) {
    super('map-bayes', ctx);
    this.horizonDays = options.horizonDays ?? 7;
    this.targetInr = options.targetInr ?? WARFARIN_TARGET_INR;
    if (!Number.isSafeInteger(this.horizonDays) || this.horizonDays < 1) {
      throw new InputError(`map-bayes: horizonDays must be a positive integer, got ${String(this.horizonDays)}`, 'horizonDays');
    }
    this.estimator = new WarfarinMapEstimator(this.model, options);
    const k = this.estimator.dimension;
    const nParams = this.model.spec.parameters.length;
    this.records = Array.from({ length: this.numEnvs }, () => ({
      typical: new Float64Array(nParams),
      eta: new Float64Array(k),
      doses: new Float64Array(INITIAL_DAYS),
      obsDays: new Float64Array(INITIAL_DAYS),
      obsValues: new Float64Array(INITIAL_DAYS),
      obsCount: 0,
      dose: 0,
    }));
    this.start = new Float64Array(this.estimator.predictor.stateSize);
  }

  /** The current η estimate of sub-env i (a view; do not modify). */
  etaOf(i: number): Float64Array {
    return this.records[i]!.eta;
  }

  protected startEpisode(i: number, patient: Patient): void {
    const r = this.records[i]!;
    r.typical.set(subjectParameters(this.model.spec, patient));
    r.eta.fill(0);
    r.obsCount = 0;
    r.dose = 0;
  }

  protected chooseDose(i: number, day: number, measuredInr: number | null): number {
    const r = this.records[i]!;
    if (measuredInr === null && day > 0) return r.dose;
    if (measuredInr !== null) {
      r.obsDays = ensureLength(r.obsDays, r.obsCount);
      r.obsValues = ensureLength(r.obsValues, r.obsCount);
      r.obsDays[r.obsCount] = day;
      r.obsValues[r.obsCount] = measuredInr;
      r.obsCount++;
      this.estimator.fit(r.typical, r.doses, { days: r.obsDays, values: r.obsValues, count: r.obsCount }, r.eta);
    }
    r.dose = this.doseFor(r.typical, r.eta, r.doses, day);
    return r.dose;
  }

  protected override prescribed(i: number, day: number, doseMg: number): void {
    const r = this.records[i]!;
    r.doses = ensureLength(r.doses, day);
    r.doses[day] = doseMg;
    r.dose = doseMg;
  }

  /**
   * The constant dose (mg, on the grid) that brings the predicted INR over the next
   * `horizonDays` closest to target, for parameters θ·exp(η) after `doses[0…day−1]`.
   */
  doseFor(typical: Float64Array, eta: ArrayLike<number>, doses: ArrayLike<number>, day: number): number {
    const predictor = this.estimator.predictor;
    this.estimator.simulateTo(typical, eta, doses, day);
    predictor.saveState(this.start);
    const h = this.horizonDays;
    const step = WARFARIN_TASK.doseStepMg;
    const best = minimiseOnGrid((a) => predictor.planCost(this.start, a * step, h, a * step, h, this.targetInr), 0, GRID_MAX);
    return best.index * step;
  }
}
