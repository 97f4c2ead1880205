/**
 * The pure-TS trainable MLP against tfjs: forward outputs, and parameter gradients of
 * random losses checked against tfjs autodiff (relative error = max |Δ| / max |g_tfjs|
 * per tensor, < 1e-5), on shapes that hit every tail of the blocked kernel; the same
 * suite runs on both matrix kernels (WebAssembly SIMD and scalar TypeScript).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TfMlp } from '../../../src/agents/nn/mlp.js';
import { TrainableMlp } from '../../../src/agents/nn/trainable-mlp.js';
import { InputError } from '../../../src/core/errors.js';
import { RandomStream } from '../../../src/core/random.js';
import { randomMlpWeights, relErr } from './gradcheck.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(['wasm', 'js'] as const)('TrainableMlp (%s kernel) vs tfjs autodiff', (kernel) => {
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

    const net = new TrainableMlp(weights, Math.max(batch, 16), { kernel });
    expect(net.kernel).toBe(kernel);
    net.input().set(x);
    const y = net.forward(batch);
    const dy = net.outputGrad();
    for (let k = 0; k < batch * outSize; k++) dy[k] = c[k]! + y[k]!;
    const yCopy = Float64Array.from(y.subarray(0, batch * outSize));
    net.backward({ inputGrad: true });
    const dx = Float64Array.from(net.inputGrad().subarray(0, batch * sizes[0]!));

    const tfNet = new TfMlp(weights, `gradcheck${seed}`);
    const { yTf, grads, dxTf } = tf.tidy(() => {
      const xt = tf.tensor2d(x, [batch, sizes[0]!]);
      const ct = tf.tensor2d(c, [batch, outSize]);
      const loss = (input: tf.Tensor2D) => {
        const out = tfNet.apply(input);
        return tf.add(tf.sum(tf.mul(ct, out)), tf.mul(0.5, tf.sum(tf.square(out)))) as tf.Scalar;
      };
      const { grads } = tf.variableGrads(() => loss(xt), tfNet.variables);
      const dxTf = tf.grad((input: tf.Tensor) => loss(input as tf.Tensor2D))(xt).dataSync();
      return { yTf: tfNet.apply(xt).dataSync(), grads: tfNet.variables.map((v) => grads[v.name]!.dataSync()), dxTf };
    });
    tfNet.dispose();

    expect(relErr(yCopy, yTf)).toBeLessThan(1e-5);
    expect(relErr(dx, dxTf)).toBeLessThan(1e-5);
    for (let l = 0; l < weights.layers.length; l++) {
      const { inSize, outSize: o } = weights.layers[l]!;
      const gw = net.grads.subarray(net.wOffset(l), net.wOffset(l) + inSize * o);
      const gb = net.grads.subarray(net.bOffset(l), net.bOffset(l) + o);
      expect(relErr(gw, grads[2 * l]!)).toBeLessThan(1e-5);
      expect(relErr(gb, grads[2 * l + 1]!)).toBeLessThan(1e-5);
    }
    expect(tf.memory().numTensors).toBe(0);
  });

  it('paramGrads: false gives the same input gradient and leaves grads untouched', () => {
    const weights = randomMlpWeights([5, 12, 7, 3], 'tanh', 11);
    const net = new TrainableMlp(weights, 6, { kernel });
    RandomStream.fromSeed(12).fillNormal(net.input().subarray(0, 6 * 5), 0, 1);
    const run = (options: { inputGrad: boolean; paramGrads?: boolean }) => {
      const y = net.forward(6);
      for (let k = 0; k < 6 * 3; k++) net.outputGrad()[k] = y[k]! - 0.5;
      net.backward(options);
      return Float64Array.from(net.inputGrad().subarray(0, 6 * 5));
    };
    const full = run({ inputGrad: true });
    const grads = Float64Array.from(net.grads);
    net.grads.fill(7);
    const inputOnly = run({ inputGrad: true, paramGrads: false });
    expect(Array.from(inputOnly)).toEqual(Array.from(full));
    expect(net.grads.every((g) => g === 7)).toBe(true);
    expect(grads.some((g) => g !== 0)).toBe(true);
  });

  it('round-trips weights in the MlpWeights layout and rejects bad batches', () => {
    const weights = randomMlpWeights([3, 8, 2], 'tanh', 9);
    const net = new TrainableMlp(weights, 4, { kernel });
    const back = net.getWeights();
    back.layers.forEach((l, i) => {
      expect(Array.from(l.w)).toEqual(Array.from(weights.layers[i]!.w));
      expect(Array.from(l.b)).toEqual(Array.from(weights.layers[i]!.b));
    });
    expect(() => net.forward(5)).toThrow(InputError);
    expect(() => new TrainableMlp(weights, 4, { kernel }).backward()).toThrow(InputError);
  });
});
