/**
 * OncologyCombo-v0 learning task, CI-sized: joint dose-pair actions, endpoint definitions,
 * the example config, a baseline comparison on common random numbers, and a short PPO run
 * that beats random dosing. The full comparison is in docs/results-combination-envs.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Policy } from '../../../src/agents/policy.js';
import '../../../src/envs/builtin.js';
import { makeVec } from '../../../src/envs/registry.js';
import { Discrete } from '../../../src/envs/spaces/discrete.js';
import {
  compareOncologyPolicies,
  cyclesToProgression,
  formatOncologyTable,
  JointActionPolicy,
  JointDiscreteActions,
  parseOncologyLearningConfig,
  trainOncologyPpo,
} from '../../../src/experiments/tasks/oncology-learning.js';

describe('oncology-learning task', () => {
  it('JointDiscreteActions and JointActionPolicy map k to (⌊k/4⌋, k mod 4)', () => {
    const env = new JointDiscreteActions(makeVec('dosegym/OncologyCombo-v0', 2));
    expect(env.singleActionSpace).toBeInstanceOf(Discrete);
    expect((env.singleActionSpace as Discrete).n).toBe(16);
    const fixed: Policy = { name: 'fixed', reset() {}, act: () => Int32Array.of(0, 6, 15) };
    expect(Array.from(new JointActionPolicy(fixed, env.nvec).act(new Float32Array(0), {}) as Int32Array)).toEqual([0, 0, 1, 2, 3, 3]);
    env.reset({ seed: 1 });
    const r = env.step(Int32Array.of(15, 0));
    expect(r.rewards).toHaveLength(2);
    expect(() => new JointDiscreteActions(makeVec('dosegym/HIV-v0', 1))).toThrow(/MultiDiscrete/);
  });

  it('cycles to progression: the event cycle, or censored at 12', () => {
    expect(cyclesToProgression({ terminated: true, length: 4 })).toBe(4);
    expect(cyclesToProgression({ terminated: false, length: 12 })).toBe(12);
  });

  it('parses the example config and rejects overlapping training and test patients', () => {
    const config = parseOncologyLearningConfig(JSON.parse(readFileSync('experiments/tasks/oncology-ppo.json', 'utf8')));
    expect(config.evaluation.baselines).toContain('onc-adaptive');
    expect(() => parseOncologyLearningConfig({ ppo: { seed: 100_010 } })).toThrow(/overlap/);
    expect(() => parseOncologyLearningConfig({ numEnvs: 0 })).toThrow(/numEnvs/);
  });

  it('compares baselines on the same patients: genotype-guided MTD has fewer grade-4 cycles', async () => {
    const cmp = await compareOncologyPolicies(null, {
      envKwargs: { dpydMix: 'enriched' },
      evaluation: { episodes: 48, seed: 100_000, baselines: ['onc-mtd', 'onc-mtd-pgx', 'onc-adaptive'], bootstrapSamples: 200 },
    });
    expect(cmp.endpoints.map((e) => e.policy)).toEqual(['onc-mtd', 'onc-mtd-pgx', 'onc-adaptive']);
    const [mtd, pgx] = cmp.endpoints;
    expect(pgx!.grade4CycleRate).toBeLessThan(mtd!.grade4CycleRate);
    for (const e of cmp.endpoints) {
      expect(e.cyclesToProgression.mean).toBeGreaterThan(0);
      expect(e.cyclesToProgression.mean).toBeLessThanOrEqual(12);
      expect(e.cyclesToProgression.ci.low).toBeLessThanOrEqual(e.cyclesToProgression.mean);
    }
    expect(cmp.ttpDifferences.map((d) => d.policy)).toEqual(['onc-mtd-pgx', 'onc-adaptive']);
    expect(cmp.ttpDifferences[0]!.n).toBe(48);
    expect(formatOncologyTable(cmp).split('\n')).toHaveLength(5);
  });

  it('a short PPO run beats random dosing in mean return', async () => {
    const config = {
      envKwargs: { dpydMix: 'enriched' },
      numEnvs: 8,
      totalTimesteps: 3072,
      ppo: { nSteps: 128, batchSize: 256, nEpochs: 10, gamma: 0.99, learningRate: 1e-3, normalizeObservation: true, seed: 0 },
      evaluation: { episodes: 48, seed: 100_000, baselines: ['random'], bootstrapSamples: 200 },
    };
    const training = trainOncologyPpo(config);
    expect(training.ppo.timesteps).toBe(3072);
    const cmp = await compareOncologyPolicies(training.policy, config);
    const [random, ppo] = cmp.endpoints;
    expect(ppo!.policy).toBe('ppo');
    expect(ppo!.meanReturn).toBeGreaterThan(random!.meanReturn);
  });
});
