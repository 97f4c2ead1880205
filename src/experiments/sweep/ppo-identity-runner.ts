/**
 * `ppo-identity`: a small, real, deterministic {@link CellRunner}. It trains PPO on an
 * identity env for a small budget, evaluates the deterministic policy on fixed episodes,
 * and writes `metrics.json` into the cell directory. One cell takes about 0.5–2 s on one
 * core depending on `totalTimesteps`, which makes it the workload of the sweep tests, the
 * sweep benchmark and the example sweeps.
 *
 * Config (all optional except what you sweep; unknown fields are errors):
 * ```json
 * { "env": "dosegym/IdentityDiscrete-v0", "seed": 0, "totalTimesteps": 512,
 *   "ppo": { "learningRate": 0.001, "nSteps": 128 }, "eval": { "episodes": 5, "seed": 12345 } }
 * ```
 * `seed` overrides `ppo.seed`. Metrics: `evalMeanReturn`, `evalStdReturn`,
 * `trainLastReturn` (mean of the last three training episodes, NaN-free: 0 when none
 * finished), `trainEpisodes`, `timesteps`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import { selectBackend, type BackendSelection } from '../../agents/backend.js';
import { trainPpo, parsePpoConfig } from '../../agents/rl/ppo.js';
import { evaluatePolicy } from '../../agents/rl/callbacks.js';
import '../../envs/builtin.js';
import { makeVec } from '../../envs/registry.js';
import type { CellContext, CellResult, CellRunner } from './cell-runner.js';

export const PpoIdentityConfigSchema = z
  .object({
    env: z.enum(['dosegym/IdentityDiscrete-v0', 'dosegym/IdentityBox-v0']).default('dosegym/IdentityDiscrete-v0'),
    seed: z.number().int().min(0).default(0),
    totalTimesteps: z.number().int().positive().max(1_000_000).default(512),
    ppo: z.record(z.string(), z.unknown()).default({}),
    eval: z.object({ episodes: z.number().int().positive().default(5), seed: z.number().int().min(0).default(12345) }).strict().default({ episodes: 5, seed: 12345 }),
  })
  .strict();

let backend: Promise<BackendSelection> | undefined;

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Error('cell aborted');
}

/** Train PPO for `totalTimesteps` on an identity env and evaluate it. */
export const ppoIdentityRunner: CellRunner = async (input: unknown, ctx: CellContext): Promise<CellResult> => {
  const r = PpoIdentityConfigSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.join('.') || '(config)';
    throw new InputError(`ppo-identity config: ${field}: ${issue.message}`, field);
  }
  const config = r.data;
  const ppo = parsePpoConfig({ nSteps: 128, batchSize: 32, nEpochs: 4, learningRate: 1e-3, ...config.ppo, seed: config.seed });
  backend ??= selectBackend();
  const { backend: used } = await backend;
  checkAborted(ctx.signal);
  const trained = trainPpo(makeVec(config.env, 1), ppo, { totalTimesteps: config.totalTimesteps });
  checkAborted(ctx.signal);
  const evaluation = evaluatePolicy(trained.policy, makeVec(config.env, 1), { nEpisodes: config.eval.episodes, seed: config.eval.seed });
  const last = trained.episodeReturns.slice(-3);
  const metrics = {
    evalMeanReturn: evaluation.meanReturn,
    evalStdReturn: evaluation.stdReturn,
    trainLastReturn: last.length ? last.reduce((a, b) => a + b, 0) / last.length : 0,
    trainEpisodes: trained.episodeReturns.length,
    timesteps: trained.timesteps,
  };
  mkdirSync(ctx.cellDir, { recursive: true });
  writeFileSync(join(ctx.cellDir, 'metrics.json'), `${JSON.stringify({ metrics, backend: used }, null, 2)}\n`);
  return { metrics, backend: used, info: { env: config.env } };
};
