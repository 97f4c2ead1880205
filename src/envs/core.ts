/**
 * The environment contract: Gymnasium's `Env` (gymnasium/core.py) in TypeScript.
 *
 * Lifecycle: construct → `reset({ seed })` → `step(action)` … until `terminated` or
 * `truncated` → `reset()` → … → `close()`.
 *
 * **terminated vs truncated.** `terminated` is true when the MDP reached a terminal state
 * (death proxy, progression, cure): the value of the next state is zero, do not bootstrap.
 * `truncated` is true when the episode was cut off for a reason outside the MDP,
 * typically the time limit (90 days of a warfarin course): learners must bootstrap from
 * the value of the final observation. Both may be true at once; terminated takes
 * precedence for bootstrapping.
 *
 * **Seeding.** `reset({ seed })` with an integer re-creates every random stream of the env
 * from that seed (patient draw, measurement noise, adherence…), so the same seed and the
 * same actions reproduce the episode bit for bit. `reset()` without a seed keeps the
 * current streams and continues them (the next episode differs). Seed once after
 * construction; an env that was never seeded seeds itself from 0 on first reset
 * (deterministic by default, unlike Gymnasium's entropy seeding, for reproducibility).
 *
 * **info conventions.**
 * - `info.cost` (number ≥ 0): constraint-violation cost of the step for constrained MDPs
 *   (e.g. 1 on a day with INR > 4 or < 1.5). Envs with safety constraints always set it.
 * - `info.actionMask` (Uint8Array, 1 = allowed): for discrete action spaces, the actions a
 *   safety shield allows in the *returned* observation's state.
 * - Anything else is env-specific and documented on the env.
 *
 * Actions outside `actionSpace` are an error (InputError), not silently clipped; use the
 * ClipAction wrapper to clip.
 */
import type { Space } from './spaces/space.js';

/** Per-step or per-reset extra information. */
export interface Info {
  /** Constraint-violation cost of the step (constrained MDP). */
  cost?: number;
  /** Allowed discrete actions in the returned state (1 = allowed). */
  actionMask?: Uint8Array;
  [key: string]: unknown;
}

export interface ResetOptions {
  /** Re-create the env's random streams from this seed; omit to continue them. */
  seed?: number;
  /** Env-specific options for this episode (e.g. `{ patient }`). */
  options?: Record<string, unknown>;
}

export interface ResetResult<Obs> {
  observation: Obs;
  info: Info;
}

export interface StepResult<Obs> {
  observation: Obs;
  reward: number;
  /** True end of the MDP: no bootstrap. */
  terminated: boolean;
  /** Cut-off outside the MDP (time limit): bootstrap from `observation`. */
  truncated: boolean;
  info: Info;
}

/** Registry entry of an env, as in Gymnasium's EnvSpec. */
export interface EnvSpec {
  /** `dosegym/Name-vN`. */
  id: string;
  /** Episode step limit applied by `make` through TimeLimit; undefined = none. */
  maxEpisodeSteps?: number;
  /** Return at which the task counts as solved. */
  rewardThreshold?: number;
  nondeterministic?: boolean;
  /** Constructor options the env was made with. */
  kwargs: Record<string, unknown>;
}

export interface EnvMetadata {
  renderModes: readonly string[];
  /**
   * True when episodes depend on the seed (random patient, noise, initial state): `checkEnv`
   * then also requires that different seeds give different episodes.
   */
  stochastic?: boolean;
  /** Anything else the env declares (units, observation layout, citations…). */
  [key: string]: unknown;
}

export interface Env<Obs = unknown, Act = unknown> {
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  readonly metadata: EnvMetadata;
  /** Set by `make`; undefined for an env constructed directly. */
  spec: EnvSpec | undefined;
  reset(options?: ResetOptions): ResetResult<Obs>;
  step(action: Act): StepResult<Obs>;
  /** Release resources. Further calls are an error. */
  close(): void;
}
