/**
 * `SyncVectorEnv`: N single envs stepped one after the other in this process, behind the
 * {@link VectorEnv} contract (Gymnasium's `gymnasium.vector.SyncVectorEnv`, same-step
 * autoreset as in Gymnasium 0.29 / 1.1 `AutoresetMode.SAME_STEP`).
 *
 * It works with any env; envs with a native structure-of-arrays implementation (the
 * registry's `vectorEntryPoint`) are much faster.
 *
 * **Observation flattening.** Each sub-env's observation becomes one row of
 * `observationSize` float32 numbers in the batched `observations` array:
 * - Box, MultiDiscrete, MultiBinary: the elements in row-major order (size = product of
 *   the shape);
 * - Discrete: the observation is a single number (size 1), the integer itself (not
 *   one-hot).
 * Dict and Tuple observation spaces are not supported (flatten them with a wrapper first).
 *
 * **Actions.** Discrete: an `Int32Array` (or any typed array of integers) of length N,
 * passed to sub-env i as a number. Box: a `Float32Array`/`Float64Array` of N × actSize,
 * passed to sub-env i as its own `Float32Array` of actSize (copied, so sub-envs may keep
 * it). MultiDiscrete/MultiBinary: N × k integers, passed as an `Int32Array`.
 *
 * **Infos.** Batched per step:
 * - `cost`: a `Float64Array` of N when any sub-env reported `info.cost` this step (the
 *   step's cost, also for sub-envs that autoreset; 0 for sub-envs without a cost);
 * - `actionMask`: N × nActions bytes, stacked, when any sub-env reported one; it belongs
 *   to the *returned* observation, so for sub-envs that autoreset it is the new episode's
 *   reset mask (all ones where a sub-env reported none);
 * - other keys: an array of N per-env values (undefined where absent), taken from the
 *   reset info for sub-envs that autoreset (as Gymnasium), from the step info otherwise;
 * - `finalObservation` / `finalInfo`: the true last observation (flattened) and step info
 *   of sub-envs that ended this step, null for the others.
 *
 * **Seeding.** `reset({ seed })` resets sub-env i with `seed + i`, so N copies reproduce N
 * single envs reset with seeds seed, seed+1, … exactly. `reset()` without a seed
 * continues the sub-envs' streams, except on the very first reset, which uses seed 0 (so
 * that sub-envs never share a stream). Autoresets continue each sub-env's own stream.
 *
 * **Returned arrays are reused.** `observations`, `rewards`, `terminations`,
 * `truncations` are the env's own buffers, overwritten by the next `step`/`reset`; copy
 * what you keep. The infos object and its arrays are new on every call.
 */
import { InputError, StateError } from '../../core/errors.js';
import type { Env, Info } from '../core.js';
import type { Space } from '../spaces/space.js';
import type {
  BatchedActions,
  VectorEnv,
  VectorEnvMetadata,
  VectorInfo,
  VectorResetOptions,
  VectorStepResult,
} from './vector-env.js';

/** A function that builds one sub-env. */
export type EnvFactory = () => Env;

type ActionKind = 'discrete' | 'box' | 'multi';

/** Number of float32 slots a single observation of `space` takes in a batched row. */
function flatSize(space: Space, what: string): number {
  switch (space.type) {
    case 'Discrete':
      return 1;
    case 'Box':
    case 'MultiDiscrete':
    case 'MultiBinary':
      return space.shape.reduce((a, b) => a * b, 1);
    default:
      throw new InputError(
        `SyncVectorEnv supports Box, Discrete, MultiDiscrete and MultiBinary ${what} spaces, got ${space.type}`,
        what,
      );
  }
}

function sameShape(a: Space, b: Space): boolean {
  return a.type === b.type && a.shape.length === b.shape.length && a.shape.every((d, k) => d === b.shape[k]);
}

export class SyncVectorEnv implements VectorEnv {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space;
  readonly singleActionSpace: Space;
  readonly observationSize: number;
  readonly metadata: VectorEnvMetadata;
  /** The sub-envs, in order (sub-env i is seeded with seed + i). */
  readonly envs: readonly Env[];

  private readonly actionSize: number;
  private readonly actionKind: ActionKind;
  private readonly actionBuffers: (Float32Array | Int32Array)[];
  private readonly observations: Float32Array;
  private readonly rewards: Float64Array;
  private readonly terminations: Uint8Array;
  private readonly truncations: Uint8Array;
  private phase: 'new' | 'running' | 'closed' = 'new';

  /**
   * @param envFns one factory per sub-env; all must build envs with the same space types
   *   and shapes.
   */
  constructor(envFns: readonly EnvFactory[]) {
    if (envFns.length === 0) throw new InputError('SyncVectorEnv needs at least one env factory', 'envFns');
    this.envs = envFns.map((f) => f());
    const first = this.envs[0]!;
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace;
    this.envs.forEach((env, i) => {
      if (!sameShape(env.observationSpace, first.observationSpace) || !sameShape(env.actionSpace, first.actionSpace)) {
        throw new InputError(`sub-env ${i} has different space types or shapes than sub-env 0`, `envFns[${i}]`);
      }
    });
    this.numEnvs = this.envs.length;
    this.observationSize = flatSize(first.observationSpace, 'observation');
    this.actionSize = flatSize(first.actionSpace, 'action');
    const t = first.actionSpace.type;
    this.actionKind = t === 'Discrete' ? 'discrete' : t === 'Box' ? 'box' : 'multi';
    this.actionBuffers = this.envs.map(() =>
      this.actionKind === 'box' ? new Float32Array(this.actionSize) : new Int32Array(this.actionSize),
    );
    const n = this.numEnvs;
    this.observations = new Float32Array(n * this.observationSize);
    this.rewards = new Float64Array(n);
    this.terminations = new Uint8Array(n);
    this.truncations = new Uint8Array(n);
    this.metadata = { ...first.metadata, autoresetMode: 'same-step' };
  }

  reset(options: VectorResetOptions = {}): { observations: Float32Array; infos: VectorInfo } {
    if (this.phase === 'closed') throw new StateError('SyncVectorEnv.reset called after close()');
    const seed = options.seed ?? (this.phase === 'new' ? 0 : undefined);
    const infos: Info[] = [];
    this.envs.forEach((env, i) => {
      const r = env.reset({
        ...(seed === undefined ? {} : { seed: seed + i }),
        ...(options.options === undefined ? {} : { options: options.options }),
      });
      this.writeRow(i, r.observation);
      infos.push(r.info);
    });
    this.phase = 'running';
    return { observations: this.observations, infos: this.batchInfos(infos, infos) };
  }

  step(actions: BatchedActions): VectorStepResult {
    if (this.phase !== 'running') {
      throw new StateError(`SyncVectorEnv.step called ${this.phase === 'new' ? 'before reset()' : 'after close()'}`);
    }
    const n = this.numEnvs;
    if (actions.length !== n * this.actionSize) {
      throw new InputError(
        `expected ${n * this.actionSize} batched actions (${n} envs × ${this.actionSize}), got ${actions.length}`,
        'actions',
      );
    }
    const stepInfos: Info[] = [];
    const rowInfos: Info[] = [];
    const finalObservation: (Float32Array | null)[] = [];
    const finalInfo: (Info | null)[] = [];
    for (let i = 0; i < n; i++) {
      const env = this.envs[i]!;
      const r = env.step(this.subAction(actions, i));
      this.rewards[i] = r.reward;
      this.terminations[i] = r.terminated ? 1 : 0;
      this.truncations[i] = r.truncated ? 1 : 0;
      stepInfos.push(r.info);
      if (r.terminated || r.truncated) {
        finalObservation.push(this.flatten(r.observation));
        finalInfo.push(r.info);
        const next = env.reset();
        this.writeRow(i, next.observation);
        rowInfos.push(next.info);
      } else {
        finalObservation.push(null);
        finalInfo.push(null);
        this.writeRow(i, r.observation);
        rowInfos.push(r.info);
      }
    }
    const infos = this.batchInfos(stepInfos, rowInfos);
    infos.finalObservation = finalObservation;
    infos.finalInfo = finalInfo;
    return {
      observations: this.observations,
      rewards: this.rewards,
      terminations: this.terminations,
      truncations: this.truncations,
      infos,
    };
  }

  close(): void {
    if (this.phase === 'closed') return;
    for (const env of this.envs) env.close();
    this.phase = 'closed';
  }

  /** Sub-env i's action, in the form its `step` expects. */
  private subAction(actions: BatchedActions, i: number): unknown {
    if (this.actionKind === 'discrete') return actions[i]!;
    const buf = this.actionBuffers[i]!;
    const k = this.actionSize;
    for (let j = 0; j < k; j++) buf[j] = actions[i * k + j]!;
    return buf;
  }

  /** A new Float32Array holding `obs` flattened. */
  private flatten(obs: unknown): Float32Array {
    const out = new Float32Array(this.observationSize);
    this.copyInto(out, 0, obs);
    return out;
  }

  private writeRow(i: number, obs: unknown): void {
    this.copyInto(this.observations, i * this.observationSize, obs);
  }

  private copyInto(out: Float32Array, offset: number, obs: unknown): void {
    const size = this.observationSize;
    if (typeof obs === 'number' || typeof obs === 'bigint') {
      if (size !== 1) throw new InputError(`sub-env returned a scalar observation, expected ${size} numbers`, 'observation');
      out[offset] = Number(obs);
      return;
    }
    const arr = obs as ArrayLike<number> | null;
    if (arr === null || typeof arr !== 'object' || arr.length !== size) {
      throw new InputError(`sub-env returned an observation that is not ${size} numbers`, 'observation');
    }
    for (let j = 0; j < size; j++) out[offset + j] = Number(arr[j]);
  }

  /**
   * Batch per-env infos. `stepInfos` are the infos of this step; `rowInfos` describe the
   * returned rows (the reset info for sub-envs that autoreset).
   */
  private batchInfos(stepInfos: readonly Info[], rowInfos: readonly Info[]): VectorInfo {
    const n = this.numEnvs;
    const out: VectorInfo = {};
    if (stepInfos.some((inf) => typeof inf.cost === 'number')) {
      const cost = new Float64Array(n);
      stepInfos.forEach((inf, i) => (cost[i] = typeof inf.cost === 'number' ? inf.cost : 0));
      out.cost = cost;
    }
    const firstMask = rowInfos.find((inf) => inf.actionMask instanceof Uint8Array)?.actionMask;
    if (firstMask !== undefined) {
      const m = firstMask.length;
      const mask = new Uint8Array(n * m).fill(1);
      rowInfos.forEach((inf, i) => {
        if (inf.actionMask instanceof Uint8Array) mask.set(inf.actionMask.subarray(0, m), i * m);
      });
      out.actionMask = mask;
    }
    const keys = new Set<string>();
    for (const inf of rowInfos) for (const k of Object.keys(inf)) if (k !== 'cost' && k !== 'actionMask') keys.add(k);
    for (const k of keys) out[k] = rowInfos.map((inf) => inf[k]);
    return out;
  }
}
