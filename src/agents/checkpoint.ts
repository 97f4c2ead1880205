/**
 * Save and load a trained actor-critic (PPO) policy as a directory:
 *
 * ```
 * <dir>/model.json, weights.bin    the actor as a tfjs LayersModel (dense stack, tfjs-node's
 *                                  file layout): loadable by tf.loadLayersModel anywhere
 * <dir>/critic.json, critic.bin    the critic, same format (for evaluation/resuming)
 * <dir>/checkpoint.json            format, algo, config, seed, backend, versions, the
 *                                  observation/action encodings, the Box log-std and the
 *                                  frozen observation-normalisation statistics (null when
 *                                  the policy was trained without normalizeObservation)
 * ```
 *
 * Files are written through {@link fileIOHandler} (no tfjs-node). `loadPolicy` rebuilds
 * the policy on the pure-TS runtime, so it acts exactly as the saved one: with a
 * `normalization` slot it is a {@link NormalizedActorCriticPolicy} that normalises raw
 * observations with the saved statistics (JSON numbers round-trip float64 exactly).
 *
 * Importing this module registers a policy loader: `dosegym rollout --policy <dir>` works
 * for any directory holding a `checkpoint.json` (the action space must match the env's).
 */
import { existsSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { InputError, ParseError } from '../core/errors.js';
import { RandomStream } from '../core/random.js';
import { layersModelToMlpWeights, mlpToLayersModel } from './nn/mlp.js';
import type { MlpWeights } from './nn/weights.js';
import { registerPolicyLoader } from './policy-registry.js';
import { actionSpecOf, type ActionSpec, type ObservationSpec } from './rl/action-space.js';
import { ActorCriticPolicy } from './rl/actor-critic-policy.js';
import { NormalizedActorCriticPolicy } from './rl/normalized-policy.js';
import { fileIOHandler } from './tfjs-file-io.js';

export const CHECKPOINT_FORMAT = 'dosegym-actor-critic/1';
export const CHECKPOINT_FILE = 'checkpoint.json';
const CRITIC_FILES = { modelFile: 'critic.json', weightsFile: 'critic.bin' };

/** JSON form of an ActionSpec (infinite Box bounds as null). */
type ActionSpecJSON = { kind: 'discrete'; n: number; start: number } | { kind: 'box'; dim: number; low: (number | null)[]; high: (number | null)[] };

export interface CheckpointJSON {
  format: typeof CHECKPOINT_FORMAT;
  algo: string;
  createdAt: string;
  versions: { dosegym: string; tfjs: string; node: string };
  seed: number;
  /** tfjs backend the policy was trained on. */
  backend: string;
  /** Env id trained on, when known. */
  envId?: string;
  /** The validated algorithm config. */
  config: Record<string, unknown>;
  observation: ObservationSpec;
  action: ActionSpecJSON;
  logStd: number[] | null;
  /**
   * Frozen observation-normalisation statistics, z = clip((x − mean)/√(var + epsilon), ±clip)
   * (count kept for resuming); null = none.
   */
  normalization: null | { mean: number[]; var: number[]; count?: number; clip: number; epsilon: number };
  /** Env steps trained, final mean return… */
  training?: Record<string, number>;
}

export interface SaveCheckpointOptions {
  algo?: string;
  config: Record<string, unknown>;
  seed: number;
  backend?: string;
  envId?: string;
  training?: Record<string, number>;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function toJsonBounds(a: Float32Array): (number | null)[] {
  return Array.from(a, (x) => (Number.isFinite(x) ? x : null));
}

function fromJsonBounds(a: (number | null)[], fallback: number): Float32Array {
  return Float32Array.from(a, (x) => (x === null ? fallback : x));
}

async function saveMlp(weights: MlpWeights, dir: string, files?: { modelFile: string; weightsFile: string }): Promise<void> {
  const model = mlpToLayersModel(weights);
  try {
    await model.save(fileIOHandler(dir, files));
  } finally {
    model.dispose();
  }
}

async function loadMlp(dir: string, files?: { modelFile: string; weightsFile: string }): Promise<MlpWeights> {
  const model = await tf.loadLayersModel(fileIOHandler(dir, files));
  try {
    return layersModelToMlpWeights(model);
  } finally {
    model.dispose();
  }
}

function normalizationJSON(policy: ActorCriticPolicy): CheckpointJSON['normalization'] {
  if (!(policy instanceof NormalizedActorCriticPolicy)) return null;
  const n = policy.normalization;
  return { mean: Array.from(n.mean), var: Array.from(n.var), count: n.count, clip: n.clip, epsilon: n.epsilon };
}

/** Write `policy` and its provenance to `dir` (created if missing). */
export async function savePolicy(dir: string, policy: ActorCriticPolicy, options: SaveCheckpointOptions): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const w = policy.getWeights();
  await saveMlp(w.actor, dir);
  await saveMlp(w.critic, dir, CRITIC_FILES);
  const a = policy.action;
  const meta: CheckpointJSON = {
    format: CHECKPOINT_FORMAT,
    algo: options.algo ?? policy.name,
    createdAt: new Date().toISOString(),
    versions: { dosegym: packageVersion(), tfjs: tf.version.tfjs, node: process.versions.node },
    seed: options.seed,
    backend: options.backend ?? tf.getBackend(),
    ...(options.envId ? { envId: options.envId } : {}),
    config: options.config,
    observation: policy.observation,
    action: a.kind === 'discrete' ? { ...a } : { kind: 'box', dim: a.dim, low: toJsonBounds(a.low), high: toJsonBounds(a.high) },
    logStd: w.logStd ? Array.from(w.logStd) : null,
    normalization: normalizationJSON(policy),
    ...(options.training ? { training: options.training } : {}),
  };
  writeFileSync(join(dir, CHECKPOINT_FILE), JSON.stringify(meta, null, 2));
}

/** Read and check `dir/checkpoint.json`. */
export function readCheckpointMeta(dir: string): CheckpointJSON {
  const path = join(dir, CHECKPOINT_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`no policy checkpoint at '${dir}' (cannot read ${CHECKPOINT_FILE}: ${(e as NodeJS.ErrnoException).code ?? String(e)})`, 'policy');
  }
  let meta: CheckpointJSON;
  try {
    meta = JSON.parse(text) as CheckpointJSON;
  } catch (e) {
    throw new ParseError(`${path}: malformed JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (meta.format !== CHECKPOINT_FORMAT) {
    throw new InputError(`${path}: format '${String(meta.format)}' is not supported (expected '${CHECKPOINT_FORMAT}')`, 'format');
  }
  return meta;
}

/**
 * Load a policy saved by {@link savePolicy}. Stochastic `act` calls draw from `rng`
 * (default: the checkpoint seed's 'policy' stream, as during training).
 */
export async function loadPolicy(dir: string, options: { rng?: RandomStream } = {}): Promise<ActorCriticPolicy> {
  const meta = readCheckpointMeta(dir);
  const actor = await loadMlp(dir);
  const critic = await loadMlp(dir, CRITIC_FILES);
  const action: ActionSpec =
    meta.action.kind === 'discrete'
      ? { kind: 'discrete', n: meta.action.n, start: meta.action.start }
      : { kind: 'box', dim: meta.action.dim, low: fromJsonBounds(meta.action.low, -Infinity), high: fromJsonBounds(meta.action.high, Infinity) };
  const rng = options.rng ?? RandomStream.fromSeed(meta.seed).fork('policy');
  const weights = { actor, critic, logStd: meta.logStd ? Float32Array.from(meta.logStd) : null };
  const n = meta.normalization;
  if (n) {
    const normalization = { mean: Float64Array.from(n.mean), var: Float64Array.from(n.var), count: n.count ?? 0, clip: n.clip, epsilon: n.epsilon };
    return new NormalizedActorCriticPolicy(weights, meta.observation, action, rng, normalization, meta.algo);
  }
  return new ActorCriticPolicy(weights, meta.observation, action, rng, meta.algo);
}

/** Whether a saved action encoding matches an env's action encoding. */
function sameActionSpec(a: ActionSpec, b: ActionSpec): boolean {
  if (a.kind === 'discrete') return b.kind === 'discrete' && a.n === b.n && a.start === b.start;
  return b.kind === 'box' && a.dim === b.dim;
}

registerPolicyLoader((path, ctx) => {
  if (!existsSync(join(path, CHECKPOINT_FILE))) return undefined;
  return loadPolicy(path).then((policy) => {
    const want = actionSpecOf(ctx.actionSpace);
    if (!sameActionSpec(policy.action, want)) {
      throw new InputError(`policy '${path}' was trained for action space ${JSON.stringify(policy.action.kind === 'discrete' ? policy.action : { kind: 'box', dim: policy.action.dim })}, which does not match the env's ${ctx.actionSpace.type}`, 'policy');
    }
    return policy;
  });
});
