/**
 * Checkpoints of the agents an experiment trains, one directory per agent × seed under the
 * run's `checkpoints/`, written atomically: everything goes to a hidden temporary directory
 * that is renamed into place at the end, so a checkpoint directory exists only when it is
 * complete (the resume rule of the train stage).
 *
 * The policy is saved in agents/checkpoint.ts's format (`savePolicy`, one format per
 * algorithm, loadable by `dosegym rollout --policy <dir>` and exportable), with its frozen
 * observation-normalisation statistics; {@link loadTrainedAgent} loads it back acting on
 * raw observations. Every checkpoint also holds `training.json`: algo, seed, timesteps,
 * seconds and the training log (timesteps, mean episode return) for the learning curves.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { loadPolicy, savePolicy, type CheckpointPolicy } from '../../agents/checkpoint.js';
import type { Policy } from '../../agents/policy.js';
import { ParseError } from '../../core/errors.js';
import { writeJsonAtomic } from '../../core/atomic-write.js';

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

/** What a finished training run hands to {@link saveTrainedAgent} (normalisation, if any, inside the policy). */
export interface TrainedAgent {
  algo: TrainingRecord['algo'];
  policy: CheckpointPolicy;
  config: Record<string, unknown>;
  backend: string;
}

/** Write `agent` and its training record to `dir` atomically (see the module doc). */
export async function saveTrainedAgent(dir: string, agent: TrainedAgent, record: TrainingRecord): Promise<void> {
  const tmp = join(dirname(dir), `.${basename(dir)}.${randomBytes(6).toString('hex')}.tmp`);
  await mkdir(tmp, { recursive: true });
  try {
    await savePolicy(tmp, agent.policy, { algo: agent.algo, config: agent.config, seed: record.seed, backend: agent.backend, envId: record.envId, training: { timesteps: record.timesteps, episodes: record.episodes } });
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
export function loadTrainedAgent(dir: string, name: string): Promise<Policy> {
  return loadPolicy(dir, { name });
}
