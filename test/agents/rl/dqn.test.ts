import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/agents/backend.js';
import { EvalCallback, evaluatePolicy } from '../../../src/agents/rl/callbacks.js';
import { parseDqnConfig, QPolicy, trainDqn } from '../../../src/agents/rl/dqn.js';
import '../../../src/envs/builtin.js';
import { makeVec } from '../../../src/envs/registry.js';

const ID = 'dosegym/IdentityDiscrete-v0';

/**
 * SB3 tests/test_identity.py trains DQN on IdentityEnv(4) with learning_starts=0, gamma=0.4,
 * seed=1 (default lr 1e-4) for 4,000 steps. To reach ≥ 90 within 1,200 steps we keep its
 * learning_starts and gamma and raise the learning rate to 1e-3 (with SB3's lr 1e-4 the
 * same run reaches ~75 at 1,200 steps). Everything else is SB3's default.
 */
const IDENTITY_CONFIG = { learningStarts: 0, gamma: 0.4, learningRate: 1e-3 } as const;

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('DQN config', () => {
  it("fills SB3's defaults and names bad fields", () => {
    const c = parseDqnConfig({});
    expect(c).toMatchObject({ learningRate: 1e-4, bufferSize: 1_000_000, learningStarts: 100, batchSize: 32, tau: 1, gamma: 0.99 });
    expect(c).toMatchObject({ trainFreq: 4, gradientSteps: 1, targetUpdateInterval: 10_000, explorationFraction: 0.1, explorationFinalEps: 0.05, maxGradNorm: 10 });
    expect(() => parseDqnConfig({ gamma: 2 })).toThrow(/gamma/);
    expect(() => parseDqnConfig({ batchsize: 3 })).toThrow();
  });

  it('rejects Box action spaces', () => {
    expect(() => trainDqn(makeVec('dosegym/IdentityBox-v0', 1), {}, { totalTimesteps: 10 })).toThrow(/Discrete/);
  });
});

describe('QPolicy', () => {
  it('combines a dueling head as Q = V + A − mean(A) and acts greedily', () => {
    // One linear layer, input 2 → [A0, A1, A2, V]: W rows are inputs, columns outputs.
    const w = Float32Array.of(1, 0, 2, 10, /* input 1 */ 0, 3, -1, 0);
    const b = Float32Array.of(0, 0, 0, 1);
    const p = new QPolicy({ q: { activation: 'relu', layers: [{ inSize: 2, outSize: 4, w, b }] }, dueling: true }, { kind: 'flat', size: 2 }, { n: 3, start: 5 });
    // x = [1, 1]: A = [1, 3, 1], mean 5/3, V = 11 → Q = [31/3, 37/3, 31/3].
    const q = p.qValues(Float32Array.of(1, 1));
    expect(q[0]).toBeCloseTo(31 / 3, 5);
    expect(q[1]).toBeCloseTo(37 / 3, 5);
    expect(q[2]).toBeCloseTo(31 / 3, 5);
    // x = [1, 0]: A = [1, 0, 2] → argmax 2, offset by start 5. Batch of two rows.
    expect(Array.from(p.act(Float32Array.of(1, 1, 1, 0), {}) as Int32Array)).toEqual([6, 7]);
  });
});

describe('DQN learning', () => {
  it('solves IdentityDiscrete-v0 (mean return ≥ 90 of 100) within 1,200 env steps', () => {
    const result = trainDqn(makeVec(ID, 1), { ...IDENTITY_CONFIG, seed: 1, logInterval: 200 }, { totalTimesteps: 1200 });
    const evaluation = evaluatePolicy(result.policy, makeVec(ID, 1), { nEpisodes: 20, seed: 1000 });
    expect(result.timesteps).toBe(1200);
    expect(evaluation.meanReturn).toBeGreaterThanOrEqual(90);
    expect(result.history.length).toBe(6);
    expect(result.history.at(-1)!.explorationRate).toBeCloseTo(0.05);
    expect(Number.isFinite(result.history.at(-1)!.loss)).toBe(true);
  });

  it('solves it with a dueling head, Polyak targets and 4 vector envs too (orthogonal init)', () => {
    // Orthogonal init here: over seeds 1–6 this dueling variant reached ≥ 90 within 1,200
    // steps on 4 seeds with it and on 2 with the default 'pytorch' init (scratch run,
    // 2026-11-27), while on CartPole 'pytorch' did better (docs/training-engines.md).
    const config = { ...IDENTITY_CONFIG, dueling: true, tau: 0.05, targetUpdateInterval: 4, seed: 2, init: 'orthogonal' as const };
    const result = trainDqn(makeVec(ID, 4), config, { totalTimesteps: 1200 });
    expect(evaluatePolicy(result.policy, makeVec(ID, 1), { nEpisodes: 20, seed: 1000 }).meanReturn).toBeGreaterThanOrEqual(90);
  });

  it('is reproducible: the same seed gives identical returns and weights on the cpu backend', () => {
    const run = () => trainDqn(makeVec(ID, 2), { ...IDENTITY_CONFIG, seed: 5, batchSize: 16 }, { totalTimesteps: 400 });
    const a = run();
    const b = run();
    expect(a.episodeReturns).toEqual(b.episodeReturns);
    expect(a.episodeReturns.length).toBe(4); // 400 env steps = 2 sub-envs × 2 episodes of 100
    expect(Array.from(a.policy.getWeights().q.layers[0]!.w)).toEqual(Array.from(b.policy.getWeights().q.layers[0]!.w));
  });

  it('stops early through EvalCallback once the reward threshold is reached', () => {
    const callback = new EvalCallback(makeVec(ID, 1), { evalFreq: 200, nEpisodes: 5, rewardThreshold: 90, seed: 3 });
    const result = trainDqn(makeVec(ID, 1), { ...IDENTITY_CONFIG, seed: 1, logInterval: 200 }, { totalTimesteps: 5000, callbacks: [callback] });
    expect(result.timesteps).toBeLessThan(5000);
    expect(callback.best).toBeGreaterThanOrEqual(90);
    expect(result.history.at(-1)!.evalMeanReturn).toBe(callback.best);
  });
});
