/**
 * runEpisodes: run a policy for a number of seeded episodes and report per-episode
 * return, length, end flags and safety cost.
 *
 * **Seeding rule.** Episode k (0-based) starts with `reset({ seed: seed + k })`, so episode
 * k is the same patient / initial state whatever the policy and however many episodes run
 * (common random numbers across policies). Stochastic policies draw from the stream the
 * caller gives them (the CLI uses `RandomStream.fromSeed(seed).fork('policy')`).
 *
 * **Batched policy.** The policy runs through the Policy contract with numEnvs 1: the env
 * is wrapped in a one-env SyncVectorEnv, so the policy sees the same observation row and
 * action layout as in vectorised training. `policy.reset()` is called at each episode start.
 *
 * **Summary.** `meanReturn` is the mean of the episode returns; `stdReturn` is their
 * *sample* standard deviation (divisor n − 1, the estimate of the population spread a
 * reader wants from a handful of episodes), and 0 for a single episode.
 */
import { InputError } from '../core/errors.js';
import type { Env } from '../envs/core.js';
import { makeVec, type MakeOptions } from '../envs/registry.js';
import { SyncVectorEnv } from '../envs/vector/sync-vector-env.js';
import type { VectorEnv } from '../envs/vector/vector-env.js';
import type { Policy, PolicyContext } from '../agents/policy.js';

export interface RolloutOptions {
  /** Number of episodes (≥ 1). */
  episodes: number;
  /** Episode k is reset with seed + k. */
  seed: number;
  /** make() options when the env is given by id (kwargs overrides, maxEpisodeSteps…). */
  envOptions?: MakeOptions;
  /** Ask stochastic policies for their mode (default false). */
  deterministic?: boolean;
  /**
   * Safety cap on steps per episode for envs without a time limit (default 100 000). An
   * episode cut by the cap is reported with `truncated: true`.
   */
  maxStepsPerEpisode?: number;
}

export interface EpisodeResult {
  /** Undiscounted sum of rewards. */
  return: number;
  /** Steps taken. */
  length: number;
  terminated: boolean;
  truncated: boolean;
  /** Sum of info.cost over the episode (0 when the env reports none). */
  cost: number;
  /** The reset seed of the episode (seed + k). */
  seed: number;
}

export interface RolloutResult {
  episodes: EpisodeResult[];
  meanReturn: number;
  /** Sample standard deviation of the returns (n − 1); 0 for one episode. */
  stdReturn: number;
}

/** A policy, or a function building one once the env's spaces are known. */
export type PolicyOrFactory = Policy | ((ctx: PolicyContext) => Policy | Promise<Policy>);

/**
 * Run `policy` on env `env` (an id for `make`, or a factory of Env) for `options.episodes`
 * seeded episodes.
 * @example await runEpisodes('dosegym/CartPole-v1', (ctx) => new ConstantPolicy(ctx, 1), { episodes: 3, seed: 0 })
 */
export async function runEpisodes(env: string | (() => Env), policy: PolicyOrFactory, options: RolloutOptions): Promise<RolloutResult> {
  const { episodes, seed } = options;
  if (!Number.isSafeInteger(episodes) || episodes < 1) throw new InputError(`episodes must be a positive integer, got ${String(episodes)}`, 'episodes');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InputError(`seed must be a non-negative integer, got ${String(seed)}`, 'seed');
  const cap = options.maxStepsPerEpisode ?? 100_000;
  if (!Number.isSafeInteger(cap) || cap < 1) throw new InputError(`maxStepsPerEpisode must be a positive integer, got ${String(cap)}`, 'maxStepsPerEpisode');

  const vec: VectorEnv =
    typeof env === 'string' ? makeVec(env, 1, { ...(options.envOptions ?? {}), vectorizationMode: 'sync' }) : new SyncVectorEnv([env]);
  try {
    const ctx: PolicyContext = {
      numEnvs: 1,
      observationSpace: vec.singleObservationSpace,
      actionSpace: vec.singleActionSpace,
      envMetadata: vec.metadata,
    };
    const pi = typeof policy === 'function' ? await policy(ctx) : policy;
    const actOptions = { deterministic: options.deterministic ?? false };
    const results: EpisodeResult[] = [];
    for (let k = 0; k < episodes; k++) {
      const episodeSeed = seed + k;
      let { observations, infos } = vec.reset({ seed: episodeSeed });
      pi.reset();
      const episode: EpisodeResult = { return: 0, length: 0, terminated: false, truncated: false, cost: 0, seed: episodeSeed };
      for (;;) {
        const step = vec.step(pi.act(observations, infos, actOptions));
        episode.return += step.rewards[0]!;
        episode.length += 1;
        episode.cost += step.infos.cost?.[0] ?? 0;
        if (step.terminations[0] || step.truncations[0]) {
          episode.terminated = step.terminations[0] === 1;
          episode.truncated = step.truncations[0] === 1;
          break;
        }
        if (episode.length >= cap) {
          episode.truncated = true;
          break;
        }
        observations = step.observations;
        infos = step.infos;
      }
      results.push(episode);
    }
    return { episodes: results, ...summarize(results.map((e) => e.return)) };
  } finally {
    vec.close();
  }
}

/** Mean and sample SD (n − 1; 0 when n = 1) of returns. */
export function summarize(returns: readonly number[]): { meanReturn: number; stdReturn: number } {
  const n = returns.length;
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { meanReturn: mean, stdReturn: 0 };
  const ss = returns.reduce((a, r) => a + (r - mean) * (r - mean), 0);
  return { meanReturn: mean, stdReturn: Math.sqrt(ss / (n - 1)) };
}
