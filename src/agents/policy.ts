/**
 * The Policy contract: everything that chooses actions (RL agents, bandits, PID/MPC/
 * Bayesian controllers, clinical protocols, exported rules) implements it, so evaluation
 * and export treat them alike.
 *
 * Policies are batched: `act` receives the observations of N sub-envs laid out as a
 * VectorEnv returns them (row-major `Float32Array`, `numEnvs × observationSize`) and the
 * batched infos, and returns N actions in the VectorEnv's batched action layout
 * (`Int32Array` for Discrete / MultiDiscrete, `Float32Array` for Box).
 *
 * Stateful policies (a nomogram remembering the last dose, a Bayesian controller holding
 * a posterior) keep one state per sub-env. `reset(mask)` clears the state of the sub-envs
 * whose mask entry is 1 (all when no mask): call it after a vector reset, and with the
 * step's `terminations | truncations` after each step that ended episodes (same-step
 * autoreset means the next `act` already sees the new episode).
 */
import type { VectorInfo, BatchedActions } from '../envs/vector/vector-env.js';
import type { Space } from '../envs/spaces/space.js';

export interface PolicyContext {
  /** Number of sub-envs the policy will be called with. */
  numEnvs: number;
  observationSpace: Space;
  actionSpace: Space;
  /** Env metadata (observation layout, units…), for policies that read named features. */
  envMetadata?: Record<string, unknown>;
}

export interface Policy {
  /** Human-readable name used in reports, e.g. 'iwpc-pg+nomogram' or 'ppo'. */
  readonly name: string;
  /** Clear per-env state for sub-envs with mask[i] = 1 (all when omitted). */
  reset(mask?: Uint8Array): void;
  /**
   * Choose actions for a batch. `deterministic` asks stochastic policies for their mode
   * (evaluation); it is ignored by deterministic policies.
   */
  act(observations: Float32Array, infos: VectorInfo, options?: { deterministic?: boolean }): BatchedActions;
  /** Optional: action probabilities (numEnvs × nActions) for discrete stochastic policies. */
  actionProbabilities?(observations: Float32Array, infos: VectorInfo): Float32Array;
}
