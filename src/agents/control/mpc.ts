/**
 * Model predictive control of warfarin dosing, the policy `mpc`: an offset-free,
 * event-triggered receding-horizon controller on the nominal patient model.
 *
 * - **Model**: the env's model at the patient's typical values (covariates, CYP2C9,
 *   VKORC1; η = 0), run open-loop alongside the patient with the prescribed doses
 *   ({@link WarfarinPredictor}). No individual fit: that is `map-bayes`.
 * - **Disturbance (offset-free MPC)**: an output disturbance on the log INR,
 *   b ← (1 − α)·b + α·(log y − log f), updated with each measured INR y against the
 *   model's INR f of that morning; predictions are e^b·f. At a steady state with constant
 *   disturbance the measured INR then equals the target (Muske KR, Badgwell TA. Disturbance
 *   modeling for offset-free linear model predictive control. J Process Control
 *   2002;12:617–632; Pannocchia G, Rawlings JB. AIChE J 2003;49:426–437).
 * - **Plan**: two blocks of constant dose (move blocking): u₁ for the first
 *   `firstBlockDays` days, u₂ for the rest of the `horizonDays`-day horizon, both on the
 *   0.5 mg grid in 0–15 mg, |u₁ − u_prev| ≤ `maxDailyChangeMg`. Cost
 *   ```
 *   J = Σ_{t=1..H} (e^b·INR_t − 2.5)² + λ·((u₁ − u_prev)² + (u₂ − u₁)²)
 *   ```
 *   minimised by coordinate search on the grid: the best constant plan, then u₁ with u₂
 *   fixed, then u₂ with u₁ fixed ({@link minimiseOnGrid} each; the INR rises with each
 *   block's dose, so each coordinate's cost is unimodal). On day 0 u_prev is the first
 *   planned dose (no change penalty or limit).
 * - **Receding horizon, event-triggered**: a new plan is made on day 0 and on every
 *   morning with a measured INR (new information); between measurements the plan's doses
 *   are applied day by day (re-planning without new data would reproduce the plan up to
 *   the horizon shift).
 *
 * Default tuning ({@link WARFARIN_MPC_DEFAULTS}) from a small search on training seeds
 * (10 000…10 199) disjoint from the evaluation seeds of the tests.
 */
import { InputError } from '../../core/errors.js';
import type { Patient } from '../../genomics/patient.js';
import { subjectParameters } from '../../pkpd/population.js';
import { WARFARIN_TASK } from '../../envs/warfarin/warfarin-options.js';
import type { PolicyContext } from '../policy.js';
import { minimiseOnGrid } from './optimise.js';
import { WARFARIN_TARGET_INR, WarfarinController } from './warfarin-controller.js';
import { WarfarinPredictor } from './warfarin-predictor.js';

export interface WarfarinMpcOptions {
  /** Prediction horizon H in days. */
  horizonDays: number;
  /** Length of the first dose block in days (1 ≤ firstBlockDays ≤ H). */
  firstBlockDays: number;
  /** Weight λ of the squared dose changes ((INR units)² per mg²). */
  doseChangePenalty: number;
  /** Largest change of the first block's dose from the previous dose, mg (Infinity: none). */
  maxDailyChangeMg: number;
  /** Filter gain α of the output disturbance, in (0, 1]. */
  disturbanceGain: number;
  /** Target INR. */
  targetInr: number;
}

/** Default MPC tuning (see the module doc). */
export const WARFARIN_MPC_DEFAULTS: Readonly<WarfarinMpcOptions> = Object.freeze({
  horizonDays: 7,
  firstBlockDays: 3,
  doseChangePenalty: 0.02,
  maxDailyChangeMg: Number.POSITIVE_INFINITY,
  disturbanceGain: 1,
  targetInr: WARFARIN_TARGET_INR,
});

const GRID_MAX = WARFARIN_TASK.discreteActions - 1;

/** Per-patient controller state. */
interface MpcRecord {
  predictor: WarfarinPredictor;
  logBias: number;
  /** Grid indices of the plan's blocks and the day the plan was made. */
  first: number;
  later: number;
  planDay: number;
  /** Previous prescribed dose as a grid index (−1 before the first). */
  previous: number;
}

function checkOptions(o: WarfarinMpcOptions): void {
  const bad = (field: string, what: string): never => {
    throw new InputError(`mpc: ${field} must be ${what}, got ${String(o[field as keyof WarfarinMpcOptions])}`, field);
  };
  if (!Number.isSafeInteger(o.horizonDays) || o.horizonDays < 1) bad('horizonDays', 'a positive integer');
  if (!Number.isSafeInteger(o.firstBlockDays) || o.firstBlockDays < 1 || o.firstBlockDays > o.horizonDays) bad('firstBlockDays', `an integer in 1…horizonDays`);
  if (!(o.doseChangePenalty >= 0)) bad('doseChangePenalty', '≥ 0');
  if (!(o.maxDailyChangeMg >= 0)) bad('maxDailyChangeMg', '≥ 0');
  if (!(o.disturbanceGain > 0 && o.disturbanceGain <= 1)) bad('disturbanceGain', 'in (0, 1]');
}

/** The `mpc` policy (see the module doc). */
export class WarfarinMpcPolicy extends WarfarinController {
  readonly options: Readonly<WarfarinMpcOptions>;
  private readonly records: MpcRecord[];
  private readonly start: Float64Array;

  constructor(ctx: PolicyContext, options: Partial<WarfarinMpcOptions> = {}) {
    super('mpc', ctx);
    this.options = { ...WARFARIN_MPC_DEFAULTS, ...options };
    checkOptions(this.options);
    this.records = Array.from({ length: this.numEnvs }, () => ({
      predictor: new WarfarinPredictor(this.model),
      logBias: 0,
      first: 0,
      later: 0,
      planDay: 0,
      previous: -1,
    }));
    this.start = new Float64Array(this.records[0]?.predictor.stateSize ?? 0);
  }

  protected startEpisode(i: number, patient: Patient): void {
    const r = this.records[i]!;
    r.predictor.setParameters(subjectParameters(this.model.spec, patient));
    r.logBias = 0;
    r.previous = -1;
    r.planDay = 0;
  }

  protected chooseDose(i: number, day: number, measuredInr: number | null): number {
    const r = this.records[i]!;
    const step = WARFARIN_TASK.doseStepMg;
    if (measuredInr !== null) {
      const a = this.options.disturbanceGain;
      r.logBias = (1 - a) * r.logBias + a * (Math.log(measuredInr) - Math.log(r.predictor.inr()));
    }
    if (measuredInr !== null || r.previous < 0) {
      this.plan(r);
      r.planDay = day;
    }
    return (day - r.planDay < this.options.firstBlockDays ? r.first : r.later) * step;
  }

  protected override prescribed(i: number, _day: number, doseMg: number): void {
    const r = this.records[i]!;
    r.predictor.day(doseMg); // the model follows the patient open-loop
    r.previous = Math.round(doseMg / WARFARIN_TASK.doseStepMg);
  }

  /** Coordinate search for (u₁, u₂) from the model's current state (see the module doc). */
  private plan(r: MpcRecord): void {
    const o = this.options;
    const step = WARFARIN_TASK.doseStepMg;
    const predictor = r.predictor;
    predictor.saveState(this.start);
    const h = o.horizonDays, b = o.firstBlockDays;
    const cost = (first: number, later: number, previous: number): number => {
      const du1 = (first - previous) * step, du2 = (later - first) * step;
      const change = o.doseChangePenalty * ((previous < 0 ? 0 : du1 * du1) + du2 * du2);
      return predictor.planCost(this.start, first * step, b, later * step, h, o.targetInr, r.logBias) + change;
    };
    const previous = r.previous;
    const constant = minimiseOnGrid((a) => cost(a, a, previous), 0, GRID_MAX).index;
    let lo = 0, hi = GRID_MAX;
    if (previous >= 0 && Number.isFinite(o.maxDailyChangeMg)) {
      const maxSteps = Math.floor(o.maxDailyChangeMg / step + 1e-9);
      lo = Math.max(0, previous - maxSteps);
      hi = Math.min(GRID_MAX, previous + maxSteps);
    }
    const first = b < h ? minimiseOnGrid((a) => cost(a, constant, previous), lo, hi).index : Math.min(hi, Math.max(lo, constant));
    const later = b < h ? minimiseOnGrid((a) => cost(first, a, previous), 0, GRID_MAX).index : first;
    predictor.loadState(this.start);
    r.first = first;
    r.later = later;
  }
}
