/**
 * Daily INR prediction for one warfarin patient from individual parameters and a dose
 * history: the controllers' internal model (MPC, MAP-Bayes).
 *
 * It reuses the env's {@link WarfarinKernel} (exact linear PK by matrix exponential, PD
 * transit chains by an exponential integrator) with one slot, so the controller's model
 * and the simulated patient share the same structure and conventions (Hamberg 2007 by
 * default: dose at the start of the day, S-fraction 0.5, INR read the next morning). What
 * the controller does not know (dietary vitamin K, missed doses, measurement error, the
 * patient's η) is simply absent: EC50 factor 1, every prescribed dose taken.
 *
 * Accuracy vs speed: predictions run thousands of times per episode (MAP fits re-simulate
 * the history for every trial η), so the default grid is coarser than the env's:
 * {@link PREDICTION_SUBSTEP_GRID}, 4 sub-steps per day (1, 3, 8, 12 h) instead of 16. Its
 * daily INR differs from the env's grid by < 4e-4 relative over 90 days (measured for
 * *1/*1 G/G, *1/*1 G/A and *3/*3 A/A patients; test/agents/control/warfarin-predictor.test.ts
 * checks < 2e-3), far below the INR residual error (3 %).
 *
 * Allocation: none after construction (state save/restore into caller buffers).
 */
import { WarfarinKernel, WARFARIN_MODELS, type SubstepGrid, type WarfarinModelStructure } from '../../envs/warfarin/warfarin-kernel.js';

/** Sub-steps of a prediction day: 1, 3, 8 and 12 h after the dose (sums to 24 h). */
export const PREDICTION_SUBSTEP_GRID: SubstepGrid = Object.freeze({
  hours: [1, 3, 8, 12],
  sequence: [0, 1, 2, 3],
});

/** One patient's INR predictor (see the module doc). */
export class WarfarinPredictor {
  readonly model: WarfarinModelStructure;
  /** Length of a saved state ({@link saveState}). */
  readonly stateSize: number;
  private readonly kernel: WarfarinKernel;

  constructor(model: WarfarinModelStructure = WARFARIN_MODELS.hamberg2007, grid: SubstepGrid = PREDICTION_SUBSTEP_GRID) {
    this.model = model;
    this.kernel = new WarfarinKernel(model, 1, grid);
    this.stateSize = this.kernel.state.length;
  }

  /**
   * Load individual parameters (the spec's vector: covariates and η applied) and put the
   * patient at baseline (no drug, INR = BASE).
   * @throws NumericalError for non-finite or non-positive rate parameters
   */
  setParameters(p: Float64Array): void {
    this.kernel.setPatient(0, p);
  }

  /** The INR of the current state. */
  inr(): number {
    return this.kernel.inr(0);
  }

  /** Give `doseMg` (racemic) at the start of a day and advance 24 h; returns the next morning's INR. */
  day(doseMg: number): number {
    this.kernel.dose(0, doseMg);
    this.kernel.advanceDay(0);
    return this.kernel.inr(0);
  }

  /** Copy the current state into `out` (length ≥ {@link stateSize}) from `offset`. */
  saveState(out: Float64Array, offset = 0): void {
    const s = this.kernel.state;
    for (let k = 0; k < this.stateSize; k++) out[offset + k] = s[k]!;
  }

  /** Restore a state saved with {@link saveState}. */
  loadState(src: Float64Array, offset = 0): void {
    const s = this.kernel.state;
    for (let k = 0; k < this.stateSize; k++) s[k] = src[offset + k]!;
  }

  /**
   * Cost of a two-block dose plan from the state `start` (saved with {@link saveState}):
   * `firstDose` on the first `firstDays` days, then `laterDose`, for `horizon` days;
   * cost = Σ over the next `horizon` mornings of (e^logBias·INR − target)². A constant plan
   * is `firstDays = horizon`. Leaves the predictor in the plan's final state.
   * @example predictor.planCost(state, 5, 14, 5, 14, 2.5) // constant 5 mg/day for two weeks
   */
  planCost(start: Float64Array, firstDose: number, firstDays: number, laterDose: number, horizon: number, target: number, logBias = 0): number {
    this.loadState(start);
    const scale = Math.exp(logBias);
    let cost = 0;
    for (let t = 0; t < horizon; t++) {
      const e = scale * this.day(t < firstDays ? firstDose : laterDose) - target;
      cost += e * e;
    }
    return cost;
  }
}
