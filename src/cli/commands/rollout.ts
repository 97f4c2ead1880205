/**
 * `dosegym rollout`: run a policy for seeded episodes of a registered env.
 *
 * ```
 * dosegym rollout --env <id> [--env-options <json|@file>] --policy <spec> --episodes <n> --seed <s> [--format json]
 * ```
 * Episode k is reset with seed s + k; a stochastic policy draws from the stream
 * `fromSeed(s).fork('policy')`. Policy specs: `random`, `constant:<json action>`, a
 * registered policy name, or a saved-policy path (see agents/policy-registry.ts).
 *
 * JSON: `{"env": id, "policy": spec, "seed": s, "episodes": [{"return": r, "length": n,
 * "terminated": b, "truncated": b, "cost": c}], "meanReturn": m, "stdReturn": sd}` where
 * stdReturn is the sample standard deviation (n − 1; 0 for one episode).
 */
import type { CommandModule } from 'yargs';
import { RandomStream } from '../../core/random.js';
import '../../envs/builtin.js';
import '../../agents/builtin.js';
import { resolvePolicy } from '../../agents/policy-registry.js';
import { runEpisodes } from '../../eval/rollout.js';
import { integerOption, readEnvOptions } from './check-env.js';

interface RolloutArgs {
  env: string;
  envOptions?: string;
  policy: string;
  episodes: number;
  seed: number;
  format: 'json' | 'table';
}

export const rolloutCommand: CommandModule<object, RolloutArgs> = {
  command: 'rollout',
  describe: 'Run a policy for seeded episodes of an env and report returns, lengths and costs',
  builder: (y) =>
    y
      .option('env', { type: 'string', demandOption: true, describe: 'env id, e.g. dosegym/CartPole-v1' })
      .option('env-options', { type: 'string', describe: 'make() options as JSON or @file (kwargs, maxEpisodeSteps)' })
      .option('policy', { type: 'string', demandOption: true, describe: "policy spec: random, constant:<json>, a registered name or a path" })
      .option('episodes', { type: 'number', demandOption: true, describe: 'number of episodes' })
      .option('seed', { type: 'number', demandOption: true, describe: 'episode k is reset with seed + k' })
      .option('format', { choices: ['json', 'table'] as const, default: 'table' as const, describe: 'output format' }) as never,
  handler: async (argv) => {
    const episodes = integerOption(argv.episodes, '--episodes', 1);
    const seed = integerOption(argv.seed, '--seed', 0);
    const envOptions = readEnvOptions(argv.envOptions);
    const rng = RandomStream.fromSeed(seed).fork('policy');
    const result = await runEpisodes(argv.env, (ctx) => resolvePolicy(argv.policy, ctx, rng), { episodes, seed, envOptions });
    const rows = result.episodes.map((e) => ({ return: e.return, length: e.length, terminated: e.terminated, truncated: e.truncated, cost: e.cost }));
    if (argv.format === 'json') {
      const out = { env: argv.env, policy: argv.policy, seed, episodes: rows, meanReturn: result.meanReturn, stdReturn: result.stdReturn };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return;
    }
    const lines = [`env ${argv.env}  policy ${argv.policy}  seed ${seed}`, 'episode  seed  return  length  end  cost'];
    result.episodes.forEach((e, k) => {
      const end = e.terminated ? 'terminated' : e.truncated ? 'truncated' : '-';
      lines.push(`${k}  ${e.seed}  ${fmt(e.return)}  ${e.length}  ${end}  ${fmt(e.cost)}`);
    });
    lines.push(`mean return ${fmt(result.meanReturn)}  sd ${fmt(result.stdReturn)} (sample, n − 1)`);
    process.stdout.write(`${lines.join('\n')}\n`);
  },
};

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(6);
}
