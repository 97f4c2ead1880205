import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy, readCheckpointMeta, savePolicy } from '../../src/agents/checkpoint.js';
import { resolvePolicy } from '../../src/agents/policy-registry.js';
import { ActorCriticPolicy } from '../../src/agents/rl/actor-critic-policy.js';
import { QPolicy, trainDqn } from '../../src/agents/rl/dqn.js';
import { NormalizedActorCriticPolicy, NormalizedObservationPolicy } from '../../src/agents/rl/normalized-policy.js';
import { trainPpo } from '../../src/agents/rl/ppo.js';
import { SquashedGaussianPolicy, trainSac } from '../../src/agents/rl/sac.js';
import { fileIOHandler } from '../../src/agents/tfjs-file-io.js';
import { InputError } from '../../src/core/errors.js';
import { RandomStream } from '../../src/core/random.js';
import '../../src/envs/builtin.js';
import { makeVec } from '../../src/envs/registry.js';
import { VectorNormalizeObservation } from '../../src/envs/wrappers/vector-normalize-observation.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = mkdtempSync(join(tmpdir(), 'dosegym-ckpt-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** 1,000 random observations drawn from the env's observation space, flattened. */
function randomObservations(envId: string, n: number, options = {}): Float32Array {
  const env = makeVec(envId, 1, options);
  const rng = RandomStream.fromSeed(77);
  const out = new Float32Array(n * env.observationSize);
  for (let i = 0; i < n; i++) {
    const s = env.singleObservationSpace.sample(rng) as number | Float32Array;
    if (typeof s === 'number') out[i] = s;
    else out.set(s, i * env.observationSize);
  }
  return out;
}

describe('PPO checkpoints', () => {
  for (const [envId, options] of [
    ['dosegym/IdentityDiscrete-v0', {}],
    ['dosegym/IdentityBox-v0', { eps: 0.5 }],
  ] as const) {
    it(`${envId}: a loaded policy acts identically on 1,000 random observations`, async () => {
      const result = trainPpo(makeVec(envId, 1, options), { nSteps: 64, batchSize: 32, nEpochs: 2, seed: 5 }, { totalTimesteps: 128 });
      const dir = join(root, envId.replace('/', '_'));
      await savePolicy(dir, result.policy, { config: result.config, seed: 5, envId, training: { timesteps: result.timesteps } });
      const loaded = (await loadPolicy(dir)) as ActorCriticPolicy;
      expect(loaded).toBeInstanceOf(ActorCriticPolicy);
      const obs = randomObservations(envId, 1000, options);
      expect(Array.from(loaded.act(obs, {}, { deterministic: true }))).toEqual(Array.from(result.policy.act(obs, {}, { deterministic: true })));
      // Stochastic actions agree too when both draw from the same stream.
      const again = new ActorCriticPolicy(result.policy.getWeights(), result.policy.observation, result.policy.action, RandomStream.fromSeed(9));
      const loaded2 = await loadPolicy(dir, { rng: RandomStream.fromSeed(9) });
      expect(Array.from(loaded2.act(obs, {}))).toEqual(Array.from(again.act(obs, {})));
      expect(Array.from(loaded.values(obs, new Float32Array(1000)))).toEqual(Array.from(result.policy.values(obs, new Float32Array(1000))));

      const meta = readCheckpointMeta(dir);
      expect(meta.seed).toBe(5);
      expect(meta.backend).toBe('cpu');
      expect(meta.envId).toBe(envId);
      expect(meta.versions.tfjs).toBe(tf.version.tfjs);
      expect(meta.config.nSteps).toBe(64);
      // model.json is a standard tfjs layers model: tfjs can load it directly.
      const model = await tf.loadLayersModel(fileIOHandler(dir));
      expect(model.inputs[0]!.shape).toEqual([null, envId.includes('Discrete') ? 4 : 1]);
      model.dispose();
    });
  }

  it('is registered as a policy loader for --policy <dir>, checking the action space', async () => {
    const dir = join(root, 'dosegym_IdentityDiscrete-v0');
    const env = makeVec('dosegym/IdentityDiscrete-v0', 1);
    const ctx = { numEnvs: 1, observationSpace: env.singleObservationSpace, actionSpace: env.singleActionSpace };
    const policy = await resolvePolicy(dir, ctx, RandomStream.fromSeed(1));
    expect(policy.name).toBe('ppo');
    const box = makeVec('dosegym/IdentityBox-v0', 1);
    await expect(resolvePolicy(dir, { numEnvs: 1, observationSpace: box.singleObservationSpace, actionSpace: box.singleActionSpace }, RandomStream.fromSeed(1))).rejects.toBeInstanceOf(InputError);
  });

  it('saves frozen observation-normalisation statistics; the loaded policy acts identically on raw observations', async () => {
    const envId = 'dosegym/Pendulum-v1';
    const result = trainPpo(makeVec(envId, 2), { nSteps: 64, batchSize: 64, nEpochs: 2, normalizeObservation: true, normalizeReward: true, seed: 6 }, { totalTimesteps: 256 });
    expect(result.policy).toBeInstanceOf(NormalizedActorCriticPolicy);
    const dir = join(root, 'pendulum-normalized');
    await savePolicy(dir, result.policy, { config: result.config, seed: 6, envId });
    const meta = readCheckpointMeta(dir);
    expect(meta.normalization!.mean).toEqual(result.normalization.observation!.mean);
    expect(meta.normalization!.var).toEqual(result.normalization.observation!.var);
    expect([meta.normalization!.clip, meta.normalization!.epsilon]).toEqual([10, 1e-8]);

    const loaded = await loadPolicy(dir);
    expect(loaded).toBeInstanceOf(NormalizedActorCriticPolicy);
    const raw = randomObservations(envId, 1000);
    const expected = result.policy.act(raw, {}, { deterministic: true });
    expect(Array.from(loaded.act(raw, {}, { deterministic: true }))).toEqual(Array.from(expected));
    // …and as the plain network acting on rows normalised by the (frozen) wrapper itself.
    const wrapper = new VectorNormalizeObservation(makeVec(envId, 1));
    wrapper.setState({ obsStats: result.normalization.observation! });
    wrapper.frozen = true;
    const z = new Float32Array(raw.length);
    wrapper.normalizeInto(raw, z, 1000);
    const plain = new ActorCriticPolicy(result.policy.getWeights(), result.policy.observation, result.policy.action, RandomStream.fromSeed(1));
    expect(Array.from(plain.act(z, {}, { deterministic: true }))).toEqual(Array.from(expected));
    // Statistics no longer move after training.
    const before = Array.from((result.policy as NormalizedActorCriticPolicy).normalization.mean);
    expect(before).toEqual(meta.normalization!.mean);
  });

  it('reports a missing or foreign checkpoint clearly', async () => {
    await expect(loadPolicy(join(root, 'nothing-here'))).rejects.toThrow(/no policy checkpoint/);
    const dir = join(root, 'dosegym_IdentityBox-v0');
    const meta = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8'));
    writeFileSync(join(root, 'checkpoint.json'), JSON.stringify({ ...meta, format: 'other/9' }));
    await expect(loadPolicy(root)).rejects.toThrow(/format 'other\/9'/);
  });
});

/** Frozen statistics of a normalising wrapper trained over. */
function frozenStats(w: VectorNormalizeObservation) {
  return { mean: Float64Array.from(w.stats.mean), var: Float64Array.from(w.stats.var), count: w.stats.count, clip: w.clip, epsilon: w.epsilon };
}

describe('DQN checkpoints', () => {
  const config = { learningStarts: 32, batchSize: 16, trainFreq: 1, bufferSize: 1000, netArch: [16, 16], seed: 5 };

  for (const dueling of [false, true]) {
    it(`IdentityDiscrete-v0${dueling ? ' (dueling)' : ''}: a loaded policy acts identically on 1,000 random observations`, async () => {
      const envId = 'dosegym/IdentityDiscrete-v0';
      const result = trainDqn(makeVec(envId, 1), { ...config, dueling }, { totalTimesteps: 200 });
      const dir = join(root, `dqn-${dueling}`);
      await savePolicy(dir, result.policy, { config: result.config, seed: 5, envId });
      const loaded = await loadPolicy(dir);
      expect(loaded).toBeInstanceOf(QPolicy);
      const obs = randomObservations(envId, 1000);
      expect(Array.from(loaded.act(obs, {}))).toEqual(Array.from(result.policy.act(obs, {})));
      expect(Array.from((loaded as QPolicy).qValues(obs))).toEqual(Array.from(result.policy.qValues(obs)));
      const meta = readCheckpointMeta(dir);
      expect(meta).toMatchObject({ format: 'dosegym-dqn/2', algo: 'dqn', seed: 5, envId, dueling, normalization: null, backend: 'cpu' });
      expect(meta.config.batchSize).toBe(16);
      const model = await tf.loadLayersModel(fileIOHandler(dir));
      expect(model.outputs[0]!.shape).toEqual([null, dueling ? 5 : 4]);
      model.dispose();
    });
  }

  it('CartPole-v1 with observation normalisation: statistics saved, raw observations give identical actions', async () => {
    const envId = 'dosegym/CartPole-v1';
    const wrapper = new VectorNormalizeObservation(makeVec(envId, 2));
    const result = trainDqn(wrapper, config, { totalTimesteps: 200 });
    const policy = new NormalizedObservationPolicy(result.policy, frozenStats(wrapper));
    const dir = join(root, 'dqn-normalized');
    await savePolicy(dir, policy, { config: result.config, seed: 5, envId });
    expect(readCheckpointMeta(dir).normalization!.mean).toEqual(Array.from(wrapper.stats.mean));
    const loaded = await loadPolicy(dir, { name: 'dqn-s5' });
    expect(loaded).toBeInstanceOf(NormalizedObservationPolicy);
    expect(loaded.name).toBe('dqn-s5');
    const raw = randomObservations(envId, 1000);
    const expected = policy.act(raw, {});
    expect(Array.from(loaded.act(raw, {}))).toEqual(Array.from(expected));
    // …the same as the bare Q-network on rows the frozen wrapper normalised.
    wrapper.frozen = true;
    const z = new Float32Array(raw.length);
    wrapper.normalizeInto(raw, z, 1000);
    expect(Array.from(result.policy.act(z, {}))).toEqual(Array.from(expected));
  });
});

describe('SAC checkpoints', () => {
  const config = { learningStarts: 32, batchSize: 16, bufferSize: 1000, netArch: { pi: [16, 16], qf: [16, 16] }, seed: 7 };

  it('IdentityBox-v0: a loaded policy acts identically on 1,000 random observations (deterministic and sampled)', async () => {
    const envId = 'dosegym/IdentityBox-v0';
    const result = trainSac(makeVec(envId, 1), config, { totalTimesteps: 100 });
    const dir = join(root, 'sac');
    await savePolicy(dir, result.policy, { config: result.config, seed: 7, envId });
    const loaded = await loadPolicy(dir);
    expect(loaded).toBeInstanceOf(SquashedGaussianPolicy);
    const obs = randomObservations(envId, 1000);
    expect(Array.from(loaded.act(obs, {}, { deterministic: true }))).toEqual(Array.from(result.policy.act(obs, {}, { deterministic: true })));
    const again = new SquashedGaussianPolicy(result.policy.getWeights(), result.policy.observation, result.policy.action, RandomStream.fromSeed(9));
    const sampled = await loadPolicy(dir, { rng: RandomStream.fromSeed(9) });
    expect(Array.from(sampled.act(obs, {}))).toEqual(Array.from(again.act(obs, {})));
    const meta = readCheckpointMeta(dir);
    expect(meta).toMatchObject({ format: 'dosegym-sac/1', algo: 'sac', seed: 7, action: { kind: 'box', dim: 1, low: [-1], high: [1] } });
    const model = await tf.loadLayersModel(fileIOHandler(dir));
    expect(model.outputs[0]!.shape).toEqual([null, 2]);
    model.dispose();
  });

  it('Pendulum-v1 with observation normalisation: a loaded policy acts identically on raw observations', async () => {
    const envId = 'dosegym/Pendulum-v1';
    const wrapper = new VectorNormalizeObservation(makeVec(envId, 1));
    const result = trainSac(wrapper, config, { totalTimesteps: 100 });
    const policy = new NormalizedObservationPolicy(result.policy, frozenStats(wrapper));
    const dir = join(root, 'sac-normalized');
    await savePolicy(dir, policy, { config: result.config, seed: 7, envId });
    const loaded = await loadPolicy(dir);
    expect(loaded).toBeInstanceOf(NormalizedObservationPolicy);
    const raw = randomObservations(envId, 1000);
    expect(Array.from(loaded.act(raw, {}, { deterministic: true }))).toEqual(Array.from(policy.act(raw, {}, { deterministic: true })));
  });

  it('the --policy loader rejects a SAC checkpoint on a Discrete env', async () => {
    const env = makeVec('dosegym/IdentityDiscrete-v0', 1);
    const ctx = { numEnvs: 1, observationSpace: env.singleObservationSpace, actionSpace: env.singleActionSpace };
    await expect(resolvePolicy(join(root, 'sac'), ctx, RandomStream.fromSeed(1))).rejects.toThrow(/trained for action space/);
  });
});
