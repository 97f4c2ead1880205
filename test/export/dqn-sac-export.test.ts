/**
 * Export of off-policy checkpoints. DQN (Warfarin-v0, observation normalisation on): every
 * format is written; onnxruntime-node, the portable JSON runtime and the tfjs model give the
 * loaded policy's greedy actions on 1,000 recorded observations, for the plain and the
 * dueling head. SAC (Pendulum-v1): ONNX and portable JSON give the deterministic action
 * tanh(mean) scaled to the Box.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy, savePolicy, type CheckpointPolicy } from '../../src/agents/checkpoint.js';
import { QPolicy, trainDqn } from '../../src/agents/rl/dqn.js';
import { NormalizedObservationPolicy } from '../../src/agents/rl/normalized-policy.js';
import { trainSac } from '../../src/agents/rl/sac.js';
import { RandomStream } from '../../src/core/random.js';
import { makeVec } from '../../src/envs/registry.js';
import { VectorNormalizeObservation } from '../../src/envs/wrappers/vector-normalize-observation.js';
import { exportAll, type ExportManifest } from '../../src/export/export-all.js';
import { portableToOnnxBytes } from '../../src/export/onnx.js';
import { portableFromCheckpoint, portableFromPolicy, readPortablePolicy } from '../../src/export/portable-json.js';
import { PortableRuntimePolicy } from '../../src/export/portable-runtime.js';
import { loadTfjsModel, type TfjsPreprocessing } from '../../src/export/tfjs.js';
import { ENV_ID, recordObservations } from './fixture.js';

const N = 1000;
let root: string;
let manifest: ExportManifest;
let observations: Float32Array;
const ckpt = (): string => join(root, 'checkpoints', 'dqn');
const out = (): string => join(root, 'export', 'dqn');

/** A small DQN trained on normalised Warfarin-v0 observations, wrapped to act on raw ones. */
function trainDqnPolicy(dueling: boolean): NormalizedObservationPolicy<QPolicy> {
  const wrapper = new VectorNormalizeObservation(makeVec(ENV_ID, 8));
  const config = { learningStarts: 256, batchSize: 32, trainFreq: 1, bufferSize: 5000, netArch: [32, 32], dueling, seed: 4 };
  const { policy } = trainDqn(wrapper, config, { totalTimesteps: 1500 });
  const s = wrapper.stats;
  return new NormalizedObservationPolicy(policy, { mean: Float64Array.from(s.mean), var: Float64Array.from(s.var), count: s.count, clip: wrapper.clip, epsilon: wrapper.epsilon });
}

async function onnxActions(bytes: Uint8Array | string, obs: Float32Array, n: number): Promise<{ action: number[]; names: readonly string[] }> {
  const session = await ort.InferenceSession.create(bytes as Uint8Array);
  const r = await session.run({ observation: new ort.Tensor('float32', obs, [n, obs.length / n]) });
  return { action: Array.from(r.action!.data as BigInt64Array, Number), names: session.outputNames };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = mkdtempSync(join(tmpdir(), 'dosegym-dqn-export-'));
  const policy = trainDqnPolicy(false);
  await savePolicy(ckpt(), policy, { algo: 'dqn', config: { dueling: false }, seed: 4, envId: ENV_ID });
  observations = await recordObservations(policy, N);
  manifest = await exportAll({ checkpointDir: ckpt(), outDir: out(), evaluation: { episodes: 8, seed: 500, bootstrap: 100 }, rules: { maxDepth: 2, minSamplesLeaf: 10 } });
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('DQN export', () => {
  it('writes every format (table, rules and card as for PPO)', () => {
    expect(manifest.skipped).toEqual([]);
    expect(manifest.files.map((f) => f.path).sort()).toEqual(
      ['dosing-table.csv', 'dosing-table.md', 'fhir-plan-definition.json', 'policy-card.json', 'policy-card.md', 'policy.onnx', 'policy.portable.json', 'rules.json', 'rules.md', 'tfjs/model.json', 'tfjs/preprocessing.json', 'tfjs/weights.bin'].sort(),
    );
    const card = JSON.parse(readFileSync(join(out(), 'policy-card.json'), 'utf8'));
    expect(card.checkpoint).toMatchObject({ algo: 'dqn', seed: 4 });
  });

  it('ONNX (ArgMax over Q-values), portable JSON and tfjs act like the loaded checkpoint on 1,000 recorded observations', async () => {
    const loaded = await loadPolicy(ckpt());
    const want = Array.from(loaded.act(observations, {}) as Int32Array);
    expect(new Set(want).size).toBeGreaterThan(1);
    const onnx = await onnxActions(join(out(), 'policy.onnx'), observations, N);
    expect(onnx.names).toEqual(['q_values', 'action', 'action_value']);
    expect(onnx.action).toEqual(want);
    const portable = readPortablePolicy(join(out(), 'policy.portable.json'));
    expect(portable.action).toMatchObject({ kind: 'discrete', n: 31, head: 'q-values' });
    expect(Array.from(new PortableRuntimePolicy(portable).act(observations) as Int32Array)).toEqual(want);
    // tfjs: the LayersModel gives the Q-values of normalised rows (preprocessing.json).
    const pre = JSON.parse(readFileSync(join(out(), 'tfjs', 'preprocessing.json'), 'utf8')) as TfjsPreprocessing;
    expect(pre.actionRule).toMatch(/Q-values/);
    const model = await loadTfjsModel(join(out(), 'tfjs'));
    const inner = (loaded as NormalizedObservationPolicy<QPolicy>).inner;
    const z = new Float32Array(observations.length);
    const n = pre.normalization!;
    for (let k = 0; k < z.length; k++) {
      const j = k % n.mean.length;
      z[k] = Math.min(n.clip, Math.max(-n.clip, (observations[k]! - n.mean[j]!) / Math.sqrt(n.var[j]! + n.epsilon)));
    }
    const q = tf.tidy(() => (model.predict(tf.tensor2d(z, [N, n.mean.length])) as tf.Tensor).dataSync() as Float32Array);
    const ours = inner.qValues(z);
    let maxErr = 0;
    for (let k = 0; k < q.length; k++) maxErr = Math.max(maxErr, Math.abs(q[k]! - ours[k]!));
    expect(maxErr).toBeLessThan(1e-4);
    model.dispose();
  }, 60_000);

  it('a dueling head round-trips through ONNX and the portable runtime', async () => {
    const dir = join(root, 'checkpoints', 'dqn-dueling');
    await savePolicy(dir, trainDqnPolicy(true), { config: { dueling: true }, seed: 4, envId: ENV_ID });
    const loaded = await loadPolicy(dir);
    const portable = await portableFromCheckpoint(dir, { envId: ENV_ID, metadata: makeVec(ENV_ID, 1).metadata as Record<string, unknown> });
    expect(portable.action).toMatchObject({ head: 'dueling-q-values' });
    const want = Array.from(loaded.act(observations, {}) as Int32Array);
    expect(Array.from(new PortableRuntimePolicy(portable).act(observations) as Int32Array)).toEqual(want);
    expect((await onnxActions(portableToOnnxBytes(portable), observations, N)).action).toEqual(want);
  }, 60_000);
});

describe('SAC export', () => {
  it('ONNX and portable JSON give the deterministic action tanh(mean) scaled to the Box', async () => {
    const envId = 'dosegym/Pendulum-v1';
    const { policy } = trainSac(makeVec(envId, 1), { learningStarts: 32, batchSize: 16, bufferSize: 1000, netArch: { pi: [16, 16], qf: [16, 16] }, seed: 7 }, { totalTimesteps: 100 });
    const dir = join(root, 'checkpoints', 'sac');
    await savePolicy(dir, policy as CheckpointPolicy, { config: {}, seed: 7, envId });
    const m = await exportAll({ checkpointDir: dir, outDir: join(root, 'export', 'sac'), formats: ['onnx', 'json', 'tfjs'] });
    expect(m.files.map((f) => f.path)).toContain('policy.onnx');
    const rng = RandomStream.fromSeed(3);
    const obs = Float32Array.from({ length: 3 * N }, () => rng.uniformRange(-8, 8));
    const want = policy.act(obs, {}, { deterministic: true }) as Float32Array;
    const portable = readPortablePolicy(join(root, 'export', 'sac', 'policy.portable.json'));
    expect(portable.action).toMatchObject({ kind: 'box', dim: 1, low: [-2], high: [2], head: 'tanh-squashed' });
    expect(Array.from(new PortableRuntimePolicy(portable).act(obs) as Float32Array)).toEqual(Array.from(want));
    expect(portableFromPolicy(policy, { envId }).action).toMatchObject({ head: 'tanh-squashed' });
    const session = await ort.InferenceSession.create(join(root, 'export', 'sac', 'policy.onnx'));
    const r = await session.run({ observation: new ort.Tensor('float32', obs, [N, 3]) });
    const got = r.action!.data as Float32Array;
    let maxErr = 0;
    for (let i = 0; i < N; i++) maxErr = Math.max(maxErr, Math.abs(got[i]! - want[i]!));
    expect(maxErr).toBeLessThan(1e-5);
  }, 60_000);
});
