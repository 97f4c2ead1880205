/**
 * Checkpoints of the agents an experiment trains, one directory per agent × seed under the
 * run's `checkpoints/`, written atomically: everything goes to a hidden temporary directory
 * that is renamed into place at the end, so a checkpoint directory exists only when it is
 * complete (the resume rule of the train stage).
 *
 * - PPO: agents/checkpoint.ts's format (`savePolicy`, loadable by `dosegym rollout
 *   --policy <dir>`), with the frozen observation-normalisation statistics written into
 *   its `normalization` slot; {@link loadTrainedAgent} rebuilds a
 *   NormalizedActorCriticPolicy from it.
 * - DQN: `dqn.json` (format `dosegym-dqn/1`): the Q-network weights (float32 values as JSON
 *   numbers, exact), the observation and action encodings and the normalisation statistics.
 *
 * Every checkpoint also holds `training.json`: algo, seed, timesteps, seconds and the
 * training log (timesteps, mean episode return) for the learning curves.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CHECKPOINT_FILE, loadPolicy, savePolicy, type CheckpointJSON } from '../../agents/checkpoint.js';
import type { MlpWeights } from '../../agents/nn/weights.js';
import type { Policy } from '../../agents/policy.js';
import type { ActorCriticPolicy } from '../../agents/rl/actor-critic-policy.js';
import type { ObservationSpec } from '../../agents/rl/action-space.js';
import { QPolicy } from '../../agents/rl/dqn.js';
import { NormalizedActorCriticPolicy } from '../../agents/rl/normalized-policy.js';
import { ParseError } from '../../core/errors.js';
import { RandomStream } from '../../core/random.js';
import { writeJsonAtomic } from '../../core/atomic-write.js';
import { NormalizedObservationPolicy, type ObservationStats } from './normalized-observation-policy.js';

export const DQN_FORMAT = 'dosegym-dqn/1';
export const TRAINING_FILE = 'training.json';

/** One row of the training log. */
export interface TrainingLogPoint {
  timesteps: number;
  meanEpisodeReturn: number;
}

/** training.json. */
export interface TrainingRecord {
  name: string;
  algo: 'ppo' | 'dqn';
  seed: number;
  envId: string;
  timesteps: number;
  episodes: number;
  seconds: number;
  /** Training patients' seed streams [first, end). */
  seedStreams: [number, number];
  log: TrainingLogPoint[];
}

/** What a finished training run hands to {@link saveTrainedAgent}. */
export type TrainedAgent =
  | { algo: 'ppo'; policy: ActorCriticPolicy; config: Record<string, unknown>; backend: string }
  | { algo: 'dqn'; policy: QPolicy; normalization: ObservationStats | null; config: Record<string, unknown>; backend: string };

interface DqnCheckpoint {
  format: typeof DQN_FORMAT;
  observation: ObservationSpec;
  action: { n: number; start: number };
  dueling: boolean;
  q: { activation: MlpWeights['activation']; layers: { inSize: number; outSize: number; w: number[]; b: number[] }[] };
  normalization: ObservationStats | null;
  config: Record<string, unknown>;
  backend: string;
}

function statsOf(policy: NormalizedActorCriticPolicy): ObservationStats {
  const n = policy.normalization;
  return { mean: Array.from(n.mean), var: Array.from(n.var), clip: n.clip, epsilon: n.epsilon };
}

/** Write `agent` and its training record to `dir` atomically (see the module doc). */
export async function saveTrainedAgent(dir: string, agent: TrainedAgent, record: TrainingRecord): Promise<void> {
  const tmp = join(dirname(dir), `.${basename(dir)}.${randomBytes(6).toString('hex')}.tmp`);
  await mkdir(tmp, { recursive: true });
  try {
    if (agent.algo === 'ppo') {
      await savePolicy(tmp, agent.policy, { algo: 'ppo', config: agent.config, seed: record.seed, backend: agent.backend, envId: record.envId, training: { timesteps: record.timesteps, episodes: record.episodes } });
      if (agent.policy instanceof NormalizedActorCriticPolicy) {
        const meta = JSON.parse(await readFile(join(tmp, CHECKPOINT_FILE), 'utf8')) as CheckpointJSON;
        if (meta.normalization === null) await writeJsonAtomic(join(tmp, CHECKPOINT_FILE), { ...meta, normalization: statsOf(agent.policy) });
      }
    } else {
      const w = agent.policy.getWeights();
      const checkpoint: DqnCheckpoint = {
        format: DQN_FORMAT,
        observation: agent.policy.observation,
        action: { n: agent.policy.nActions, start: agent.policy.actionStart },
        dueling: w.dueling,
        q: { activation: w.q.activation, layers: w.q.layers.map((l) => ({ inSize: l.inSize, outSize: l.outSize, w: Array.from(l.w), b: Array.from(l.b) })) },
        normalization: agent.normalization,
        config: agent.config,
        backend: agent.backend,
      };
      await writeJsonAtomic(join(tmp, 'dqn.json'), checkpoint);
    }
    await writeJsonAtomic(join(tmp, TRAINING_FILE), record);
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Whether `dir` holds a complete checkpoint (it exists only once complete). */
export function hasTrainedAgent(dir: string): boolean {
  return existsSync(join(dir, TRAINING_FILE));
}

/** Read training.json of a checkpoint. */
export async function readTrainingRecord(dir: string): Promise<TrainingRecord> {
  const path = join(dir, TRAINING_FILE);
  try {
    return JSON.parse(await readFile(path, 'utf8')) as TrainingRecord;
  } catch (e) {
    throw new ParseError(`${path}: cannot read the training record (${(e as Error).message})`);
  }
}

/**
 * The policy saved in `dir`, acting on raw env observations, named `name`.
 * @example const ppo = await loadTrainedAgent('runs/x/checkpoints/ppo', 'ppo')
 */
export async function loadTrainedAgent(dir: string, name: string): Promise<Policy> {
  if (existsSync(join(dir, 'dqn.json'))) {
    const c = JSON.parse(await readFile(join(dir, 'dqn.json'), 'utf8')) as DqnCheckpoint;
    if (c.format !== DQN_FORMAT) throw new ParseError(`${dir}/dqn.json: format '${String(c.format)}' is not '${DQN_FORMAT}'`);
    const q: MlpWeights = { activation: c.q.activation, layers: c.q.layers.map((l) => ({ inSize: l.inSize, outSize: l.outSize, w: Float32Array.from(l.w), b: Float32Array.from(l.b) })) };
    const policy = new QPolicy({ q, dueling: c.dueling }, c.observation, c.action, name);
    return c.normalization ? new NormalizedObservationPolicy(policy, c.normalization) : policy;
  }
  const meta = JSON.parse(await readFile(join(dir, CHECKPOINT_FILE), 'utf8')) as CheckpointJSON;
  const rng = RandomStream.fromSeed(meta.seed).fork('policy');
  const loaded = await loadPolicy(dir, { rng });
  if (loaded instanceof NormalizedActorCriticPolicy || meta.normalization === null) return loaded;
  const n = meta.normalization;
  const normalization = { mean: Float64Array.from(n.mean), var: Float64Array.from(n.var), count: 0, clip: n.clip, epsilon: n.epsilon };
  return new NormalizedActorCriticPolicy(loaded.getWeights(), loaded.observation, loaded.action, rng, normalization, name);
}
