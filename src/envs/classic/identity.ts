/**
 * Identity envs: the smallest learning tests, after Stable-Baselines3's
 * `stable_baselines3/common/envs/identity_env.py` (`IdentityEnv`, `IdentityEnvBox`).
 *
 * The observation is a random element of the space; the agent is rewarded for echoing it
 * back as its action. After every step the next state is drawn independently, so an
 * optimal policy earns 1 per step and the return over an episode equals its length.
 *
 * - {@link IdentityDiscreteEnv} (`dosegym/IdentityDiscrete-v0`): Discrete(n = 4)
 *   observation and action; reward 1 when `action === state`, else 0.
 * - {@link IdentityBoxEnv} (`dosegym/IdentityBox-v0`): Box [−1, 1] of shape [1], float32;
 *   reward 1 when `state − eps ≤ action ≤ state + eps` with eps = 0.05, else 0 (SB3's
 *   `IdentityEnvBox._get_reward`).
 *
 * As in SB3 (gymnasium versions), the env itself ends each episode after `episodeLength`
 * (100) steps with `truncated = true, terminated = false`, so the maximum return is 100.
 * Reward uses the state shown *before* the action; the returned observation is the next
 * state.
 *
 * Out-of-space actions are an InputError (SB3 would just give reward 0).
 */
import { InputError, StateError } from '../../core/errors.js';
import { RandomStream } from '../../core/random.js';
import type { Env, EnvMetadata, EnvSpec, ResetOptions, ResetResult, StepResult } from '../core.js';
import { Box } from '../spaces/box.js';
import { Discrete } from '../spaces/discrete.js';

/** Name of the random stream that draws the states (forked from the seed's root). */
export const IDENTITY_STATE_STREAM = 'identity/state';

/** Episode length of SB3's identity envs. */
export const IDENTITY_EPISODE_LENGTH = 100;

/** SB3 `IdentityEnvBox`'s default tolerance. */
export const IDENTITY_BOX_EPS = 0.05;

function checkEpisodeLength(value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new InputError(`episodeLength must be a positive integer, got ${String(value)}`, 'episodeLength');
  }
  return value;
}

/**
 * Episode bookkeeping shared by the identity envs: seeding, step counting, order checks.
 * Subclasses draw states and compute rewards.
 */
abstract class IdentityEnvBase<Obs, Act> implements Env<Obs, Act> {
  abstract readonly observationSpace: Env<Obs, Act>['observationSpace'];
  abstract readonly actionSpace: Env<Obs, Act>['actionSpace'];
  abstract readonly metadata: EnvMetadata;
  spec: EnvSpec | undefined = undefined;
  readonly episodeLength: number;
  protected rng: RandomStream | undefined;
  private currentStep = 0;
  private phase: 'new' | 'running' | 'ended' | 'closed' = 'new';

  constructor(episodeLength: number) {
    this.episodeLength = checkEpisodeLength(episodeLength);
  }

  /** Draw the next state from `rng` and return it as the observation. */
  protected abstract nextState(rng: RandomStream): Obs;
  /** Reward of `action` in the current state (throws InputError for invalid actions). */
  protected abstract reward(action: Act): number;

  reset(options: ResetOptions = {}): ResetResult<Obs> {
    if (this.phase === 'closed') throw new StateError('identity env reset called after close()');
    if (options.seed !== undefined) this.rng = RandomStream.fromSeed(options.seed).fork(IDENTITY_STATE_STREAM);
    else if (this.rng === undefined) this.rng = RandomStream.fromSeed(0).fork(IDENTITY_STATE_STREAM);
    this.currentStep = 0;
    this.phase = 'running';
    return { observation: this.nextState(this.rng), info: {} };
  }

  step(action: Act): StepResult<Obs> {
    if (this.phase !== 'running') {
      const why = this.phase === 'new' ? 'before reset()' : this.phase === 'closed' ? 'after close()' : 'after the episode ended; call reset()';
      throw new StateError(`identity env step called ${why}`);
    }
    const reward = this.reward(action);
    const observation = this.nextState(this.rng!);
    this.currentStep++;
    const truncated = this.currentStep >= this.episodeLength;
    if (truncated) this.phase = 'ended';
    return { observation, reward, terminated: false, truncated, info: {} };
  }

  close(): void {
    this.phase = 'closed';
  }
}

export interface IdentityDiscreteOptions {
  /** Number of states/actions (default 4). */
  n?: number;
  /** Steps per episode (default 100). */
  episodeLength?: number;
}

/** Discrete identity: observe k ∈ {0, …, n−1}, reward 1 for action k. */
export class IdentityDiscreteEnv extends IdentityEnvBase<number, number> {
  readonly observationSpace: Discrete;
  readonly actionSpace: Discrete;
  readonly metadata: EnvMetadata = {
    renderModes: [],
    source: 'Stable-Baselines3 stable_baselines3/common/envs/identity_env.py (IdentityEnv)',
  };
  readonly n: number;
  private state = 0;

  constructor(options: IdentityDiscreteOptions = {}) {
    super(options.episodeLength ?? IDENTITY_EPISODE_LENGTH);
    const n = options.n ?? 4;
    if (!Number.isInteger(n) || n < 1) throw new InputError(`n must be a positive integer, got ${String(n)}`, 'n');
    this.n = n;
    this.observationSpace = new Discrete(n);
    this.actionSpace = new Discrete(n);
  }

  protected nextState(rng: RandomStream): number {
    this.state = rng.int(this.n);
    return this.state;
  }

  protected reward(action: number): number {
    if (!Number.isInteger(action) || action < 0 || action >= this.n) {
      throw new InputError(`action must be an integer in [0, ${this.n - 1}], got ${String(action)}`, 'action');
    }
    return action === this.state ? 1 : 0;
  }
}

export interface IdentityBoxOptions {
  /** Lower bound of the box (default −1). */
  low?: number;
  /** Upper bound of the box (default 1). */
  high?: number;
  /** Half-width of the rewarded band around the state (default 0.05). */
  eps?: number;
  /** Steps per episode (default 100). */
  episodeLength?: number;
}

/** Continuous identity: observe s ∈ [low, high], reward 1 when |a − s| ≤ eps. */
export class IdentityBoxEnv extends IdentityEnvBase<Float32Array, Float32Array | readonly number[]> {
  readonly observationSpace: Box;
  readonly actionSpace: Box;
  readonly metadata: EnvMetadata = {
    renderModes: [],
    source: 'Stable-Baselines3 stable_baselines3/common/envs/identity_env.py (IdentityEnvBox)',
  };
  readonly low: number;
  readonly high: number;
  readonly eps: number;
  private state = 0;

  constructor(options: IdentityBoxOptions = {}) {
    super(options.episodeLength ?? IDENTITY_EPISODE_LENGTH);
    const low = options.low ?? -1;
    const high = options.high ?? 1;
    const eps = options.eps ?? IDENTITY_BOX_EPS;
    if (!Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) {
      throw new InputError(`need finite low < high, got low=${String(low)}, high=${String(high)}`, 'low');
    }
    if (!Number.isFinite(eps) || eps < 0) throw new InputError(`eps must be a finite number ≥ 0, got ${String(eps)}`, 'eps');
    this.low = low;
    this.high = high;
    this.eps = eps;
    this.observationSpace = new Box([low], [high]);
    this.actionSpace = new Box([low], [high]);
  }

  /** The state as float32 (SB3 samples it from a float32 Box). */
  protected nextState(rng: RandomStream): Float32Array {
    this.state = Math.fround(rng.uniformRange(this.low, this.high));
    return Float32Array.of(this.state);
  }

  protected reward(action: Float32Array | readonly number[]): number {
    if (action === null || typeof action !== 'object' || action.length !== 1) {
      throw new InputError(`action must have shape [1], got ${String(action)}`, 'action');
    }
    const a = action[0]!;
    if (!(a >= this.low && a <= this.high)) {
      throw new InputError(`action[0] must be in [${this.low}, ${this.high}], got ${a}`, 'action[0]');
    }
    return this.state - this.eps <= a && a <= this.state + this.eps ? 1 : 0;
  }
}
