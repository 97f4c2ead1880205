/**
 * Native vectorised warfarin env: N patients stepped by the same {@link WarfarinSimulator}
 * (and kernel) as the single {@link WarfarinEnv}, so sub-env i reproduces a single env
 * reset with seed + i bit for bit, autoresets included.
 *
 * - **Hot loop**: one loop over sub-envs per step; each patient's day is the kernel's
 *   allocation-free 24 h advance on Float64Array state (structure of arrays) with
 *   per-patient constants precomputed at reset. Allocation happens only at (auto)reset:
 *   the patient draw and its streams.
 * - **Time limit inside**: each sub-env counts its days and reports `truncated` at
 *   `maxEpisodeSteps` (default 90), then autoresets (same-step: the returned row is the new
 *   episode's first observation, the ended episode's last one is in
 *   `infos.finalObservation[i]`, its last step info in `infos.finalInfo[i]`).
 * - **Infos** (reused buffers, valid until the next call): `cost`, `trueInr`,
 *   `measuredInr` (NaN when not measured that morning), `doseGiven`, `dosePrescribed`,
 *   `day` (Float64Array N each, the step's values), `patients` (array of the N current
 *   Patients: the new episode's for sub-envs that autoreset, so that clinical policies read
 *   covariates and genotype as a clinician would; also under `patient`, the key a
 *   SyncVectorEnv of single envs produces). `finalInfo[i]` is `{ cost, trueInr,
 *   measuredInr (number | null), doseGiven, dosePrescribed, day, patient }` like the single
 *   env's step info (a new object per ended episode).
 * - **Reset options**: `patient` (every sub-env treats it) or `patients` (one per sub-env)
 *   for the episodes started by this reset; autoresets draw from the cohort again.
 */
import { InputError, StateError } from '../../core/errors.js';
import type { Patient } from '../../genomics/patient.js';
import type { Info } from '../core.js';
import type { Box } from '../spaces/box.js';
import type { Discrete } from '../spaces/discrete.js';
import type { BatchedActions, VectorEnv, VectorEnvMetadata, VectorInfo, VectorResetOptions, VectorStepResult } from '../vector/vector-env.js';
import { warfarinActionSpace, warfarinDose, warfarinMetadata, warfarinObservationSpace } from './warfarin-env.js';
import { resolveWarfarinOptions, WARFARIN_TASK, type WarfarinConfig, type WarfarinEnvOptions } from './warfarin-options.js';
import { readPatientOption, WarfarinSimulator } from './warfarin-simulator.js';

export interface WarfarinVectorOptions extends WarfarinEnvOptions {
  /** Days after which a sub-env's episode is truncated: default 90; `null` for no limit. */
  maxEpisodeSteps?: number | null;
}

export class WarfarinVectorEnv implements VectorEnv {
  readonly numEnvs: number;
  readonly singleObservationSpace: Box;
  readonly singleActionSpace: Discrete | Box;
  readonly observationSize: number;
  readonly metadata: VectorEnvMetadata;
  /** Per-sub-env step limit (Infinity when there is none). */
  readonly maxEpisodeSteps: number;
  readonly config: WarfarinConfig;

  private readonly sim: WarfarinSimulator;
  private readonly observations: Float32Array;
  private readonly terminations: Uint8Array;
  private readonly truncations: Uint8Array;
  private readonly rewards: Float64Array;
  private readonly costs: Float64Array;
  private readonly trueInrs: Float64Array;
  private readonly measuredInrs: Float64Array;
  private readonly dosesGiven: Float64Array;
  private readonly dosesPrescribed: Float64Array;
  private readonly days: Float64Array;
  private readonly finalObservation: (Float32Array | null)[];
  private readonly finalInfo: (Info | null)[];
  private readonly stepResult: VectorStepResult;
  private phase: 'new' | 'running' | 'closed' = 'new';
  private seeded = false;

  constructor(numEnvs: number, options: WarfarinVectorOptions = {}) {
    if (!Number.isSafeInteger(numEnvs) || numEnvs < 1) throw new InputError(`numEnvs must be a positive integer, got ${String(numEnvs)}`, 'numEnvs');
    const { maxEpisodeSteps, ...envOptions } = options;
    const maxSteps = maxEpisodeSteps === undefined ? WARFARIN_TASK.maxEpisodeSteps : maxEpisodeSteps;
    if (maxSteps !== null && (!Number.isSafeInteger(maxSteps) || maxSteps < 1)) {
      throw new InputError(`maxEpisodeSteps must be a positive integer or null, got ${String(maxSteps)}`, 'maxEpisodeSteps');
    }
    this.maxEpisodeSteps = maxSteps ?? Number.POSITIVE_INFINITY;
    this.config = resolveWarfarinOptions(envOptions as Record<string, unknown>);
    this.numEnvs = numEnvs;
    this.sim = new WarfarinSimulator(this.config, numEnvs);
    this.observationSize = this.sim.observationSize;
    this.singleObservationSpace = warfarinObservationSpace(this.observationSize);
    this.singleActionSpace = warfarinActionSpace(this.config);
    this.metadata = { ...warfarinMetadata(this.config), autoresetMode: 'same-step', returnedArraysReused: true };
    const n = numEnvs;
    this.observations = new Float32Array(n * this.observationSize);
    this.terminations = new Uint8Array(n);
    this.truncations = new Uint8Array(n);
    this.rewards = new Float64Array(n);
    this.costs = new Float64Array(n);
    this.trueInrs = new Float64Array(n);
    this.measuredInrs = new Float64Array(n);
    this.dosesGiven = new Float64Array(n);
    this.dosesPrescribed = new Float64Array(n);
    this.days = new Float64Array(n);
    this.finalObservation = new Array<Float32Array | null>(n).fill(null);
    this.finalInfo = new Array<Info | null>(n).fill(null);
    this.stepResult = {
      observations: this.observations,
      rewards: this.rewards,
      terminations: this.terminations,
      truncations: this.truncations,
      infos: {
        cost: this.costs,
        trueInr: this.trueInrs,
        measuredInr: this.measuredInrs,
        doseGiven: this.dosesGiven,
        dosePrescribed: this.dosesPrescribed,
        day: this.days,
        patients: this.sim.patients,
        patient: this.sim.patients,
        finalObservation: this.finalObservation,
        finalInfo: this.finalInfo,
      },
    };
  }

  /** The current patients (index = sub-env). */
  get patients(): readonly Patient[] {
    return this.sim.patients;
  }

  /**
   * Reset every sub-env. With `seed`, sub-env i is seeded with `seed + i`; without, episodes
   * continue (a never-seeded env is seeded with 0). Options: `patient` or `patients`.
   */
  reset(options: VectorResetOptions = {}): { observations: Float32Array; infos: VectorInfo } {
    if (this.phase === 'closed') throw new StateError('WarfarinVectorEnv.reset called after close()');
    const n = this.numEnvs;
    const given = this.givenPatients(options.options);
    const seed = options.seed ?? (this.seeded ? undefined : 0);
    if (seed !== undefined) for (let i = 0; i < n; i++) this.sim.seed(i, seed + i);
    this.seeded = true;
    for (let i = 0; i < n; i++) {
      this.sim.reset(i, given?.[i]);
      this.sim.writeObservation(i, this.observations, i * this.observationSize);
    }
    this.phase = 'running';
    return {
      observations: this.observations,
      infos: { trueInr: this.sim.trueInr.slice(), measuredInr: this.sim.measuredInr.slice(), patients: this.sim.patients, patient: this.sim.patients },
    };
  }

  /** Step every sub-env with its action (Int32Array of indices, or N doses in mg for the continuous env). */
  step(actions: BatchedActions): VectorStepResult {
    if (this.phase !== 'running') throw new StateError(`WarfarinVectorEnv.step called ${this.phase === 'new' ? 'before reset()' : 'after close()'}`);
    const n = this.numEnvs;
    if (actions.length !== n) throw new InputError(`expected ${n} actions (one per sub-env), got ${actions.length}`, 'actions');
    const sim = this.sim;
    const size = this.observationSize;
    for (let i = 0; i < n; i++) {
      sim.step(i, warfarinDose(this.config, actions[i]!, `actions[${i}]`));
      this.rewards[i] = sim.reward[i]!;
      this.costs[i] = sim.cost[i]!;
      this.trueInrs[i] = sim.trueInr[i]!;
      this.measuredInrs[i] = sim.measuredInr[i]!;
      this.dosesGiven[i] = sim.doseGiven[i]!;
      this.dosesPrescribed[i] = sim.dosePrescribed[i]!;
      this.days[i] = sim.day[i]!;
      this.terminations[i] = 0;
      if (sim.day[i]! >= this.maxEpisodeSteps) {
        this.truncations[i] = 1;
        const last = new Float32Array(size);
        sim.writeObservation(i, last, 0);
        const measured = sim.measuredInr[i]!;
        this.finalObservation[i] = last;
        this.finalInfo[i] = {
          cost: sim.cost[i]!,
          trueInr: sim.trueInr[i]!,
          measuredInr: Number.isNaN(measured) ? null : measured,
          doseGiven: sim.doseGiven[i]!,
          dosePrescribed: sim.dosePrescribed[i]!,
          day: sim.day[i]!,
          patient: sim.patients[i]!,
        };
        sim.reset(i);
      } else {
        this.truncations[i] = 0;
        this.finalObservation[i] = null;
        this.finalInfo[i] = null;
      }
      sim.writeObservation(i, this.observations, i * size);
    }
    return this.stepResult;
  }

  close(): void {
    this.phase = 'closed';
  }

  /** Sub-env i's model state (model's state order, a copy), for tests. */
  getState(i: number): Float64Array {
    return this.sim.kernel.getState(i);
  }

  private givenPatients(options: Record<string, unknown> | undefined): (Patient | undefined)[] | undefined {
    if (options === undefined) return undefined;
    const n = this.numEnvs;
    if (options.patients !== undefined) {
      if (!Array.isArray(options.patients) || options.patients.length !== n) {
        throw new InputError(`options.patients must be an array of ${n} patients (one per sub-env)`, 'options.patients');
      }
      return options.patients.map((p, i) => readPatientOption(p, `options.patients[${i}]`));
    }
    if (options.patient !== undefined) {
      const p = readPatientOption(options.patient, 'options.patient');
      return new Array<Patient>(n).fill(p);
    }
    return undefined;
  }
}
