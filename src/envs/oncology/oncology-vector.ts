/**
 * Native vectorised OncologyCombo: N patients in one {@link OncologySimulator}
 * (structure of arrays), following the CartPoleVectorEnv pattern:
 * - sub-env i is seeded with seed + i and reproduces a single OncologyComboEnv reset with
 *   seed + i bit for bit (same kernel, same streams);
 * - it counts cycles per sub-env and truncates at `maxEpisodeSteps` (12 as registered);
 * - same-step autoreset with `finalObservation` / `finalInfo`;
 * - per-step infos are typed arrays (`cost`, `grade`, `event`, `ancNadir`, `burden`,
 *   `resistantFraction`); `finalInfo[i]` is a per-sub-env object reused across episodes.
 *
 * Returned arrays are reused: valid until the next `step`/`reset`. Optional
 * `reset({ options: { patients } })` gives the first episode's patient of each sub-env.
 */
import { InputError, StateError } from '../../core/errors.js';
import type { Info } from '../core.js';
import type { BatchedActions, VectorEnv, VectorEnvMetadata, VectorInfo, VectorResetOptions, VectorStepResult } from '../vector/vector-env.js';
import {
  decodeOncologyAction,
  oncologyActionSpace,
  oncologyMetadata,
  oncologyObservationSpace,
  oncologyOptions,
  patientFromOptions,
  type OncologyActionMode,
  type OncologyComboOptions,
} from './oncology-env.js';
import { OncologySimulator } from './oncology-kernel.js';
import { OBS_SIZE, ONCOLOGY_EVENTS, ONCOLOGY_MAX_CYCLES } from './oncology-task.js';

export interface OncologyVectorOptions extends OncologyComboOptions {
  /** Cycles after which a sub-env is truncated: default 12; null for none. */
  maxEpisodeSteps?: number | null;
}

export class OncologyComboVectorEnv implements VectorEnv {
  readonly numEnvs: number;
  readonly singleObservationSpace = oncologyObservationSpace();
  readonly singleActionSpace: ReturnType<typeof oncologyActionSpace>;
  readonly observationSize = OBS_SIZE;
  readonly metadata: VectorEnvMetadata;
  readonly maxEpisodeSteps: number;
  readonly actionMode: OncologyActionMode;

  private readonly sim: OncologySimulator;
  private readonly episodeSteps: Int32Array;
  private readonly fractions = new Float64Array(2);
  private readonly observations: Float32Array;
  private readonly rewards: Float64Array;
  private readonly terminations: Uint8Array;
  private readonly truncations: Uint8Array;
  private readonly finalRows: Float32Array[];
  private readonly finalObservation: (Float32Array | null)[];
  private readonly finalInfoObjects: Info[];
  private readonly finalInfo: (Info | null)[];
  private readonly infos: VectorInfo;
  private readonly result: VectorStepResult;
  private phase: 'new' | 'running' | 'closed' = 'new';
  private seeded = false;

  constructor(numEnvs: number, options: OncologyVectorOptions = {}) {
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new InputError(`numEnvs must be a positive integer, got ${String(numEnvs)}`, 'numEnvs');
    const maxSteps = options.maxEpisodeSteps === undefined ? ONCOLOGY_MAX_CYCLES : options.maxEpisodeSteps;
    if (maxSteps !== null && (!Number.isSafeInteger(maxSteps) || maxSteps < 1)) {
      throw new InputError(`maxEpisodeSteps must be a positive integer or null, got ${String(maxSteps)}`, 'maxEpisodeSteps');
    }
    const { mode, patient } = oncologyOptions(options, 'OncologyCombo');
    const n = numEnvs;
    this.numEnvs = n;
    this.actionMode = mode;
    this.singleActionSpace = oncologyActionSpace(mode);
    this.metadata = { ...oncologyMetadata(mode), autoresetMode: 'same-step', returnedArraysReused: true };
    this.maxEpisodeSteps = maxSteps ?? Number.POSITIVE_INFINITY;
    this.sim = new OncologySimulator(n, patient);
    this.episodeSteps = new Int32Array(n);
    this.observations = new Float32Array(OBS_SIZE * n);
    this.rewards = new Float64Array(n);
    this.terminations = new Uint8Array(n);
    this.truncations = new Uint8Array(n);
    const rows = new Float32Array(OBS_SIZE * n);
    this.finalRows = Array.from({ length: n }, (_, i) => rows.subarray(OBS_SIZE * i, OBS_SIZE * (i + 1)));
    this.finalObservation = new Array<Float32Array | null>(n).fill(null);
    this.finalInfoObjects = Array.from({ length: n }, () => ({}) as Info);
    this.finalInfo = new Array<Info | null>(n).fill(null);
    const o = this.sim.out;
    this.infos = {
      cost: o.cost,
      grade: o.grade,
      event: o.event,
      ancNadir: o.ancNadir,
      burden: o.burden,
      resistantFraction: o.resistantFraction,
      finalObservation: this.finalObservation,
      finalInfo: this.finalInfo,
    };
    this.result = { observations: this.observations, rewards: this.rewards, terminations: this.terminations, truncations: this.truncations, infos: this.infos };
  }

  reset(options: VectorResetOptions = {}): { observations: Float32Array; infos: VectorInfo } {
    if (this.phase === 'closed') throw new StateError('OncologyComboVectorEnv.reset called after close()');
    const seed = options.seed ?? (this.seeded ? undefined : 0);
    if (seed !== undefined) {
      for (let i = 0; i < this.numEnvs; i++) this.sim.seed(i, seed + i);
      this.seeded = true;
    }
    const patients = options.options?.patients;
    if (patients !== undefined && (!Array.isArray(patients) || patients.length !== this.numEnvs)) {
      throw new InputError(`options.patients must be an array of ${this.numEnvs} patients (one per sub-env)`, 'options.patients');
    }
    for (let i = 0; i < this.numEnvs; i++) {
      const given = patients === undefined ? undefined : patientFromOptions(patients[i], `options.patients[${i}]`);
      this.resetSubEnv(i, given);
    }
    this.phase = 'running';
    return { observations: this.observations, infos: {} };
  }

  step(actions: BatchedActions): VectorStepResult {
    if (this.phase !== 'running') throw new StateError(`OncologyComboVectorEnv.step called ${this.phase === 'new' ? 'before reset()' : 'after close()'}`);
    const n = this.numEnvs;
    if (actions.length !== 2 * n) throw new InputError(`expected ${2 * n} action values (2 per sub-env), got ${actions.length}`, 'actions');
    // Validate every action before stepping any sub-env, so a bad batch changes nothing.
    for (let i = 0; i < n; i++) decodeOncologyAction(this.actionMode, actions, 2 * i, this.fractions, `actions[${i}]`);
    const o = this.sim.out;
    for (let i = 0; i < n; i++) {
      decodeOncologyAction(this.actionMode, actions, 2 * i, this.fractions, `actions[${i}]`);
      this.sim.stepCycle(i, this.fractions[0]!, this.fractions[1]!);
      const steps = this.episodeSteps[i]! + 1;
      this.episodeSteps[i] = steps;
      const terminated = o.terminated[i] === 1;
      const truncated = steps >= this.maxEpisodeSteps;
      this.rewards[i] = o.reward[i]!;
      this.terminations[i] = terminated ? 1 : 0;
      this.truncations[i] = truncated ? 1 : 0;
      if (terminated || truncated) {
        const last = this.finalRows[i]!;
        this.sim.writeObservation(i, last, 0);
        const info = this.finalInfoObjects[i]!;
        info.cost = o.cost[i]!;
        info.event = ONCOLOGY_EVENTS[o.event[i]!];
        info.grade = o.grade[i]!;
        info.ancNadir = o.ancNadir[i]!;
        info.burden = o.burden[i]!;
        info.resistantFraction = o.resistantFraction[i]!;
        info.patientId = this.sim.patients[i]!.patient.id;
        info.cycles = steps;
        this.finalObservation[i] = last;
        this.finalInfo[i] = info;
        this.resetSubEnv(i, undefined);
      } else {
        this.finalObservation[i] = null;
        this.finalInfo[i] = null;
        this.sim.writeObservation(i, this.observations);
      }
    }
    return this.result;
  }

  close(): void {
    this.phase = 'closed';
  }

  /** Sub-env i's PK/PD state (a copy). */
  getState(i: number): Float64Array {
    return this.sim.getState(i);
  }

  /** Sub-env i's current patient and parameters. */
  getPatient(i: number): OncologySimulator['patients'][number] {
    return this.sim.patients[i] ?? null;
  }

  private resetSubEnv(i: number, patient: Parameters<OncologySimulator['reset']>[1]): void {
    this.sim.reset(i, patient);
    this.episodeSteps[i] = 0;
    this.sim.writeObservation(i, this.observations);
  }
}
