/**
 * Recording full episode trajectories from a VectorEnv, for plots and clinical metrics.
 *
 * A {@link Trajectory} of an episode of T steps holds:
 * - `observations`: (T + 1) × observationSize float32 values, the reset observation then
 *   the observation after each step. The last row is the true final observation (from
 *   `infos.finalObservation[i]`), never the autoreset row of the next episode;
 * - `actions`: T × actionSize values (discrete actions as numbers);
 * - `rewards` and `costs`: T values each (cost 0 when the env reports none);
 * - `infos`: for each requested info key, T values, the step's info of that key. For the
 *   step that ended the episode it is read from `infos.finalInfo[i]` (the row's batched
 *   info belongs to the next episode under same-step autoreset).
 *
 * Batched infos are read per sub-env with {@link infoAt}: a batched key holds an array (or
 * typed array) with one entry per sub-env.
 */
import type { Info } from '../envs/core.js';
import type { VectorInfo } from '../envs/vector/vector-env.js';

/** What to record besides rewards, costs and actions. */
export interface TrajectoryOptions {
  /** Step-info keys to record (e.g. `['trueInr', 'measuredInr', 'doseGiven']`). */
  infoKeys?: readonly string[];
  /** Record observations (default true). */
  observations?: boolean;
}

/** One recorded episode (see the module doc for the layout). */
export interface Trajectory {
  observationSize: number;
  actionSize: number;
  /** (length + 1) × observationSize, or null when observations were not recorded. */
  observations: Float32Array | null;
  actions: Float64Array;
  rewards: Float64Array;
  costs: Float64Array;
  /** Info key → one value per step. */
  infos: Record<string, unknown[]>;
}

/**
 * Sub-env i's value of a batched info key (undefined when absent or not batched).
 * @example infoAt({ trueInr: [2.1, 2.6] }, 'trueInr', 1) // 2.6
 * @example infoAt({ cost: Float64Array.of(0, 1) }, 'cost', 1) // 1
 */
export function infoAt(infos: VectorInfo, key: string, i: number): unknown {
  const v = infos[key];
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return (v as unknown as ArrayLike<unknown>)[i];
  return undefined;
}

/** Accumulates one sub-env's episode; `finish` returns the {@link Trajectory}. */
export class TrajectoryRecorder {
  private readonly observations: number[] = [];
  private readonly actions: number[] = [];
  private readonly rewards: number[] = [];
  private readonly costs: number[] = [];
  private readonly infos: Record<string, unknown[]> = {};
  private readonly infoKeys: readonly string[];
  private readonly recordObservations: boolean;

  /**
   * @param first the episode's first observation row (copied)
   */
  constructor(
    private readonly observationSize: number,
    private readonly actionSize: number,
    first: ArrayLike<number>,
    options: TrajectoryOptions = {},
  ) {
    this.infoKeys = options.infoKeys ?? [];
    this.recordObservations = options.observations ?? true;
    for (const key of this.infoKeys) this.infos[key] = [];
    this.pushObservation(first);
  }

  /**
   * Record one step of sub-env `i`.
   * @param observation the observation after the step (the final observation when it ended)
   * @param stepInfo the step's own info when it ended (`finalInfo[i]`), else null to read `infos` row i
   */
  record(
    i: number,
    actions: ArrayLike<number>,
    reward: number,
    cost: number,
    observation: ArrayLike<number>,
    infos: VectorInfo,
    stepInfo: Info | null,
  ): void {
    for (let j = 0; j < this.actionSize; j++) this.actions.push(Number(actions[i * this.actionSize + j]));
    this.rewards.push(reward);
    this.costs.push(cost);
    for (const key of this.infoKeys) this.infos[key]!.push(stepInfo ? stepInfo[key] : infoAt(infos, key, i));
    this.pushObservation(observation);
  }

  finish(): Trajectory {
    return {
      observationSize: this.observationSize,
      actionSize: this.actionSize,
      observations: this.recordObservations ? Float32Array.from(this.observations) : null,
      actions: Float64Array.from(this.actions),
      rewards: Float64Array.from(this.rewards),
      costs: Float64Array.from(this.costs),
      infos: this.infos,
    };
  }

  private pushObservation(row: ArrayLike<number>): void {
    if (!this.recordObservations) return;
    for (let j = 0; j < this.observationSize; j++) this.observations.push(row[j]!);
  }
}
