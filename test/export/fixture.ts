/**
 * Shared by the export tests: a tiny PPO policy trained on dosegym/Warfarin-v0 (a few
 * thousand steps, observation normalisation on, ~1 s) and observations recorded from env
 * rollouts of that policy.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/envs/builtin.js';
import { trainPpo } from '../../src/agents/rl/ppo.js';
import type { Policy } from '../../src/agents/policy.js';
import type { ActorCriticPolicy } from '../../src/agents/rl/actor-critic-policy.js';
import type { ObservationSpec } from '../../src/agents/rl/action-space.js';
import { makeVec } from '../../src/envs/registry.js';
import { evaluatePolicies } from '../../src/eval/evaluate.js';
import { portableFromActorCritic, type PortablePolicy } from '../../src/export/portable-json.js';

export const ENV_ID = 'dosegym/Warfarin-v0';

export interface TrainedFixture {
  policy: ActorCriticPolicy;
  metadata: Record<string, unknown>;
  config: Record<string, unknown>;
}

let cached: TrainedFixture | null = null;

/** Train (once per test file) a small normalised PPO policy on Warfarin-v0. */
export function trainTinyWarfarinPolicy(): TrainedFixture {
  if (cached) return cached;
  const env = makeVec(ENV_ID, 8);
  const config = { nSteps: 64, batchSize: 128, nEpochs: 4, seed: 3, normalizeObservation: true, netArch: { pi: [32, 32], vf: [32, 32] } };
  try {
    const { policy } = trainPpo(env, config, { totalTimesteps: 4096 });
    cached = { policy, metadata: env.metadata as Record<string, unknown>, config };
    return cached;
  } finally {
    env.close();
  }
}

/** `count` observation rows visited by `policy` (deterministic) in seeded Warfarin-v0 episodes. */
export async function recordObservations(policy: Policy & { readonly observation: ObservationSpec }, count: number, seed = 100): Promise<Float32Array> {
  const size = (policy.observation as { size: number }).size;
  const episodes = Math.ceil(count / 90);
  const ev = await evaluatePolicies({ envId: ENV_ID, policies: [{ name: 'ppo', policy }], episodes, seed, numEnvs: Math.min(episodes, 8), trajectories: { observations: true } });
  const out = new Float32Array(count * size);
  let k = 0;
  for (const ep of ev.policies[0]!.episodes) {
    const obs = ep.trajectory!.observations!;
    const steps = ep.trajectory!.rewards.length;
    for (let t = 0; t < steps && k < count; t++, k++) out.set(obs.subarray(t * size, (t + 1) * size), k * size);
  }
  return out;
}

/** What the round-trip tests share: a temp dir, the trained policy, its portable form and 1,000 recorded observations. */
export interface RoundTripFixture extends TrainedFixture {
  dir: string;
  portable: PortablePolicy;
  observations: Float32Array;
}

/** Build the round-trip fixture (call in beforeAll; remove `dir` in afterAll). */
export async function roundTripFixture(prefix: string, count = 1000): Promise<RoundTripFixture> {
  const fx = trainTinyWarfarinPolicy();
  return {
    ...fx,
    dir: mkdtempSync(join(tmpdir(), prefix)),
    portable: portableFromActorCritic(fx.policy, { envId: ENV_ID, metadata: fx.metadata }),
    observations: await recordObservations(fx.policy, count),
  };
}
