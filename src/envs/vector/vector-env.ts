/**
 * The batched environment contract (Gymnasium's `VectorEnv`), with typed arrays.
 *
 * N sub-envs step together. Observations are flattened and batched row-major into one
 * `Float32Array` of length `numEnvs × obsSize` (sub-env i owns
 * `[i·obsSize, (i+1)·obsSize)`); rewards, costs and flags are one element per sub-env.
 * Actions are batched the same way: an `Int32Array` of length `numEnvs` for Discrete, of
 * `numEnvs × k` for MultiDiscrete, a `Float32Array` of `numEnvs × actSize` for Box.
 *
 * **Autoreset: same-step** (declared as `metadata.autoresetMode = 'same-step'`). When
 * sub-env i terminates or truncates in `step`, it is reset within the same call: the
 * returned observation row is the *first observation of the next episode*, the reward and
 * flags are those of the step that ended the episode, and the true last observation and
 * info of the ended episode are in `infos.finalObservation[i]` / `infos.finalInfo[i]`
 * (null for sub-envs that did not end). Learners bootstrap truncated episodes from
 * `finalObservation`, never from the returned row.
 *
 * **Seeding.** `reset({ seed })` seeds sub-env i with `seed + i` (Gymnasium's convention),
 * so a vector env reproduces exactly N single envs reset with seeds seed, seed+1, …
 * Autoresets continue each sub-env's own streams (no new seed).
 *
 * Implementations: `SyncVectorEnv` over any `Env`s, and native structure-of-arrays
 * implementations registered as an env's `vectorEntryPoint`.
 */
import type { Info } from '../core.js';
import type { Space } from '../spaces/space.js';

/** Batched infos: typed arrays for per-env numbers, arrays for per-env objects. */
export interface VectorInfo {
  /** Per-env constraint cost of this step. */
  cost?: Float64Array;
  /** numEnvs × nActions action masks (1 = allowed), for discrete action spaces. */
  actionMask?: Uint8Array;
  /** For sub-envs that ended this step, the true final observation; null otherwise. */
  finalObservation?: (Float32Array | null)[];
  /** For sub-envs that ended this step, the final step's info; null otherwise. */
  finalInfo?: (Info | null)[];
  [key: string]: unknown;
}

export interface VectorResetOptions {
  /** Sub-env i is seeded with seed + i. */
  seed?: number;
  options?: Record<string, unknown>;
}

export interface VectorStepResult {
  observations: Float32Array;
  rewards: Float64Array;
  terminations: Uint8Array;
  truncations: Uint8Array;
  infos: VectorInfo;
}

export interface VectorEnvMetadata {
  autoresetMode: 'same-step';
  [key: string]: unknown;
}

export type BatchedActions = Int32Array | Float32Array | Float64Array;

export interface VectorEnv {
  readonly numEnvs: number;
  /** Space of one sub-env's observation (before flattening). */
  readonly singleObservationSpace: Space;
  /** Space of one sub-env's action. */
  readonly singleActionSpace: Space;
  /** Length of one sub-env's flattened observation row. */
  readonly observationSize: number;
  readonly metadata: VectorEnvMetadata;
  reset(options?: VectorResetOptions): { observations: Float32Array; infos: VectorInfo };
  step(actions: BatchedActions): VectorStepResult;
  close(): void;
}
