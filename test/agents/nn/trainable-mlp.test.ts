/**
 * The pure-TS trainable MLP against tfjs: forward outputs, and parameter gradients of
 * random losses checked against tfjs autodiff (relative error = max |Δ| / max |g_tfjs|
 * per tensor, < 1e-5), on shapes that hit every tail of the blocked kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TfMlp } from '../../../src/agents/nn/mlp.js';
import { gemmNT, TrainableMlp } from '../../../src/agents/nn/trainable-mlp.js';
import { InputError } from '../../../src/core/errors.js';
import { RandomStream } from '../../../src/core/random.js';
import { randomMlpWeights, relErr } from './gradcheck.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('gemmNT', () => {
  it('computes A·Bᵀ + bias for every block/tail combination', () => {
    const rng = RandomStream.fromSeed(3);
    for (const [M, K, N] of [[1, 1, 1], [2, 3, 4], [3, 5, 7], [6, 1, 9], [5, 8, 3]]) {
      const A = rng.fillNormal(new Float64Array(M! * K! + 2), 0, 1) as Float64Array;
      const B = rng.fillNormal(new Float64Array(N! * K! + 1), 0, 1) as Float64Array;
      const bias = rng.fillNormal(new Float64Array(N! + 1), 0, 1) as Float64Array;
      const C = new Float64Array(M! * N! + 3);
      gemmNT(A, 2, B, 1, C, 3, M!, K!, N!, bias, 1);
      for (let m = 0; m < M!; m++) {
        for (let n = 0; n < N!; n++) {
          let s = bias[1 + n]!;
          for (let k = 0; k < K!; k++) s += A[2 + m * K! + k]! * B[1 + n * K! + k]!;
          expect(C[3 + m * N! + n]).toBeCloseTo(s, 12);
        }
      }
    }
  });
});

describe('TrainableMlp vs tfjs autodiff', () => {
  it.each([
    ['tanh', [8, 64, 64, 4], 256, 1],
    ['tanh', [4, 64, 64, 1], 7, 2],
    ['relu', [5, 33, 17, 3], 9, 3],
    ['relu', [3, 6, 2], 1, 4],
    ['tanh', [2, 5], 5, 5],
  ] as const)('%s %j batch %i: forward and gradients match within 1e-5 relative', (activation, sizes, batch, seed) => {
    const weights = randomMlpWeights([...sizes], activation, seed);
    const rng = RandomStream.fromSeed(100 + seed);
    const x = rng.fillNormal(new Float32Array(batch * sizes[0]!), 0, 1) as Float32Array;
    const outSize = sizes[sizes.length - 1]!;
    // A random loss L = Σ c·y + ½ Σ y², so ∂L/∂y = c + y.
    const c = rng.fillNormal(new Float32Array(batch * outSize), 0, 1) as Float32Array;

    const net = new TrainableMlp(weights, Math.max(batch, 16));
    net.input().set(x);
    const y = net.forward(batch);
    const dy = net.outputGrad();
    for (let k = 0; k < batch * outSize; k++) dy[k] = c[k]! + y[k]!;
    const yCopy = Float64Array.from(y.subarray(0, batch * outSize));
    net.backward();

    const tfNet = new TfMlp(weights, `gradcheck${seed}`);
    const { yTf, grads } = tf.tidy(() => {
      const xt = tf.tensor2d(x, [batch, sizes[0]!]);
      const ct = tf.tensor2d(c, [batch, outSize]);
      const { grads } = tf.variableGrads(() => {
        const out = tfNet.apply(xt);
        return tf.add(tf.sum(tf.mul(ct, out)), tf.mul(0.5, tf.sum(tf.square(out)))) as tf.Scalar;
      }, tfNet.variables);
      return { yTf: tfNet.apply(xt).dataSync(), grads: tfNet.variables.map((v) => grads[v.name]!.dataSync()) };
    });
    tfNet.dispose();

    expect(relErr(yCopy, yTf)).toBeLessThan(1e-5);
    for (let l = 0; l < weights.layers.length; l++) {
      const { inSize, outSize: o } = weights.layers[l]!;
      const gw = net.grads.subarray(net.wOffset(l), net.wOffset(l) + inSize * o);
      const gb = net.grads.subarray(net.bOffset(l), net.bOffset(l) + o);
      expect(relErr(gw, grads[2 * l]!)).toBeLessThan(1e-5);
      expect(relErr(gb, grads[2 * l + 1]!)).toBeLessThan(1e-5);
    }
    expect(tf.memory().numTensors).toBe(0);
  });

  it('round-trips weights in the MlpWeights layout and rejects bad batches', () => {
    const weights = randomMlpWeights([3, 8, 2], 'tanh', 9);
    const net = new TrainableMlp(weights, 4);
    const back = net.getWeights();
    back.layers.forEach((l, i) => {
      expect(Array.from(l.w)).toEqual(Array.from(weights.layers[i]!.w));
      expect(Array.from(l.b)).toEqual(Array.from(weights.layers[i]!.b));
    });
    expect(() => net.forward(5)).toThrow(InputError);
    expect(() => new TrainableMlp(weights, 4).backward()).toThrow(InputError);
  });
});
