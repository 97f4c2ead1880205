/**
 * The train stage: one training run per agent × seed, each saved as a checkpoint directory
 * `checkpoints/<run name>/` (agent-checkpoint.ts).
 *
 * **Resume rule.** A run whose checkpoint exists is skipped (each finished run is also
 * recorded in progress.json as `train/<run name>`). A run killed mid-training has
 * no checkpoint (it is written atomically at the end) and is restarted *from scratch*:
 * the trainers are deterministic given their seed (pure-TS PPO engine; DQN on the same
 * tfjs backend), so the restarted run ends with the same weights an uninterrupted run
 * would have, and the experiment with the same metrics. (Mid-run checkpoints would need
 * the optimiser state and every random stream's position saved, for runs of minutes.)
 *
 * **Patients.** Seed s trains on sub-envs reset with `train.seed + s·numEnvs`, i.e. the
 * seed streams config.ts documents, held out from the test cohort.
 */
import { join } from 'node:path';
import type { TrainingCallback, UpdateLog } from '../../agents/rl/callbacks.js';
import { trainDqn } from '../../agents/rl/dqn.js';
import { NormalizedObservationPolicy } from '../../agents/rl/normalized-policy.js';
import { trainPpo } from '../../agents/rl/ppo.js';
import type { BatchedActions, VectorEnv, VectorResetOptions, VectorStepResult } from '../../envs/vector/vector-env.js';
import { makeVec } from '../../envs/registry.js';
import { VectorNormalizeObservation } from '../../envs/wrappers/vector-normalize-observation.js';
import { VectorWrapper } from '../../envs/wrappers/vector-wrapper.js';
import { markStageDone } from '../run-dir.js';
import { agentRunName, cohortEnvOptions, trainingSeedRange, type AgentConfig } from '../config.js';
import { hasTrainedAgent, saveTrainedAgent, type TrainedAgent, type TrainingRecord } from './agent-checkpoint.js';
import type { Stage, StageContext } from './stage.js';

/** Resets seeded with s are passed on as `first + (s − seed)`: the training cohort's seed streams. */
class SeedOffset extends VectorWrapper {
  constructor(
    env: VectorEnv,
    private readonly offset: number,
  ) {
    super(env);
  }

  override reset(options: VectorResetOptions = {}): ReturnType<VectorEnv['reset']> {
    return this.env.reset(options.seed === undefined ? options : { ...options, seed: options.seed + this.offset });
  }

  override step(actions: BatchedActions): VectorStepResult {
    return this.env.step(actions);
  }
}

/** The checkpoint directory of an agent's run. */
export function checkpointDir(ctx: StageContext, agent: AgentConfig, seed: number): string {
  return join(ctx.run.checkpoints, agentRunName(agent, seed));
}

function progressCallback(ctx: StageContext, run: string, total: number, log: TrainingRecord['log']): TrainingCallback {
  return {
    onUpdate: ({ timesteps, log: row }: { timesteps: number; log: UpdateLog }) => {
      log.push({ timesteps, meanEpisodeReturn: row.meanEpisodeReturn });
      ctx.emit({ kind: 'train-progress', run, timesteps, total, meanReturn: row.meanEpisodeReturn });
    },
  };
}

/** Train one agent × seed and save its checkpoint. */
async function trainOne(ctx: StageContext, agent: AgentConfig, seed: number): Promise<void> {
  const name = agentRunName(agent, seed);
  const [first] = trainingSeedRange(ctx.config, agent, seed);
  const inner = makeVec(ctx.config.env.id, agent.numEnvs, cohortEnvOptions(ctx.config, 'train'));
  // The trainers reset with their own seed: shift it onto the training seed streams.
  const env = new SeedOffset(inner, first - seed);
  const log: TrainingRecord['log'] = [];
  const callbacks = [progressCallback(ctx, name, agent.budget, log)];
  ctx.emit({ kind: 'train-start', run: name, total: agent.budget });
  const t0 = performance.now();
  let trained: TrainedAgent;
  let result: { timesteps: number; episodeReturns: number[] };
  try {
    if (agent.algo === 'ppo') {
      const r = trainPpo(env, { ...agent.config, seed }, { totalTimesteps: agent.budget, callbacks });
      trained = { algo: 'ppo', policy: r.policy, config: r.config as Record<string, unknown>, backend: ctx.backend };
      result = r;
    } else {
      const normalized = agent.normalizeObservation ? new VectorNormalizeObservation(env) : null;
      const r = trainDqn(normalized ?? env, { ...agent.config, seed }, { totalTimesteps: agent.budget, callbacks });
      // The Q-network learned on normalised observations: save it with the statistics (frozen copy).
      const policy = normalized
        ? new NormalizedObservationPolicy(r.policy, { mean: Float64Array.from(normalized.stats.mean), var: Float64Array.from(normalized.stats.var), count: normalized.stats.count, clip: normalized.clip, epsilon: normalized.epsilon })
        : r.policy;
      trained = { algo: 'dqn', policy, config: r.config as Record<string, unknown>, backend: ctx.backend };
      result = r;
    }
  } finally {
    env.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const record: TrainingRecord = {
    name,
    algo: agent.algo,
    seed,
    envId: ctx.config.env.id,
    timesteps: result.timesteps,
    episodes: result.episodeReturns.length,
    seconds,
    seedStreams: trainingSeedRange(ctx.config, agent, seed),
    log,
  };
  await saveTrainedAgent(checkpointDir(ctx, agent, seed), trained, record);
  await markStageDone(ctx.run, `train/${name}`, { checkpoint: `checkpoints/${name}`, timesteps: record.timesteps, seconds });
  ctx.emit({ kind: 'train-done', run: name, seconds, skipped: false });
}

export const trainStage: Stage = {
  name: 'train',
  enabled: (config) => config.agents.length > 0,
  run: async (ctx) => {
    const runs: string[] = [];
    for (const agent of ctx.config.agents) {
      for (const seed of agent.seeds) {
        const name = agentRunName(agent, seed);
        runs.push(name);
        if (hasTrainedAgent(checkpointDir(ctx, agent, seed))) {
          ctx.emit({ kind: 'train-done', run: name, seconds: 0, skipped: true });
          continue;
        }
        await trainOne(ctx, agent, seed);
      }
    }
    return { checkpoints: runs.map((r) => `checkpoints/${r}`) };
  },
};
