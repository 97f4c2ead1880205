import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/agents/backend.js';
import { evaluatePolicy } from '../../../src/agents/rl/callbacks.js';
import { parseSacConfig, SquashedGaussianPolicy, trainSac } from '../../../src/agents/rl/sac.js';
import { RandomStream } from '../../../src/core/random.js';
import '../../../src/envs/builtin.js';
import { makeVec } from '../../../src/envs/registry.js';

const ID = 'dosegym/IdentityBox-v0';
/**
 * SB3 tests/test_identity.py `test_continuous`: IdentityEnvBox(eps=0.5), SAC with
 * net_arch [64, 64], gamma 0.95, learning_rate 1e-3, seed 0, 400 steps, then
 * evaluate_policy(..., n_eval_episodes=20, reward_threshold=90). Other settings: SB3 defaults
 * (batch 256, learning_starts 100, τ 0.005, automatic entropy).
 */
const SB3_IDENTITY = { netArch: { pi: [64, 64], qf: [64, 64] }, gamma: 0.95, learningRate: 1e-3 };
const ENV_OPTIONS = { eps: 0.5 };

beforeAll(async () => {
  await selectBackend('wasm'); // ~10× faster than cpu for batch-256 updates
});

afterAll(async () => {
  await selectBackend('cpu');
});

describe('SAC config', () => {
  it("fills SB3's defaults and names bad fields", () => {
    const c = parseSacConfig({});
    expect(c).toMatchObject({ learningRate: 3e-4, batchSize: 256, tau: 0.005, gamma: 0.99, learningStarts: 100, entCoef: 'auto', targetEntropy: null });
    expect(c.netArch).toEqual({ pi: [256, 256], qf: [256, 256] });
    expect(c.engine).toBe('ts');
    expect(() => parseSacConfig({ tau: -1 })).toThrow(/tau/);
    expect(() => parseSacConfig({ engine: 'torch' })).toThrow(/engine/);
  });

  it('rejects Discrete action spaces', () => {
    expect(() => trainSac(makeVec('dosegym/IdentityDiscrete-v0', 1), {}, { totalTimesteps: 10 })).toThrow(/Box/);
  });
});

describe('SquashedGaussianPolicy', () => {
  // Actor: one linear layer 1 → [mean, logStd], mean = 2x, logStd = −30 (clamped to −20).
  const actor = { activation: 'relu' as const, layers: [{ inSize: 1, outSize: 2, w: Float32Array.of(2, 0), b: Float32Array.of(0, -30) }] };
  const box = { kind: 'box' as const, dim: 1, low: Float32Array.of(0), high: Float32Array.of(10) };

  it('acts deterministically with tanh(mean) rescaled to [low, high]', () => {
    const p = new SquashedGaussianPolicy(actor, { kind: 'flat', size: 1 }, box, RandomStream.fromSeed(0));
    const a = p.act(Float32Array.of(0, 0.25, -100), {}, { deterministic: true });
    // low + (tanh(2x) + 1)/2 · (high − low): x = 0 → 5; x = 0.25 → 5(1 + tanh 0.5); x = −100 → 0.
    expect(a[0]).toBeCloseTo(5, 5);
    expect(a[1]).toBeCloseTo(5 * (1 + Math.tanh(0.5)), 5);
    expect(a[2]).toBeCloseTo(0, 5);
    // σ = e^−20 after the clamp: a stochastic action equals the deterministic one to float precision.
    expect(p.act(Float32Array.of(0.25), {})[0]).toBeCloseTo(a[1]!, 5);
  });

  it('rejects a Box without finite bounds', () => {
    const open = { kind: 'box' as const, dim: 1, low: Float32Array.of(-Infinity), high: Float32Array.of(1) };
    expect(() => new SquashedGaussianPolicy(actor, { kind: 'flat', size: 1 }, open, RandomStream.fromSeed(0))).toThrow(/finite Box bounds/);
  });
});

// The same learning tests for every engine: the pure-TS kernel and tfjs (wasm backend).
for (const engine of ['ts', 'tfjs'] as const) {
  describe(`SAC learning (engine ${engine}${engine === 'tfjs' ? ', wasm backend' : ''})`, () => {
    it("solves IdentityBox-v0 (eps 0.5, SB3's test) with 64×64 networks within 400 env steps", () => {
      const before = tf.memory().numTensors;
      const result = trainSac(makeVec(ID, 1, ENV_OPTIONS), { ...SB3_IDENTITY, engine, seed: 0, logInterval: 100 }, { totalTimesteps: 400 });
      const evaluation = evaluatePolicy(result.policy, makeVec(ID, 1, ENV_OPTIONS), { nEpisodes: 20, seed: 1000 });
      expect(evaluation.meanReturn).toBeGreaterThanOrEqual(90);
      const last = result.history.at(-1)!;
      expect(last.update).toBe(300); // one gradient step per env step after learning_starts = 100
      expect(last.entCoef).toBeLessThan(1); // α tuned down from 1
      expect(Number.isFinite(last.criticLoss) && Number.isFinite(last.actorLoss)).toBe(true);
      expect(tf.memory().numTensors).toBe(before); // everything disposed
    });

    it(`is reproducible${engine === 'tfjs' ? ' on the cpu backend' : ''}: same seed → identical returns and weights`, async () => {
      await selectBackend('cpu');
      const config = { ...SB3_IDENTITY, netArch: { pi: [16], qf: [16] }, batchSize: 32, learningStarts: 40, engine, seed: 3 };
      const run = () => trainSac(makeVec(ID, 2, ENV_OPTIONS), config, { totalTimesteps: 400 });
      const a = run();
      const b = run();
      expect(a.episodeReturns.length).toBe(4);
      expect(a.episodeReturns).toEqual(b.episodeReturns);
      expect(Array.from(a.policy.getWeights().layers[1]!.w)).toEqual(Array.from(b.policy.getWeights().layers[1]!.w));
      await selectBackend('wasm');
    });
  });
}
