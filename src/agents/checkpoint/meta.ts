/**
 * `checkpoint.json`: the provenance and everything but the network weights of a saved
 * policy, one format string per algorithm family (see ../checkpoint.ts for the layout),
 * and its JSON conversions (Box bounds: infinite as null; normalisation statistics as
 * numbers, which round-trip float64 exactly).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { InputError, ParseError } from '../../core/errors.js';
import type { ActionSpec, ObservationSpec } from '../rl/action-space.js';
import type { ObservationNormalization } from '../rl/normalized-policy.js';

export const CHECKPOINT_FILE = 'checkpoint.json';

/** The `format` of each algorithm's checkpoint.json. */
export const CHECKPOINT_FORMATS = {
  /** PPO (actor, critic, Box log-std). */
  actorCritic: 'dosegym-actor-critic/1',
  /** DQN (Q-network, plain or dueling head). `dosegym-dqn/1` was the experiment runner's retired dqn.json. */
  dqn: 'dosegym-dqn/2',
  /** SAC (tanh-squashed Gaussian actor). */
  sac: 'dosegym-sac/1',
} as const;

export type CheckpointFormat = (typeof CHECKPOINT_FORMATS)[keyof typeof CHECKPOINT_FORMATS];

/** JSON form of an ActionSpec (infinite Box bounds as null). */
export type ActionSpecJSON = { kind: 'discrete'; n: number; start: number } | { kind: 'box'; dim: number; low: (number | null)[]; high: (number | null)[] };

/** JSON form of frozen observation-normalisation statistics (count kept for resuming). */
export interface NormalizationJSON {
  mean: number[];
  var: number[];
  count?: number;
  clip: number;
  epsilon: number;
}

/** What every checkpoint.json holds. */
interface CheckpointBase {
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
  /** Frozen observation-normalisation statistics, z = clip((x − mean)/√(var + epsilon), ±clip); null = none. */
  normalization: NormalizationJSON | null;
  /** Env steps trained, final mean return… */
  training?: Record<string, number>;
}

export type CheckpointJSON =
  | (CheckpointBase & { format: typeof CHECKPOINT_FORMATS.actorCritic; logStd: number[] | null })
  | (CheckpointBase & { format: typeof CHECKPOINT_FORMATS.dqn; dueling: boolean })
  | (CheckpointBase & { format: typeof CHECKPOINT_FORMATS.sac });

/** Provenance of a save call. */
export interface SaveCheckpointOptions {
  /** Algorithm name recorded (default: the policy's name). */
  algo?: string;
  config: Record<string, unknown>;
  seed: number;
  /** Default: the current tfjs backend. */
  backend?: string;
  envId?: string;
  training?: Record<string, number>;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The fields every format shares. */
export function baseMeta(options: SaveCheckpointOptions, algo: string, observation: ObservationSpec, action: ActionSpec, normalization: ObservationNormalization | null): CheckpointBase {
  return {
    algo: options.algo ?? algo,
    createdAt: new Date().toISOString(),
    versions: { dosegym: packageVersion(), tfjs: tf.version.tfjs, node: process.versions.node },
    seed: options.seed,
    backend: options.backend ?? tf.getBackend(),
    ...(options.envId ? { envId: options.envId } : {}),
    config: options.config,
    observation,
    action: actionToJSON(action),
    normalization: normalization ? { mean: Array.from(normalization.mean), var: Array.from(normalization.var), count: normalization.count, clip: normalization.clip, epsilon: normalization.epsilon } : null,
    ...(options.training ? { training: options.training } : {}),
  };
}

export function actionToJSON(a: ActionSpec): ActionSpecJSON {
  const bounds = (x: Float32Array): (number | null)[] => Array.from(x, (v) => (Number.isFinite(v) ? v : null));
  return a.kind === 'discrete' ? { kind: 'discrete', n: a.n, start: a.start } : { kind: 'box', dim: a.dim, low: bounds(a.low), high: bounds(a.high) };
}

export function actionFromJSON(a: ActionSpecJSON): ActionSpec {
  const bounds = (x: (number | null)[], fallback: number): Float32Array => Float32Array.from(x, (v) => (v === null ? fallback : v));
  return a.kind === 'discrete' ? { kind: 'discrete', n: a.n, start: a.start } : { kind: 'box', dim: a.dim, low: bounds(a.low, -Infinity), high: bounds(a.high, Infinity) };
}

export function normalizationFromJSON(n: NormalizationJSON | null): ObservationNormalization | null {
  return n ? { mean: Float64Array.from(n.mean), var: Float64Array.from(n.var), count: n.count ?? 0, clip: n.clip, epsilon: n.epsilon } : null;
}

export function writeCheckpointMeta(dir: string, meta: CheckpointJSON): void {
  writeFileSync(join(dir, CHECKPOINT_FILE), JSON.stringify(meta, null, 2));
}

/** Read and check `dir/checkpoint.json`. */
export function readCheckpointMeta(dir: string): CheckpointJSON {
  const path = join(dir, CHECKPOINT_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (existsSync(join(dir, 'dqn.json'))) {
      throw new InputError(`'${dir}' holds a retired dosegym-dqn/1 checkpoint (dqn.json): retrain it (remove the directory and resume the run)`, 'policy');
    }
    throw new InputError(`no policy checkpoint at '${dir}' (cannot read ${CHECKPOINT_FILE}: ${(e as NodeJS.ErrnoException).code ?? String(e)})`, 'policy');
  }
  let meta: CheckpointJSON;
  try {
    meta = JSON.parse(text) as CheckpointJSON;
  } catch (e) {
    throw new ParseError(`${path}: malformed JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const known: readonly string[] = Object.values(CHECKPOINT_FORMATS);
  if (!known.includes(meta.format)) {
    throw new InputError(`${path}: format '${String(meta.format)}' is not supported (expected one of ${known.join(', ')})`, 'format');
  }
  return meta;
}
