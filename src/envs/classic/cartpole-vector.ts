/**
 * Native vectorised CartPole-v1: N carts in structure-of-arrays form, stepped by the same
 * kernel as the single {@link CartPoleEnv}. This is the pattern the treatment envs follow:
 *
 * - **State**: one preallocated `Float64Array` of 4·N, viewed as four columns
 *   (`x`, `xDot`, `theta`, `thetaDot`, each of length N). One loop over sub-envs per step.
 * - **Seeding**: sub-env i owns its own random stream, created from `seed + i` exactly as a
 *   single env reset with `seed + i` creates it, so sub-env i reproduces that single env bit
 *   for bit (float64 state and float32 observations), whatever N is.
 * - **Time limit inside**: each sub-env counts its steps and reports `truncated` at
 *   `maxEpisodeSteps` (500), like the TimeLimit wrapper `make` puts on the single env
 *   (terminated and truncated may both be true on the 500th step).
 * - **Same-step autoreset**: a sub-env that ends is reset within the same `step`; its
 *   returned row is the new episode's first observation and the true last observation
 *   is in `infos.finalObservation[i]`.
 *
 * **Returned arrays are reused.** `reset` and `step` return the env's own preallocated
 * buffers (observations, rewards, flags, the infos object and its arrays, the final
 * observation rows). They are valid until the next `step`/`reset`; copy what you keep.
 * Nothing is allocated per step.
 */
import { InputError, StateError } from '../../core/errors.js';
import type { RandomStream } from '../../core/random.js';
import type { Info } from '../core.js';
import { Discrete } from '../spaces/discrete.js';
import type {
  BatchedActions,
  VectorEnv,
  VectorEnvMetadata,
  VectorInfo,
  VectorResetOptions,
  VectorStepResult,
} from '../vector/vector-env.js';
import {
  CARTPOLE,
  cartPoleObservationSpace,
  cartPoleResetKernel,
  cartPoleStepKernel,
  cartPoleStream,
} from './cartpole.js';

const OBS_SIZE = 4;
/** Shared, frozen final info of an ended sub-env (CartPole's infos are empty). */
const EMPTY_INFO: Info = Object.freeze({}) as Info;

export interface CartPoleVectorOptions {
  /**
   * Steps after which a sub-env's episode is truncated: default 500, as CartPole-v1;
   * `null` for no limit.
   */
  maxEpisodeSteps?: number | null;
}

export class CartPoleVectorEnv implements VectorEnv {
  readonly numEnvs: number;
  readonly singleObservationSpace = cartPoleObservationSpace();
  readonly singleActionSpace = new Discrete(2);
  readonly observationSize = OBS_SIZE;
  readonly metadata: VectorEnvMetadata = {
    autoresetMode: 'same-step',
    renderModes: [],
    observationLabels: ['x', 'xDot', 'theta', 'thetaDot'],
    returnedArraysReused: true,
  };
  /** Per-sub-env step limit (Infinity when there is none). */
  readonly maxEpisodeSteps: number;

  /** Float64 state, 4·N: columns x | xDot | theta | thetaDot. */
  private readonly state: Float64Array;
  private readonly x: Float64Array;
  private readonly xDot: Float64Array;
  private readonly theta: Float64Array;
  private readonly thetaDot: Float64Array;
  /** Steps taken in each sub-env's current episode. */
  private readonly episodeSteps: Int32Array;
  private readonly rngs: RandomStream[];

  // Preallocated outputs (see "Returned arrays are reused").
  private readonly observations: Float32Array;
  private readonly rewards: Float64Array;
  private readonly terminations: Uint8Array;
  private readonly truncations: Uint8Array;
  private readonly finalObservationRows: Float32Array[];
  private readonly finalObservation: (Float32Array | null)[];
  private readonly finalInfo: (Info | null)[];
  private readonly stepInfos: VectorInfo;
  private readonly stepResult: VectorStepResult;

  private phase: 'new' | 'running' | 'closed' = 'new';
  private seeded = false;

  constructor(numEnvs: number, options: CartPoleVectorOptions = {}) {
    if (!Number.isInteger(numEnvs) || numEnvs < 1) {
      throw new InputError(`numEnvs must be a positive integer, got ${String(numEnvs)}`, 'numEnvs');
    }
    const maxSteps = options.maxEpisodeSteps === undefined ? CARTPOLE.maxEpisodeSteps : options.maxEpisodeSteps;
    if (maxSteps !== null && (!Number.isSafeInteger(maxSteps) || maxSteps < 1)) {
      throw new InputError(`maxEpisodeSteps must be a positive integer or null, got ${String(maxSteps)}`, 'maxEpisodeSteps');
    }
    this.numEnvs = numEnvs;
    this.maxEpisodeSteps = maxSteps ?? Number.POSITIVE_INFINITY;
    const n = numEnvs;
    this.state = new Float64Array(OBS_SIZE * n);
    this.x = this.state.subarray(0, n);
    this.xDot = this.state.subarray(n, 2 * n);
    this.theta = this.state.subarray(2 * n, 3 * n);
    this.thetaDot = this.state.subarray(3 * n, 4 * n);
    this.episodeSteps = new Int32Array(n);
    this.rngs = new Array<RandomStream>(n);
    this.observations = new Float32Array(OBS_SIZE * n);
    this.rewards = new Float64Array(n);
    this.terminations = new Uint8Array(n);
    this.truncations = new Uint8Array(n);
    const finalRows = new Float32Array(OBS_SIZE * n);
    this.finalObservationRows = Array.from({ length: n }, (_, i) => finalRows.subarray(OBS_SIZE * i, OBS_SIZE * (i + 1)));
    this.finalObservation = new Array<Float32Array | null>(n).fill(null);
    this.finalInfo = new Array<Info | null>(n).fill(null);
    this.stepInfos = { finalObservation: this.finalObservation, finalInfo: this.finalInfo };
    this.stepResult = {
      observations: this.observations,
      rewards: this.rewards,
      terminations: this.terminations,
      truncations: this.truncations,
      infos: this.stepInfos,
    };
  }

  /**
   * Reset every sub-env. With `seed`, sub-env i's stream is re-created from `seed + i`;
   * without, the streams continue (a never-seeded env is seeded with 0, so sub-env i
   * uses i).
   */
  reset(options: VectorResetOptions = {}): { observations: Float32Array; infos: VectorInfo } {
    if (this.phase === 'closed') throw new StateError('CartPoleVectorEnv.reset called after close()');
    const seed = options.seed ?? (this.seeded ? undefined : 0);
    if (seed !== undefined) {
      for (let i = 0; i < this.numEnvs; i++) this.rngs[i] = cartPoleStream(seed + i);
      this.seeded = true;
    }
    for (let i = 0; i < this.numEnvs; i++) this.resetSubEnv(i);
    this.phase = 'running';
    return { observations: this.observations, infos: {} };
  }

  /** Step all sub-envs with `actions` (length numEnvs, each 0 or 1). */
  step(actions: BatchedActions): VectorStepResult {
    if (this.phase !== 'running') {
      throw new StateError(`CartPoleVectorEnv.step called ${this.phase === 'new' ? 'before reset()' : 'after close()'}`);
    }
    const n = this.numEnvs;
    if (actions.length !== n) {
      throw new InputError(`expected ${n} actions (one per sub-env), got ${actions.length}`, 'actions');
    }
    for (let i = 0; i < n; i++) {
      const a = actions[i]!;
      if (a !== 0 && a !== 1) {
        throw new InputError(`CartPole action must be 0 (left) or 1 (right), got ${a}`, `actions[${i}]`);
      }
    }
    const { x, xDot, theta, thetaDot, episodeSteps } = this;
    for (let i = 0; i < n; i++) {
      const terminated = cartPoleStepKernel(x, xDot, theta, thetaDot, i, actions[i]!);
      const steps = episodeSteps[i]! + 1;
      episodeSteps[i] = steps;
      const truncated = steps >= this.maxEpisodeSteps;
      this.rewards[i] = 1;
      this.terminations[i] = terminated ? 1 : 0;
      this.truncations[i] = truncated ? 1 : 0;
      if (terminated || truncated) {
        const last = this.finalObservationRows[i]!;
        this.writeObservation(i, last, 0);
        this.finalObservation[i] = last;
        this.finalInfo[i] = EMPTY_INFO;
        this.resetSubEnv(i);
      } else {
        this.finalObservation[i] = null;
        this.finalInfo[i] = null;
        this.writeObservation(i, this.observations);
      }
    }
    return this.stepResult;
  }

  close(): void {
    this.phase = 'closed';
  }

  /** Sub-env i's float64 state `[x, xDot, theta, thetaDot]` (a copy), for tests and debugging. */
  getState(i: number): Float64Array {
    return Float64Array.of(this.x[i]!, this.xDot[i]!, this.theta[i]!, this.thetaDot[i]!);
  }

  /** Draw sub-env i's initial state, zero its step count and write its observation row. */
  private resetSubEnv(i: number): void {
    cartPoleResetKernel(this.rngs[i]!, this.x, this.xDot, this.theta, this.thetaDot, i);
    this.episodeSteps[i] = 0;
    this.writeObservation(i, this.observations);
  }

  /** Write sub-env i's state, rounded to float32, into `out` at `offset` (default: row i). */
  private writeObservation(i: number, out: Float32Array, offset = OBS_SIZE * i): void {
    out[offset] = this.x[i]!;
    out[offset + 1] = this.xDot[i]!;
    out[offset + 2] = this.theta[i]!;
    out[offset + 3] = this.thetaDot[i]!;
  }
}
