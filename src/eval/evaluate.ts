/**
 * evaluatePolicies: every policy on the same virtual patients with the same random streams
 * (common random numbers, CRN), batched over a VectorEnv.
 *
 * **CRN.** Episode k (0-based) of every policy starts from a sub-env reset with seed
 * `seed + k`, the seeding rule of `runEpisodes`: the patient, the initial state and the
 * env's noise streams (measurement noise, adherence…) of episode k are then the same for
 * every policy and for any `numEnvs`. Differences between policies on episode k are due
 * to the policies alone, which is what paired comparisons (stats/paired.ts) need. (Noise
 * that depends on the actions, e.g. a measurement drawn only when a test is ordered, stays
 * in sync only as long as the policies take the same actions.)
 *
 * **Waves.** Episodes run in waves of `numEnvs`: wave w resets the vector env with seed
 * `seed + w·numEnvs`, so sub-env i runs episode `w·numEnvs + i` with seed `seed + k`.
 * Each sub-env's first episode is recorded; when it ends, same-step autoreset starts
 * another episode in that sub-env, which is stepped (the batch must be) but not
 * recorded. The wave ends when all its recorded episodes have ended. In the last wave,
 * sub-envs beyond `episodes` run unrecorded. So exactly `episodes` episodes are recorded,
 * and the batch size never changes (policies built for `numEnvs` keep working). For
 * episodes of equal length (a 90-day warfarin course) nothing is wasted.
 *
 * **Policies.** Each entry gives a Policy built for `numEnvs` sub-envs, or a factory
 * called with the context. `policy.reset()` is called at each wave start, and
 * `policy.reset(mask)` after steps that ended episodes. Actions are requested with
 * `deterministic` (default true: evaluation of stochastic policies uses their mode).
 *
 * **Recorded per episode:** return (undiscounted), length, terminated/truncated, the sum
 * of `info.cost`, the reset seed, selected keys of the reset info (`episodeInfoKeys`, e.g.
 * the patient) and optionally the full trajectory (trajectories.ts).
 */
import { InputError } from '../core/errors.js';
import type { Policy, PolicyContext } from '../agents/policy.js';
import { makeVec, type MakeVecOptions } from '../envs/registry.js';
import type { VectorEnv } from '../envs/vector/vector-env.js';
import { summarize, type EpisodeResult, type PolicyOrFactory } from './rollout.js';
import { infoAt, TrajectoryRecorder, type Trajectory, type TrajectoryOptions } from './trajectories.js';

/** A named policy to evaluate. */
export interface PolicyEntry {
  /** Name shown in tables and plots (unique). */
  name: string;
  policy: PolicyOrFactory;
}

export interface EvaluateOptions {
  envId: string;
  /** makeVec options (env kwargs, maxEpisodeSteps, vectorizationMode). */
  envOptions?: MakeVecOptions;
  policies: readonly PolicyEntry[];
  /** Episodes (patients) per policy. */
  episodes: number;
  /** Episode k is reset with seed + k. */
  seed: number;
  /** Sub-envs stepped together (default min(episodes, 16)). */
  numEnvs?: number;
  /** Ask stochastic policies for their mode (default true). */
  deterministic?: boolean;
  /** Record full trajectories: true, or what to record. Default false. */
  trajectories?: boolean | TrajectoryOptions;
  /** Reset-info keys kept per episode (e.g. `['patient']`), read from the episode's first row. */
  episodeInfoKeys?: readonly string[];
  /** Cap on steps per episode for envs without a time limit (default 100 000); capped episodes are truncated. */
  maxStepsPerEpisode?: number;
}

/** One evaluated episode. */
export interface EvaluatedEpisode extends EpisodeResult {
  /** Episode index k (0-based): the same patient for every policy. */
  index: number;
  /** The requested reset-info keys at the episode's start. */
  startInfo: Record<string, unknown>;
  trajectory?: Trajectory;
}

export interface PolicyEvaluation {
  name: string;
  episodes: EvaluatedEpisode[];
  meanReturn: number;
  /** Sample SD of returns (n − 1). */
  stdReturn: number;
}

export interface Evaluation {
  envId: string;
  seed: number;
  episodes: number;
  numEnvs: number;
  policies: PolicyEvaluation[];
}

function checkOptions(o: EvaluateOptions): { numEnvs: number; cap: number } {
  if (!Number.isSafeInteger(o.episodes) || o.episodes < 1) throw new InputError(`episodes must be a positive integer, got ${String(o.episodes)}`, 'episodes');
  if (!Number.isSafeInteger(o.seed) || o.seed < 0) throw new InputError(`seed must be a non-negative integer, got ${String(o.seed)}`, 'seed');
  const numEnvs = o.numEnvs ?? Math.min(o.episodes, 16);
  if (!Number.isSafeInteger(numEnvs) || numEnvs < 1) throw new InputError(`numEnvs must be a positive integer, got ${String(numEnvs)}`, 'numEnvs');
  const cap = o.maxStepsPerEpisode ?? 100_000;
  if (!Number.isSafeInteger(cap) || cap < 1) throw new InputError(`maxStepsPerEpisode must be a positive integer, got ${String(cap)}`, 'maxStepsPerEpisode');
  if (o.policies.length === 0) throw new InputError('policies must name at least one policy', 'policies');
  const names = new Set<string>();
  for (const [i, p] of o.policies.entries()) {
    if (typeof p.name !== 'string' || p.name === '') throw new InputError(`policies[${i}].name must be a non-empty string`, `policies[${i}].name`);
    if (names.has(p.name)) throw new InputError(`policies[${i}].name '${p.name}' is used twice; names must be unique`, `policies[${i}].name`);
    names.add(p.name);
  }
  return { numEnvs, cap };
}

/**
 * Evaluate every policy on the same `episodes` seeded episodes (see the module doc).
 * @example await evaluatePolicies({ envId: 'dosegym/CartPole-v1', policies: [{ name: 'left', policy: (ctx) => new ConstantPolicy(ctx, 0) }],
 *   episodes: 20, seed: 0, numEnvs: 8 })
 */
export async function evaluatePolicies(options: EvaluateOptions): Promise<Evaluation> {
  const { numEnvs, cap } = checkOptions(options);
  const vec = makeVec(options.envId, numEnvs, options.envOptions ?? {});
  try {
    const ctx: PolicyContext = {
      numEnvs,
      observationSpace: vec.singleObservationSpace,
      actionSpace: vec.singleActionSpace,
      envMetadata: vec.metadata,
    };
    const policies: PolicyEvaluation[] = [];
    for (const entry of options.policies) {
      const pi = typeof entry.policy === 'function' ? await entry.policy(ctx) : entry.policy;
      const episodes: EvaluatedEpisode[] = [];
      for (let start = 0; start < options.episodes; start += numEnvs) {
        episodes.push(...runWave(vec, pi, start, Math.min(numEnvs, options.episodes - start), cap, options));
      }
      policies.push({ name: entry.name, episodes, ...summarize(episodes.map((e) => e.return)) });
    }
    return { envId: options.envId, seed: options.seed, episodes: options.episodes, numEnvs, policies };
  } finally {
    vec.close();
  }
}

/** Run one wave: sub-envs 0..count-1 play episodes start..start+count-1 (see the module doc). */
function runWave(vec: VectorEnv, pi: Policy, start: number, count: number, cap: number, options: EvaluateOptions): EvaluatedEpisode[] {
  const n = vec.numEnvs;
  const size = vec.observationSize;
  const trajectoryOptions = options.trajectories === true ? {} : options.trajectories || null;
  const actOptions = { deterministic: options.deterministic ?? true };
  let { observations, infos } = vec.reset({ seed: options.seed + start });
  pi.reset();
  const results: EvaluatedEpisode[] = [];
  const recorders: (TrajectoryRecorder | null)[] = [];
  for (let i = 0; i < count; i++) {
    const startInfo: Record<string, unknown> = {};
    for (const key of options.episodeInfoKeys ?? []) startInfo[key] = infoAt(infos, key, i);
    results.push({ index: start + i, seed: options.seed + start + i, return: 0, length: 0, terminated: false, truncated: false, cost: 0, startInfo });
    recorders.push(null);
  }
  const active = new Uint8Array(count).fill(1);
  let remaining = count;
  let actionSize = 0;
  const ended = new Uint8Array(n);
  while (remaining > 0) {
    const actions = pi.act(observations, infos, actOptions);
    if (actionSize === 0) {
      actionSize = actions.length / n;
      if (trajectoryOptions) for (let i = 0; i < count; i++) recorders[i] = new TrajectoryRecorder(size, actionSize, observations.subarray(i * size, (i + 1) * size), trajectoryOptions);
    }
    const actionsCopy = trajectoryOptions ? Float64Array.from(actions) : actions;
    const step = vec.step(actions);
    for (let i = 0; i < n; i++) ended[i] = step.terminations[i]! | step.truncations[i]!;
    for (let i = 0; i < count; i++) {
      if (!active[i]) continue;
      const ep = results[i]!;
      const cost = step.infos.cost?.[i] ?? 0;
      ep.return += step.rewards[i]!;
      ep.length += 1;
      ep.cost += cost;
      const final = ended[i] === 1;
      const obs = final ? step.infos.finalObservation?.[i] ?? step.observations.subarray(i * size, (i + 1) * size) : step.observations.subarray(i * size, (i + 1) * size);
      recorders[i]?.record(i, actionsCopy, step.rewards[i]!, cost, obs, step.infos, final ? step.infos.finalInfo?.[i] ?? {} : null);
      if (final || ep.length >= cap) {
        ep.terminated = step.terminations[i] === 1;
        ep.truncated = step.truncations[i] === 1 || !final;
        const trajectory = recorders[i]?.finish();
        if (trajectory) ep.trajectory = trajectory;
        active[i] = 0;
        remaining--;
      }
    }
    if (ended.some((e) => e === 1)) pi.reset(ended);
    observations = step.observations;
    infos = step.infos;
  }
  return results;
}

/**
 * One value per episode for each policy, aligned by episode index (for paired statistics).
 * @example episodeValues(evaluation, (ep) => ep.return) // { fixed: [...], ppo: [...] }
 */
export function episodeValues<T>(evaluation: Evaluation, value: (episode: EvaluatedEpisode, policy: string) => T): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const p of evaluation.policies) out[p.name] = p.episodes.map((ep) => value(ep, p.name));
  return out;
}
