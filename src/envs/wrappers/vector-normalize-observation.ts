/**
 * VectorNormalizeObservation: NormalizeObservation over a VectorEnv, as SB3's VecNormalize
 * observation part: `clip((obs − mean) / sqrt(var + ε), −clip, clip)` per feature.
 *
 * Each `reset`/`step` first merges all N returned rows into the running statistics (one
 * batch of N, Chan's parallel update) unless `frozen`, then normalises them.
 *
 * **Same-step autoreset.** For sub-envs that ended, the returned row is the next
 * episode's first observation (it enters the statistics like any other row) and
 * `infos.finalObservation[i]` is normalised with the *same* statistics as the rows of
 * this step, without being added to them (SB3 does the same with `terminal_observation`).
 * The inner env's final observation arrays are not modified; new arrays are returned.
 *
 * The observations buffer is owned by the wrapper and overwritten by the next call
 * (allocation-free per step, except for the final observations of ended sub-envs).
 */
import type { VectorEnv, VectorInfo, VectorResetOptions, VectorStepResult, BatchedActions } from '../vector/vector-env.js';
import { Box } from '../spaces/box.js';
import type { Space } from '../spaces/space.js';
import { RunningMeanStd } from '../running-stats.js';
import { VectorWrapper } from './vector-wrapper.js';
import { positive, type NormalizeObservationOptions, type NormalizeObservationState } from './normalize-observation.js';

export class VectorNormalizeObservation extends VectorWrapper {
  readonly clip: number;
  readonly epsilon: number;
  readonly stats: RunningMeanStd;
  /** When true, statistics are not updated (evaluation). */
  frozen = false;
  private readonly space: Box;
  private readonly out: Float32Array;
  private readonly result: VectorStepResult;

  constructor(env: VectorEnv, options: NormalizeObservationOptions = {}) {
    super(env);
    this.clip = positive(options.clip ?? 10, 'clip');
    this.epsilon = positive(options.epsilon ?? 1e-8, 'epsilon');
    this.stats = new RunningMeanStd(env.observationSize);
    this.space = new Box(-Infinity, Infinity, [env.observationSize]);
    this.out = new Float32Array(env.numEnvs * env.observationSize);
    this.result = {
      observations: this.out,
      rewards: new Float64Array(0),
      terminations: new Uint8Array(0),
      truncations: new Uint8Array(0),
      infos: {},
    };
  }

  /** Normalised rows are flat Box(−∞, ∞) vectors of observationSize. */
  override get singleObservationSpace(): Space {
    return this.space;
  }

  override reset(options?: VectorResetOptions): { observations: Float32Array; infos: VectorInfo } {
    const r = this.env.reset(options);
    if (!this.frozen) this.stats.update(r.observations, this.numEnvs);
    this.normalizeInto(r.observations, this.out, this.numEnvs);
    return { observations: this.out, infos: r.infos };
  }

  override step(actions: BatchedActions): VectorStepResult {
    const r = this.env.step(actions);
    if (!this.frozen) this.stats.update(r.observations, this.numEnvs);
    this.normalizeInto(r.observations, this.out, this.numEnvs);
    const res = this.result;
    res.rewards = r.rewards;
    res.terminations = r.terminations;
    res.truncations = r.truncations;
    res.infos = r.infos;
    const finals = r.infos.finalObservation;
    if (finals && finals.some((f) => f !== null)) {
      res.infos = {
        ...r.infos,
        finalObservation: finals.map((f) => {
          if (f === null) return null;
          const o = new Float32Array(f.length);
          this.normalizeInto(f, o, 1);
          return o;
        }),
      };
    }
    return res;
  }

  /** Normalise `rows` rows of `src` into `dst` with the current statistics (no update). */
  normalizeInto(src: ArrayLike<number>, dst: Float32Array | Float64Array, rows: number): void {
    const d = this.stats.dim;
    const { mean, var: variance } = this.stats;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < d; j++) {
        const z = (src[r * d + j]! - mean[j]!) / Math.sqrt(variance[j]! + this.epsilon);
        dst[r * d + j] = z > this.clip ? this.clip : z < -this.clip ? -this.clip : z;
      }
    }
  }

  getState(): NormalizeObservationState {
    return { obsStats: this.stats.getState() };
  }

  setState(state: NormalizeObservationState): void {
    this.stats.setState(state?.obsStats, 'obsStats');
  }
}
