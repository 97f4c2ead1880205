/**
 * Save and load a trained policy (PPO, DQN or SAC) as a directory:
 *
 * ```
 * <dir>/model.json, weights.bin    the acting network as a tfjs LayersModel (dense stack,
 *                                  tfjs-node's file layout; loadable by tf.loadLayersModel):
 *                                  PPO's actor, DQN's Q-network, SAC's actor
 * <dir>/critic.json, critic.bin    PPO only: the critic, same format (evaluation/resuming)
 * <dir>/checkpoint.json            format (one per algorithm, CHECKPOINT_FORMATS), algo,
 *                                  config, seed, backend, versions, env id, the observation
 *                                  and action encodings, the frozen observation-
 *                                  normalisation statistics (null without), and per format:
 *                                  PPO's Box log-std, DQN's dueling flag
 * ```
 * (checkpoint/meta.ts, checkpoint/networks.ts.) `loadPolicy` rebuilds the policy on the
 * pure-TS runtime, so it acts exactly as the saved one: with normalisation statistics it is
 * a NormalizedActorCriticPolicy (PPO) or a NormalizedObservationPolicy around the QPolicy /
 * SquashedGaussianPolicy (rl/normalized-policy.ts), acting on raw observations.
 *
 * Importing this module registers a policy loader: `dosegym rollout --policy <dir>` works
 * for any directory holding a `checkpoint.json` (the action space must match the env's).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { RandomStream } from '../core/random.js';
import { registerPolicyLoader } from './policy-registry.js';
import { actionSpecOf, type ActionSpec } from './rl/action-space.js';
import { ActorCriticPolicy } from './rl/actor-critic-policy.js';
import { QPolicy } from './rl/dqn.js';
import { NormalizedActorCriticPolicy, NormalizedObservationPolicy, type ObservationNormalization } from './rl/normalized-policy.js';
import { SquashedGaussianPolicy } from './rl/sac.js';
import { actionFromJSON, baseMeta, CHECKPOINT_FILE, CHECKPOINT_FORMATS, normalizationFromJSON, readCheckpointMeta, writeCheckpointMeta, type CheckpointJSON, type SaveCheckpointOptions } from './checkpoint/meta.js';
import { CRITIC_FILES, loadMlp, saveMlp } from './checkpoint/networks.js';

export { CHECKPOINT_FILE, CHECKPOINT_FORMATS, readCheckpointMeta, type CheckpointFormat, type CheckpointJSON, type NormalizationJSON, type SaveCheckpointOptions } from './checkpoint/meta.js';

/** The off-policy policies a checkpoint holds, bare. */
export type OffPolicyPolicy = QPolicy | SquashedGaussianPolicy;

/** What {@link savePolicy} writes and {@link loadPolicy} returns. */
export type CheckpointPolicy = ActorCriticPolicy | OffPolicyPolicy | NormalizedObservationPolicy<OffPolicyPolicy>;

/** Write `policy` and its provenance to `dir` (created if missing). */
export async function savePolicy(dir: string, policy: CheckpointPolicy, options: SaveCheckpointOptions): Promise<void> {
  mkdirSync(dir, { recursive: true });
  let meta: CheckpointJSON;
  if (policy instanceof ActorCriticPolicy) {
    const w = policy.getWeights();
    await saveMlp(w.actor, dir);
    await saveMlp(w.critic, dir, CRITIC_FILES);
    const normalization = policy instanceof NormalizedActorCriticPolicy ? policy.normalization : null;
    meta = { format: CHECKPOINT_FORMATS.actorCritic, ...baseMeta(options, policy.name, policy.observation, policy.action, normalization), logStd: w.logStd ? Array.from(w.logStd) : null };
  } else {
    const inner = policy instanceof NormalizedObservationPolicy ? policy.inner : policy;
    const normalization = policy instanceof NormalizedObservationPolicy ? policy.normalization : null;
    if (inner instanceof QPolicy) {
      const w = inner.getWeights();
      await saveMlp(w.q, dir);
      const action: ActionSpec = { kind: 'discrete', n: inner.nActions, start: inner.actionStart };
      meta = { format: CHECKPOINT_FORMATS.dqn, ...baseMeta(options, inner.name, inner.observation, action, normalization), dueling: w.dueling };
    } else {
      await saveMlp(inner.getWeights(), dir);
      meta = { format: CHECKPOINT_FORMATS.sac, ...baseMeta(options, inner.name, inner.observation, inner.action, normalization) };
    }
  }
  writeCheckpointMeta(dir, meta);
}

export interface LoadPolicyOptions {
  /** Stream of stochastic `act` calls (default: the checkpoint seed's 'policy' stream, as during training). */
  rng?: RandomStream;
  /** Policy name in reports (default: the checkpoint's algo). */
  name?: string;
}

/** Wrap an off-policy policy in its normalisation, when it has one. */
function withNormalization(policy: OffPolicyPolicy, normalization: ObservationNormalization | null): CheckpointPolicy {
  return normalization ? new NormalizedObservationPolicy<OffPolicyPolicy>(policy, normalization) : policy;
}

/**
 * Load a policy saved by {@link savePolicy}.
 * @example const policy = await loadPolicy('runs/pendulum-sac') // acts on raw observations
 */
export async function loadPolicy(dir: string, options: LoadPolicyOptions = {}): Promise<CheckpointPolicy> {
  const meta = readCheckpointMeta(dir);
  const rng = options.rng ?? RandomStream.fromSeed(meta.seed).fork('policy');
  const name = options.name ?? meta.algo;
  const action = actionFromJSON(meta.action);
  const normalization = normalizationFromJSON(meta.normalization);
  const network = await loadMlp(dir);
  switch (meta.format) {
    case CHECKPOINT_FORMATS.actorCritic: {
      const weights = { actor: network, critic: await loadMlp(dir, CRITIC_FILES), logStd: meta.logStd ? Float32Array.from(meta.logStd) : null };
      return normalization
        ? new NormalizedActorCriticPolicy(weights, meta.observation, action, rng, normalization, name)
        : new ActorCriticPolicy(weights, meta.observation, action, rng, name);
    }
    case CHECKPOINT_FORMATS.dqn:
      if (action.kind !== 'discrete') throw new InputError(`${join(dir, CHECKPOINT_FILE)}: a DQN checkpoint needs a discrete action`, 'action');
      return withNormalization(new QPolicy({ q: network, dueling: meta.dueling }, meta.observation, action, name), normalization);
    case CHECKPOINT_FORMATS.sac:
      if (action.kind !== 'box') throw new InputError(`${join(dir, CHECKPOINT_FILE)}: a SAC checkpoint needs a Box action`, 'action');
      return withNormalization(new SquashedGaussianPolicy(network, meta.observation, action, rng, name), normalization);
  }
}

/** Whether a saved action encoding matches an env's action encoding. */
function sameActionSpec(a: ActionSpec, b: ActionSpec): boolean {
  if (a.kind === 'discrete') return b.kind === 'discrete' && a.n === b.n && a.start === b.start;
  return b.kind === 'box' && a.dim === b.dim;
}

registerPolicyLoader((path, ctx) => {
  if (!existsSync(join(path, CHECKPOINT_FILE))) return undefined;
  const meta = readCheckpointMeta(path);
  const saved = actionFromJSON(meta.action);
  if (!sameActionSpec(saved, actionSpecOf(ctx.actionSpace))) {
    const shown = saved.kind === 'discrete' ? saved : { kind: 'box', dim: saved.dim };
    return Promise.reject(new InputError(`policy '${path}' was trained for action space ${JSON.stringify(shown)}, which does not match the env's ${ctx.actionSpace.type}`, 'policy'));
  }
  return loadPolicy(path);
});
