import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { layersModelToMlpWeights, mlpToLayersModel, TfMlp } from '../../../src/agents/nn/mlp.js';
import { MlpRuntime } from '../../../src/agents/nn/runtime.js';
import type { Activation, MlpWeights } from '../../../src/agents/nn/weights.js';
import { InputError } from '../../../src/core/errors.js';
import { RandomStream } from '../../../src/core/random.js';
import { randomMlpWeights } from './gradcheck.js';


function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('MlpRuntime (pure TS) vs tfjs', () => {
  it.each([
    ['tanh', [8, 64, 64, 4], 1],
    ['tanh', [8, 64, 64, 4], 37],
    ['relu', [5, 32, 16, 3], 64],
    ['tanh', [3, 1], 7],
  ] as const)('%s %j at batch %i agrees within 1e-5', (activation, sizes, batch) => {
    const weights = randomMlpWeights([...sizes], activation, 11);
    const x = RandomStream.fromSeed(12).fillNormal(new Float32Array(batch * sizes[0]!), 0, 2) as Float32Array;
    const rt = MlpRuntime.fromWeights(weights, batch);
    const out = rt.forward(x, batch, new Float32Array(batch * rt.outputSize));

    const net = new TfMlp(weights, `parity-${activation}-${batch}-${sizes.length}`);
    const ref = tf.tidy(() => net.apply(tf.tensor2d(x, [batch, sizes[0]!])).dataSync());
    net.dispose();
    expect(maxAbsDiff(out, ref)).toBeLessThan(1e-5);

    const model = mlpToLayersModel(weights);
    const viaLayers = tf.tidy(() => (model.predict(tf.tensor2d(x, [batch, sizes[0]!])) as tf.Tensor).dataSync());
    expect(maxAbsDiff(out, viaLayers)).toBeLessThan(1e-5);
    // The layers model round-trips the documented layout exactly.
    expect(layersModelToMlpWeights(model)).toEqual(weights);
    model.dispose();
  });

  it('does not allocate new output arrays and reuses its buffers across calls', () => {
    const weights = randomMlpWeights([4, 16, 2], 'tanh', 1);
    const rt = MlpRuntime.fromWeights(weights, 3);
    const out = new Float32Array(6);
    const x = new Float32Array(12).fill(0.3);
    const first = Float32Array.from(rt.forward(x, 3, out));
    expect(rt.forward(x, 3, out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(first));
  });

  it('setWeights changes the outputs; bad sizes are InputErrors', () => {
    const a = randomMlpWeights([4, 8, 2], 'tanh', 1);
    const b = randomMlpWeights([4, 8, 2], 'tanh', 2);
    const rt = MlpRuntime.fromWeights(a, 2);
    const x = new Float32Array(8).fill(1);
    const before = Float32Array.from(rt.forward(x, 2, new Float32Array(4)));
    rt.setWeights(b);
    const expected = MlpRuntime.fromWeights(b, 2).forward(x, 2, new Float32Array(4));
    expect(Array.from(rt.forward(x, 2, new Float32Array(4)))).toEqual(Array.from(expected));
    expect(Array.from(expected)).not.toEqual(Array.from(before));
    expect(() => rt.forward(x, 3, new Float32Array(6))).toThrow(InputError);
    expect(() => rt.setWeights(randomMlpWeights([4, 9, 2], 'tanh', 1))).toThrow(InputError);
    const broken = randomMlpWeights([4, 8, 2], 'tanh', 1);
    broken.layers[1]!.inSize = 7;
    expect(() => MlpRuntime.fromWeights(broken)).toThrow(InputError);
  });
});
