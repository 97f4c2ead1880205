/**
 * `dosegym train`: train an RL agent on a registered env and write a checkpoint directory.
 *
 * ```
 * dosegym train --env dosegym/CartPole-v1 --algo ppo [--config <json|@file>] [--steps 100000]
 *               [--num-envs 8] [--env-options <json|@file>] --seed 1 --out runs/cartpole
 *               [--backend auto|tensorflow|wasm|cpu]
 * ```
 * `--algo` is ppo, dqn (Discrete actions) or sac (Box actions with finite bounds).
 * `--config` holds the algorithm's hyper-parameters (`PpoConfigSchema`, `DqnConfigSchema`,
 * `SacConfigSchema`; unknown or invalid fields are an error naming the field); `--seed`
 * overrides any seed in it. Progress is a bar on a TTY and a plain line every few seconds
 * otherwise (CI logs). The checkpoint (see agents/checkpoint) is loadable with
 * `dosegym rollout --policy <out>` and exportable with `dosegym export`.
 */
import cliProgress from 'cli-progress';
import type { CommandModule } from 'yargs';
import { BACKEND_CHOICES, selectBackend } from '../../agents/backend.js';
import { savePolicy, type CheckpointPolicy } from '../../agents/checkpoint.js';
import type { TrainingCallback, UpdateLog } from '../../agents/rl/callbacks.js';
import { parseDqnConfig, trainDqn } from '../../agents/rl/dqn.js';
import { parsePpoConfig, trainPpo } from '../../agents/rl/ppo.js';
import { parseSacConfig, trainSac } from '../../agents/rl/sac.js';
import { InputError } from '../../core/errors.js';
import '../../envs/builtin.js';
import { makeVec } from '../../envs/registry.js';
import type { VectorEnv } from '../../envs/vector/vector-env.js';
import { readJsonOption } from '../input.js';
import { integerOption, readEnvOptions } from './check-env.js';

export const TRAIN_ALGOS = ['ppo', 'dqn', 'sac'] as const;
export type TrainAlgo = (typeof TRAIN_ALGOS)[number];

interface TrainArgs {
  env: string;
  algo: TrainAlgo;
  config?: string;
  steps: number;
  numEnvs: number;
  envOptions?: string;
  seed: number;
  out: string;
  backend: string;
}

function readConfig(value: string | undefined): Record<string, unknown> {
  if (value === undefined) return {};
  const parsed = readJsonOption(value, '--config');
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(`--config must be a JSON object of hyper-parameters, got ${JSON.stringify(parsed)}`, '--config');
  }
  return parsed as Record<string, unknown>;
}

/** What every trainer returns that the command uses. */
interface TrainResult {
  policy: CheckpointPolicy;
  config: Record<string, unknown>;
  history: UpdateLog[];
  episodeReturns: number[];
  timesteps: number;
  timing: { envMs: number; inferenceMs: number; updateMs: number; totalMs: number };
}

/** The trainer of `algo` with its validated config (InputError naming a bad field, before any work). */
function trainer(algo: TrainAlgo, rawConfig: Record<string, unknown>, seed: number): (env: VectorEnv, steps: number, callback: TrainingCallback) => TrainResult {
  switch (algo) {
    case 'ppo': {
      const config = parsePpoConfig({ ...rawConfig, seed });
      return (env, steps, cb) => trainPpo(env, config, { totalTimesteps: steps, callbacks: [cb] });
    }
    case 'dqn': {
      const config = parseDqnConfig({ ...rawConfig, seed });
      return (env, steps, cb) => trainDqn(env, config, { totalTimesteps: steps, callbacks: [cb] });
    }
    case 'sac': {
      const config = parseSacConfig({ ...rawConfig, seed });
      return (env, steps, cb) => trainSac(env, config, { totalTimesteps: steps, callbacks: [cb] });
    }
    default:
      throw new InputError(`--algo must be one of ${TRAIN_ALGOS.join(', ')}, got '${String(algo)}'`, '--algo');
  }
}

/** A progress reporter: a bar on a TTY, a plain line at most every ~5 s otherwise. */
function progress(total: number): { callback: TrainingCallback; stop: () => void } {
  const tty = Boolean(process.stdout.isTTY);
  const bar = new cliProgress.SingleBar(
    {
      format: 'train [{bar}] {value}/{total} steps | return {ret} | {fps} steps/s | eta {eta_formatted}',
      noTTYOutput: true,
      hideCursor: tty,
    },
    cliProgress.Presets.legacy,
  );
  bar.start(total, 0, { ret: '—', fps: 0 });
  let lastLine = Date.now();
  return {
    callback: {
      onUpdate: ({ timesteps, log }) => {
        bar.update(Math.min(timesteps, total), { ret: Number.isNaN(log.meanEpisodeReturn) ? '—' : log.meanEpisodeReturn.toFixed(1), fps: Math.round(log.fps) });
        // Off a TTY cli-progress prints from a timer, which synchronous training blocks:
        // print the line ourselves every ~5 s.
        if (!tty && Date.now() - lastLine >= 5000) {
          bar.render();
          lastLine = Date.now();
        }
      },
    },
    stop: () => bar.stop(),
  };
}

export const trainCommand: CommandModule<object, TrainArgs> = {
  command: 'train',
  describe: 'Train an RL agent (PPO, DQN or SAC) on an env and save a checkpoint',
  builder: (y) =>
    y
      .option('env', { type: 'string', demandOption: true, describe: 'env id, e.g. dosegym/CartPole-v1' })
      .option('algo', { choices: TRAIN_ALGOS, default: 'ppo' as TrainAlgo, describe: 'algorithm' })
      .option('config', { type: 'string', describe: 'hyper-parameters as JSON or @file' })
      .option('steps', { type: 'number', default: 100_000, describe: 'env steps to train (all sub-envs)' })
      .option('num-envs', { type: 'number', default: 1, describe: 'sub-envs stepping together' })
      .option('env-options', { type: 'string', describe: 'makeVec() options as JSON or @file' })
      .option('seed', { type: 'number', demandOption: true, describe: 'root seed (networks, exploration, env resets)' })
      .option('out', { type: 'string', demandOption: true, describe: 'checkpoint directory to write' })
      .option('backend', { choices: BACKEND_CHOICES, default: process.env.DOSEGYM_BACKEND ?? 'auto', describe: 'tfjs backend' }) as never,
  handler: async (argv) => {
    const steps = integerOption(argv.steps, '--steps', 1);
    const numEnvs = integerOption(argv.numEnvs, '--num-envs', 1);
    const seed = integerOption(argv.seed, '--seed', 0);
    const train = trainer(argv.algo, readConfig(argv.config), seed);
    const { backend, tried } = await selectBackend(argv.backend);
    const env = makeVec(argv.env, numEnvs, readEnvOptions(argv.envOptions));
    const bar = progress(steps);
    let result: TrainResult;
    try {
      result = train(env, steps, bar.callback);
    } finally {
      bar.stop();
      env.close();
    }
    const last = result.history[result.history.length - 1];
    await savePolicy(argv.out, result.policy, {
      algo: argv.algo,
      config: result.config,
      seed,
      backend,
      envId: argv.env,
      training: { timesteps: result.timesteps, episodes: result.episodeReturns.length, meanEpisodeReturn: last?.meanEpisodeReturn ?? Number.NaN, ...result.timing },
    });
    const t = result.timing;
    const fallbacks = tried.filter((x) => x.error).map((x) => x.name);
    process.stdout.write(
      [
        `backend ${backend}${fallbacks.length ? ` (unavailable: ${fallbacks.join(', ')})` : ''}`,
        `trained ${result.timesteps} steps, ${result.episodeReturns.length} episodes, mean return (last 100) ${last?.meanEpisodeReturn.toFixed(2) ?? '—'}`,
        `time ${(t.totalMs / 1000).toFixed(1)} s: env ${(t.envMs / 1000).toFixed(1)} s, inference ${(t.inferenceMs / 1000).toFixed(1)} s, updates ${(t.updateMs / 1000).toFixed(1)} s`,
        `checkpoint written to ${argv.out}`,
      ].join('\n') + '\n',
    );
  },
};
