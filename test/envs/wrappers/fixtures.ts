/**
 * Tiny deterministic envs for wrapper, registry, checkEnv and rollout tests.
 */
import { RandomStream } from '../../../src/core/random.js';
import type { Env, EnvMetadata, EnvSpec, Info, ResetOptions, ResetResult, StepResult } from '../../../src/envs/core.js';
import { Box } from '../../../src/envs/spaces/box.js';
import { Discrete } from '../../../src/envs/spaces/discrete.js';

/**
 * CounterEnv: observation [t, start] (float32), where `start` is uniform in [0, 10)
 * drawn from the seed; reward = rewards[t] (cycled), cost = 1 on odd steps; terminates
 * after `length` steps. Action: Discrete(2) (ignored) or, with `boxAction`, Box(-2, 2, [2])
 * recorded in `lastAction`.
 */
export class CounterEnv implements Env<Float32Array, unknown> {
  readonly observationSpace = new Box([0, 0], [1000, 10]);
  readonly actionSpace: Box | Discrete;
  readonly metadata: EnvMetadata = { renderModes: [], stochastic: true };
  spec: EnvSpec | undefined = undefined;
  lastAction: unknown;
  private t = 0;
  private start = 0;
  private rng = RandomStream.fromSeed(0);

  constructor(
    readonly length = 5,
    readonly rewards: readonly number[] = [1, 2, 3, 4, 5],
    boxAction = false,
  ) {
    this.actionSpace = boxAction ? new Box(-2, 2, [2]) : new Discrete(2);
  }

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    if (options?.seed !== undefined) this.rng = RandomStream.fromSeed(options.seed);
    this.t = 0;
    this.start = this.rng.uniform() * 10;
    return { observation: this.obs(), info: {} };
  }

  step(action: unknown): StepResult<Float32Array> {
    this.lastAction = action;
    const reward = this.rewards[this.t % this.rewards.length]!;
    const info: Info = { cost: this.t % 2 === 1 ? 1 : 0 };
    this.t += 1;
    return { observation: this.obs(), reward, terminated: this.t >= this.length, truncated: false, info };
  }

  close(): void {}

  private obs(): Float32Array {
    return Float32Array.of(this.t, this.start);
  }
}
