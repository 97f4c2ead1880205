/**
 * `dosegym/Warfarin-v0` (Discrete(31) doses) and `dosegym/WarfarinContinuous-v0` (Box mg):
 * warfarin initiation and maintenance over 90 days for one virtual patient per episode.
 *
 * - **Episode**: one patient (drawn from a virtual cohort by the episode's seed, or given as
 *   `reset({ options: { patient } })`), 90 daily steps; the time limit is `make`'s TimeLimit
 *   (registered maxEpisodeSteps 90: `truncated`, never `terminated`).
 * - **Step** = one day: the morning's observation → the day's dose → 24 h of the Hamberg
 *   2007 model (option `model: 'hamberg2010'`) → the next morning's true INR, measured when
 *   the schedule says so (option `inrSchedule`, default 'clinic'; schedule.ts).
 * - **Action**: Discrete(31), index a = a × 0.5 mg (0–15 mg). Continuous: Box([0], [15]) in
 *   mg, rounded to the nearest 0.5 mg before it is given (halves up); `info.dosePrescribed`
 *   is the rounded dose.
 * - **Observation**: Box float32 in clinical units, layout in `metadata.observationLayout`
 *   (observation.ts): day, last measured INR, days since, last 7 doses, and (option
 *   `includePatientFeatures`, default on) covariates and genotypes.
 * - **Reward / cost**: reward.ts: +1 per day with true INR in [2, 3], −1 per day > 4 or
 *   < 1.5; `info.cost` = 1 on those unsafe days.
 * - **Realistic care** (documented defaults): between-subject variability on
 *   (`variability: false` gives each patient's typical values); lifestyle on (`lifestyle:
 *   false` turns off dietary vitamin K variation and missed doses); measurement error on
 *   (`measurementNoise: false`).
 * - **info** (step): `cost`, `trueInr`, `measuredInr` (number, or null when not measured
 *   that morning), `doseGiven` (mg taken, 0 on a missed day), `dosePrescribed` (mg), `day`
 *   (the new morning), `patient` (the episode's Patient, the same object every step). Reset
 *   info: `patient`, `patientId`, `genotype` ({ CYP2C9, VKORC1 }, null when not typed),
 *   `trueInr` and `measuredInr` of the baseline (day 0).
 *
 * Numerics, streams and timing conventions: warfarin-kernel.ts and warfarin-simulator.ts.
 */
import { InputError, StateError } from '../../core/errors.js';
import type { Patient } from '../../genomics/patient.js';
import type { Env, EnvMetadata, EnvSpec, Info, ResetOptions, ResetResult, StepResult } from '../core.js';
import { Box } from '../spaces/box.js';
import { Discrete } from '../spaces/discrete.js';
import { observationLayout } from './observation.js';
import { WARFARIN_INR_BOUNDS } from './reward.js';
import { readPatientOption, WarfarinSimulator } from './warfarin-simulator.js';
import { resolveWarfarinOptions, WARFARIN_TASK, type WarfarinConfig, type WarfarinEnvOptions } from './warfarin-options.js';

/** Observation space: every feature ≥ 0, unbounded above. */
export function warfarinObservationSpace(size: number): Box {
  return new Box(0, Number.POSITIVE_INFINITY, [size]);
}

/** Action space: Discrete(31), or Box([0], [15]) mg when continuous. */
export function warfarinActionSpace(config: WarfarinConfig): Discrete | Box {
  return config.continuous ? new Box(0, WARFARIN_TASK.maxDoseMg, [1]) : new Discrete(WARFARIN_TASK.discreteActions);
}

/**
 * The dose in mg of an action (validated): index × 0.5 for discrete, the value rounded to
 * 0.5 mg for continuous.
 * @throws InputError naming `field` for an action outside the action space
 */
export function warfarinDose(config: WarfarinConfig, action: number, field = 'action'): number {
  const step = WARFARIN_TASK.doseStepMg;
  if (config.continuous) {
    if (!(action >= 0 && action <= WARFARIN_TASK.maxDoseMg)) {
      throw new InputError(`Warfarin: ${field} must be a dose in [0, ${WARFARIN_TASK.maxDoseMg}] mg, got ${String(action)}`, field);
    }
    return Math.min(WARFARIN_TASK.maxDoseMg, Math.round(action / step + 1e-9) * step);
  }
  if (!Number.isInteger(action) || action < 0 || action >= WARFARIN_TASK.discreteActions) {
    throw new InputError(`Warfarin: ${field} must be an integer 0–${WARFARIN_TASK.discreteActions - 1} (dose = action × 0.5 mg), got ${String(action)}`, field);
  }
  return action * step;
}

/**
 * The action that gives `doseMg` (for policies that compute doses in mg): the nearest
 * grid index for discrete (clipped to 0–15 mg), the clipped dose for continuous.
 * @example warfarinAction(false, 4.5) // 9
 */
export function warfarinAction(continuous: boolean, doseMg: number): number {
  const mg = Math.min(WARFARIN_TASK.maxDoseMg, Math.max(0, doseMg));
  return continuous ? mg : Math.round(mg / WARFARIN_TASK.doseStepMg + 1e-9);
}

/** Metadata shared by the single and vector envs. */
export function warfarinMetadata(config: WarfarinConfig): EnvMetadata {
  const spec = config.model.spec;
  return {
    renderModes: [],
    stochastic: true,
    observationLayout: observationLayout(config.includePatientFeatures),
    actionUnit: 'mg',
    doseStepMg: WARFARIN_TASK.doseStepMg,
    maxDoseMg: WARFARIN_TASK.maxDoseMg,
    continuous: config.continuous,
    stepDays: 1,
    horizonDays: WARFARIN_TASK.maxEpisodeSteps,
    model: spec.id,
    citations: spec.citations.map((c) => c.text),
    inrSchedule: config.schedule.name,
    inrScheduleDays: config.schedule.daysUpTo(WARFARIN_TASK.maxEpisodeSteps),
    therapeuticRange: [WARFARIN_INR_BOUNDS.low, WARFARIN_INR_BOUNDS.high],
    rewardShape: `r = 1[2 ≤ INR ≤ 3] − ${config.reward.unsafePenalty}·1[INR > 4 or INR < 1.5] − ${config.reward.doseChangePenalty}·1[dose changed]; cost = 1[INR > 4 or INR < 1.5] (true INR the next morning)`,
    variability: config.variability,
    lifestyle: config.lifestyle,
    measurementNoise: config.measurementNoise,
  };
}

/** The reset info of a patient. */
export function patientResetInfo(patient: Patient): Info {
  return {
    patient,
    patientId: patient.id,
    genotype: { CYP2C9: patient.genotypes.CYP2C9 ?? null, VKORC1: patient.genotypes.VKORC1 ?? null },
  };
}

/** The single warfarin env. Observations are new arrays on every call. */
export class WarfarinEnv implements Env<Float32Array, number | Float32Array> {
  readonly observationSpace: Box;
  readonly actionSpace: Discrete | Box;
  readonly metadata: EnvMetadata;
  spec: EnvSpec | undefined = undefined;
  readonly config: WarfarinConfig;

  private readonly sim: WarfarinSimulator;
  private seeded = false;
  private phase: 'new' | 'running' | 'closed' = 'new';

  constructor(options: WarfarinEnvOptions = {}) {
    this.config = resolveWarfarinOptions(options as Record<string, unknown>);
    this.sim = new WarfarinSimulator(this.config, 1);
    this.observationSpace = warfarinObservationSpace(this.sim.observationSize);
    this.actionSpace = warfarinActionSpace(this.config);
    this.metadata = warfarinMetadata(this.config);
  }

  /** Options: `{ patient }` (a Patient or patient input) to treat that patient in this episode. */
  reset(options: ResetOptions = {}): ResetResult<Float32Array> {
    if (this.phase === 'closed') throw new StateError('WarfarinEnv.reset called after close()');
    const patientOption = options.options?.patient;
    const patient = patientOption === undefined ? undefined : readPatientOption(patientOption, 'options.patient');
    if (options.seed !== undefined) this.sim.seed(0, options.seed);
    else if (!this.seeded) this.sim.seed(0, 0);
    this.seeded = true;
    this.sim.reset(0, patient);
    this.phase = 'running';
    const sim = this.sim;
    const info: Info = { ...patientResetInfo(sim.patients[0]!), trueInr: sim.trueInr[0]!, measuredInr: sim.measuredInr[0]!, day: 0 };
    return { observation: this.observe(), info };
  }

  step(action: number | Float32Array): StepResult<Float32Array> {
    if (this.phase !== 'running') throw new StateError(`WarfarinEnv.step called ${this.phase === 'new' ? 'before reset()' : 'after close()'}`);
    const value = this.config.continuous ? continuousValue(action) : (action as number);
    const sim = this.sim;
    sim.step(0, warfarinDose(this.config, value));
    const measured = sim.measuredInr[0]!;
    const info: Info = {
      cost: sim.cost[0]!,
      trueInr: sim.trueInr[0]!,
      measuredInr: Number.isNaN(measured) ? null : measured,
      doseGiven: sim.doseGiven[0]!,
      dosePrescribed: sim.dosePrescribed[0]!,
      day: sim.day[0]!,
      patient: sim.patients[0]!,
    };
    return { observation: this.observe(), reward: sim.reward[0]!, terminated: false, truncated: false, info };
  }

  close(): void {
    this.phase = 'closed';
  }

  /** The current patient. */
  get patient(): Patient | undefined {
    return this.sim.patients[0];
  }

  /** The model state (model's state order, a copy), for tests and debugging. */
  getState(): Float64Array {
    return this.sim.kernel.getState(0);
  }

  private observe(): Float32Array {
    const out = new Float32Array(this.sim.observationSize);
    this.sim.writeObservation(0, out, 0);
    return out;
  }
}

function continuousValue(action: unknown): number {
  if ((action instanceof Float32Array || action instanceof Float64Array || Array.isArray(action)) && action.length === 1) return Number(action[0]);
  if (typeof action === 'number') return action;
  throw new InputError(`Warfarin: action must be a Float32Array of one dose in mg, got ${String(action)}`, 'action');
}
