/**
 * HIV-v0 learning task, CI-sized: the reward-scale wrapper, config parsing (the example
 * config in experiments/), greedy evaluation of the baselines, and a short PPO run that
 * beats never treating. The full ≥ 1e10 run is documented in docs/results-combination-envs.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '../../../src/agents/builtin.js';
import { parsePpoConfig } from '../../../src/agents/rl/ppo.js';
import { RandomStream } from '../../../src/core/random.js';
import { resolvePolicy } from '../../../src/agents/policy-registry.js';
import '../../../src/envs/builtin.js';
import { makeVec } from '../../../src/envs/registry.js';
import { VectorScaleReward } from '../../../src/envs/wrappers/vector-scale-reward.js';
import { greedyHivReturn, HIV_LANDMARKS, parseHivLearningConfig, trainHivAgent } from '../../../src/experiments/tasks/hiv-learning.js';

describe('VectorScaleReward', () => {
  it('multiplies rewards by the constant and passes everything else through', () => {
    const raw = makeVec('dosegym/HIV-v0', 2);
    const scaled = new VectorScaleReward(makeVec('dosegym/HIV-v0', 2), 1e-6);
    const a = raw.reset({ seed: 0 });
    const b = scaled.reset({ seed: 0 });
    expect(Array.from(b.observations)).toEqual(Array.from(a.observations));
    const actions = Int32Array.of(0, 3);
    const ra = raw.step(actions);
    const rewards = Array.from(ra.rewards);
    const obs = Array.from(ra.observations);
    const rb = scaled.step(actions);
    expect(Array.from(rb.rewards)).toEqual(rewards.map((r) => r * 1e-6));
    expect(Array.from(rb.observations)).toEqual(obs);
    expect(rb.truncations).toBe(scaled.env.step(actions).truncations); // same buffers as the inner env
  });

  it('rejects a scale that is not a finite positive number', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => new VectorScaleReward(makeVec('dosegym/HIV-v0', 1), bad)).toThrow(/scale/);
  });
});

describe('hiv-learning task', () => {
  it('parses the example configs and names bad fields', () => {
    const config = parseHivLearningConfig(JSON.parse(readFileSync('experiments/tasks/hiv-ppo.json', 'utf8')));
    expect(config.algorithm).toBe('ppo');
    expect(config.target).toBe(1e10);
    for (const file of readdirSync('experiments/tasks').filter((f) => /^hiv-.*\.json$/.test(f))) {
      const c = parseHivLearningConfig(JSON.parse(readFileSync(`experiments/tasks/${file}`, 'utf8')));
      if (c.algorithm === 'ppo') expect(() => parsePpoConfig(c.agent), file).not.toThrow();
    }
    expect(() => parseHivLearningConfig({ algorithm: 'a2c' })).toThrow(/algorithm/);
    expect(() => parseHivLearningConfig({ rewardScale: -1 })).toThrow(/rewardScale/);
  });

  it('greedy returns of the baselines match the documented landmarks', async () => {
    const env = makeVec('dosegym/HIV-v0', 1);
    const ctx = { numEnvs: 1, observationSpace: env.singleObservationSpace, actionSpace: env.singleActionSpace, envMetadata: env.metadata };
    const rng = RandomStream.fromSeed(0);
    const never = greedyHivReturn(await resolvePolicy('hiv-never', ctx, rng), env);
    const always = greedyHivReturn(await resolvePolicy('hiv-always', ctx, rng), env);
    expect(never.actions).toHaveLength(200);
    expect(never.return / HIV_LANDMARKS.never).toBeCloseTo(1, 2);
    expect(always.return / HIV_LANDMARKS.always).toBeCloseTo(1, 2);
  });

  it('a short PPO run (16k steps, γ 0.99, normalised reward) beats never treating', () => {
    const result = trainHivAgent({
      numEnvs: 16,
      totalTimesteps: 16_000,
      rewardScale: null,
      agent: { nSteps: 200, batchSize: 800, nEpochs: 5, gamma: 0.99, entCoef: 0.01, normalizeReward: true, seed: 1 },
      evalEvery: 3200,
      sampledEpisodes: 2,
    });
    expect(result.timesteps).toBe(16_000);
    expect(result.evaluations.length).toBeGreaterThanOrEqual(5);
    expect(result.best.return).toBeGreaterThan(2 * HIV_LANDMARKS.never);
    expect(result.bestActions).toHaveLength(200);
    expect(result.trainingReturns.length).toBe(80); // 16 envs × 5 episodes of 200 steps
    // The final policy is scored last; the best-greedy checkpoint replays its evaluation exactly.
    expect(result.final).toBe(result.evaluations.at(-1));
    const replay = greedyHivReturn(result.bestPolicy, makeVec('dosegym/HIV-v0', 1));
    expect(replay.return).toBe(result.best.return);
    expect(replay.actions).toEqual(result.bestActions);
    expect(result.bestPolicy).not.toBe(result.policy);
  });
});
