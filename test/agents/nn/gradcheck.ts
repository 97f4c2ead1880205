/** Shared helpers of the gradient-check tests (random networks, relative error). */
import type { Activation, MlpWeights } from '../../../src/agents/nn/weights.js';
import { RandomStream } from '../../../src/core/random.js';

/** Random weights with non-zero biases, so every term of the forward/backward pass is exercised. */
export function randomMlpWeights(sizes: readonly number[], activation: Activation, seed: number): MlpWeights {
  const rng = RandomStream.fromSeed(seed);
  return {
    activation,
    layers: sizes.slice(1).map((outSize, l) => {
      const inSize = sizes[l]!;
      return {
        inSize,
        outSize,
        w: rng.fillNormal(new Float32Array(inSize * outSize), 0, 1 / Math.sqrt(inSize)) as Float32Array,
        b: rng.fillNormal(new Float32Array(outSize), 0, 0.5) as Float32Array,
      };
    }),
  };
}

/** max |a − b| / max |b| (the reference b's scale; plain max |a − b| when b is all zero). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    s = Math.max(s, Math.abs(b[i]!));
  }
  return s === 0 ? d : d / s;
}
