/**
 * Native vectorised `dosegym/HIV-v0`: N patients in structure-of-arrays form, stepped by
 * the same kernel as the single {@link HivEnv} (see cartpole-vector.ts for the pattern).
 *
 * - **State**: a `Float64Array` of 6·N (column s = state s of every patient) and the
 *   parameters as 22 columns of N. Each step gathers patient i into a small work vector,
 *   integrates its 5-day period (RK4, the kernel) and scatters it back: one loop over
 *   patients per step, nothing allocated.
 * - **Seeding**: sub-env i's streams are created from `seed + i` exactly as a single env
 *   reset with `seed + i` creates them, so sub-env i reproduces that env bit for bit.
 * - **Time limit inside**: each sub-env counts its steps and reports `truncated` at
 *   `maxEpisodeSteps` (default 200, as registered), then autoresets (same-step, the true
 *   last observation in `infos.finalObservation[i]`).
 * - **Infos** (all reused buffers): `cost` (Float64Array N, the step's cost), `eps1`,
 *   `eps2` (Float64Array N, the efficacies applied), `state` (Float64Array 6·N, row-major
 *   raw state of the returned observation's patient: the new episode's for sub-envs that
 *   autoreset); `finalInfo[i]` of an ended sub-env is `{ cost, state, eps1, eps2 }` as the
 *   single env's last step info (one reused object per sub-env).
 *
 * **Returned arrays are reused**: valid until the next `step`/`reset`; copy what you keep.
 */
import { InputError, StateError } from '../../core/errors.js';
import type { RandomStream } from '../../core/random.js';
import { HIV_PARAM_COUNT, HIV_STATE_COUNT } from '../../pkpd/models/adams2004-hiv.js';
import type { Info } from '../core.js';
import type { Box } from '../spaces/box.js';
import { Discrete } from '../spaces/discrete.js';
import type { BatchedActions, VectorEnv, VectorEnvMetadata, VectorInfo, VectorResetOptions, VectorStepResult } from '../vector/vector-env.js';
import { checkHivAction, hivMetadata, hivObservationSpace, hivStreams, resolveHivOptions, type HivConfig, type HivEnvOptions } from './hiv-env.js';
import { HIV_ACTION_EPS1, HIV_ACTION_EPS2, HIV_TASK, HivStepper, hivCost, hivInitialState, hivReward, hivSampleParameters, hivWriteObservation } from './hiv-kernel.js';

const OBS = HIV_STATE_COUNT;

export interface HivVectorOptions extends HivEnvOptions {
  /** Steps after which a sub-env's episode is truncated: default 200; `null` for no limit. */
  maxEpisodeSteps?: number | null;
}

/** The final info of an ended sub-env (reused). */
interface HivFinalInfo extends Info {
  cost: number;
  state: Float64Array;
  eps1: number;
  eps2: number;
}

export class HivVectorEnv implements VectorEnv {
  readonly numEnvs: number;
  readonly singleObservationSpace: Box;
  readonly singleActionSpace = new Discrete(4);
  readonly observationSize = OBS;
  readonly metadata: VectorEnvMetadata;
  /** Per-sub-env step limit (Infinity when there is none). */
  readonly maxEpisodeSteps: number;

  private readonly config: HivConfig;
  /** 6 columns of N. */
  private readonly state: Float64Array;
  /** 22 columns of N. */
  private readonly params: Float64Array;
  private readonly stepper = new HivStepper();
  private readonly episodeSteps: Int32Array;
  private readonly parameterRngs: RandomStream[];
  private readonly noiseRngs: RandomStream[];

  // Preallocated outputs.
  private readonly observations: Float32Array;
  private readonly rewards: Float64Array;
  private readonly terminations: Uint8Array;
  private readonly truncations: Uint8Array;
  private readonly costs: Float64Array;
  private readonly eps1: Float64Array;
  private readonly eps2: Float64Array;
  private readonly rowStates: Float64Array;
  private readonly finalObservationRows: Float32Array[];
  private readonly finalInfoObjects: HivFinalInfo[];
  private readonly finalObservation: (Float32Array | null)[];
  private readonly finalInfo: (Info | null)[];
  private readonly stepInfos: VectorInfo;
  private readonly stepResult: VectorStepResult;

  private phase: 'new' | 'running' | 'closed' = 'new';
  private seeded = false;

  constructor(numEnvs: number, options: HivVectorOptions = {}) {
    if (!Number.isSafeInteger(numEnvs) || numEnvs < 1) {
      throw new InputError(`numEnvs must be a positive integer, got ${String(numEnvs)}`, 'numEnvs');
    }
    const { maxEpisodeSteps, ...envOptions } = options;
    const maxSteps = maxEpisodeSteps === undefined ? HIV_TASK.maxEpisodeSteps : maxEpisodeSteps;
    if (maxSteps !== null && (!Number.isSafeInteger(maxSteps) || maxSteps < 1)) {
      throw new InputError(`maxEpisodeSteps must be a positive integer or null, got ${String(maxSteps)}`, 'maxEpisodeSteps');
    }
    this.config = resolveHivOptions(envOptions as Record<string, unknown>);
    this.singleObservationSpace = hivObservationSpace(this.config);
    this.metadata = { ...hivMetadata(this.config), autoresetMode: 'same-step', returnedArraysReused: true };
    this.numEnvs = numEnvs;
    this.maxEpisodeSteps = maxSteps ?? Number.POSITIVE_INFINITY;
    const n = numEnvs;
    this.state = new Float64Array(OBS * n);
    this.params = new Float64Array(HIV_PARAM_COUNT * n);
    this.episodeSteps = new Int32Array(n);
    this.parameterRngs = new Array<RandomStream>(n);
    this.noiseRngs = new Array<RandomStream>(n);
    this.observations = new Float32Array(OBS * n);
    this.rewards = new Float64Array(n);
    this.terminations = new Uint8Array(n);
    this.truncations = new Uint8Array(n);
    this.costs = new Float64Array(n);
    this.eps1 = new Float64Array(n);
    this.eps2 = new Float64Array(n);
    this.rowStates = new Float64Array(OBS * n);
    const finalRows = new Float32Array(OBS * n);
    this.finalObservationRows = Array.from({ length: n }, (_, i) => finalRows.subarray(OBS * i, OBS * (i + 1)));
    this.finalInfoObjects = Array.from({ length: n }, () => ({ cost: 0, state: new Float64Array(OBS), eps1: 0, eps2: 0 }));
    this.finalObservation = new Array<Float32Array | null>(n).fill(null);
    this.finalInfo = new Array<Info | null>(n).fill(null);
    this.stepInfos = {
      cost: this.costs,
      eps1: this.eps1,
      eps2: this.eps2,
      state: this.rowStates,
      finalObservation: this.finalObservation,
      finalInfo: this.finalInfo,
    };
    this.stepResult = {
      observations: this.observations,
      rewards: this.rewards,
      terminations: this.terminations,
      truncations: this.truncations,
      infos: this.stepInfos,
    };
  }

  /**
   * Reset every sub-env. With `seed`, sub-env i's streams are re-created from `seed + i`;
   * without, they continue (a never-seeded env is seeded with 0).
   */
  reset(options: VectorResetOptions = {}): { observations: Float32Array; infos: VectorInfo } {
    if (this.phase === 'closed') throw new StateError('HivVectorEnv.reset called after close()');
    const seed = options.seed ?? (this.seeded ? undefined : 0);
    if (seed !== undefined) {
      for (let i = 0; i < this.numEnvs; i++) {
        const streams = hivStreams(seed + i);
        this.parameterRngs[i] = streams.parameters;
        this.noiseRngs[i] = streams.noise;
      }
      this.seeded = true;
    }
    for (let i = 0; i < this.numEnvs; i++) this.resetSubEnv(i);
    this.phase = 'running';
    return { observations: this.observations, infos: { state: this.rowStates } };
  }

  /** Step all sub-envs with `actions` (length numEnvs, each 0..3). */
  step(actions: BatchedActions): VectorStepResult {
    if (this.phase !== 'running') throw new StateError(`HivVectorEnv.step called ${this.phase === 'new' ? 'before reset()' : 'after close()'}`);
    const n = this.numEnvs;
    if (actions.length !== n) throw new InputError(`expected ${n} actions (one per sub-env), got ${actions.length}`, 'actions');
    for (let i = 0; i < n; i++) checkHivAction(actions[i], `actions[${i}]`);
    const { state, episodeSteps } = this;
    for (let i = 0; i < n; i++) {
      const a = actions[i]!;
      const steps = episodeSteps[i]! + 1;
      episodeSteps[i] = steps;
      this.stepper.step(state, this.params, n, i, a, this.config.substeps, steps);
      const T1 = state[i]!;
      const T1I = state[2 * n + i]!;
      const e1 = HIV_ACTION_EPS1[a]!;
      const e2 = HIV_ACTION_EPS2[a]!;
      const cost = hivCost(T1, T1I);
      this.rewards[i] = hivReward(state[4 * n + i]!, state[5 * n + i]!, e1, e2);
      this.costs[i] = cost;
      this.eps1[i] = e1;
      this.eps2[i] = e2;
      const truncated = steps >= this.maxEpisodeSteps;
      this.terminations[i] = 0;
      this.truncations[i] = truncated ? 1 : 0;
      if (truncated) {
        const last = this.finalObservationRows[i]!;
        hivWriteObservation(state, n, i, this.config.log10, this.config.noiseSd, this.noiseRngs[i], last, 0);
        const info = this.finalInfoObjects[i]!;
        info.cost = cost;
        info.eps1 = e1;
        info.eps2 = e2;
        for (let s = 0; s < OBS; s++) info.state[s] = state[s * n + i]!;
        this.finalObservation[i] = last;
        this.finalInfo[i] = info;
        this.resetSubEnv(i);
      } else {
        this.finalObservation[i] = null;
        this.finalInfo[i] = null;
        this.writeRow(i);
      }
    }
    return this.stepResult;
  }

  close(): void {
    this.phase = 'closed';
  }

  /** Sub-env i's float64 state (a copy), for tests and debugging. */
  getState(i: number): Float64Array {
    const n = this.numEnvs;
    return Float64Array.from({ length: OBS }, (_, s) => this.state[s * n + i]!);
  }

  /** Draw sub-env i's patient, set the initial state, zero its step count, write its row. */
  private resetSubEnv(i: number): void {
    const n = this.numEnvs;
    hivSampleParameters(this.parameterRngs[i]!, this.config.variability, this.params, n, i);
    hivInitialState(this.state, n, i);
    this.episodeSteps[i] = 0;
    this.writeRow(i);
  }

  /** Write sub-env i's observation row and its raw state row (in `infos.state`). */
  private writeRow(i: number): void {
    const n = this.numEnvs;
    hivWriteObservation(this.state, n, i, this.config.log10, this.config.noiseSd, this.noiseRngs[i], this.observations, OBS * i);
    for (let s = 0; s < OBS; s++) this.rowStates[OBS * i + s] = this.state[s * n + i]!;
  }
}
