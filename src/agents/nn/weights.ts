/**
 * The documented, framework-free layout of MLP weights, shared by the tfjs network
 * (./mlp.ts), the pure-TypeScript runtime (./runtime.ts), checkpoints and export.
 *
 * Layout: a list of dense layers, input first. Layer l maps `inSize → outSize` as
 * `y = x · W + b` with `W` stored **row-major as [inSize, outSize]** (W[k][j] at
 * `w[k * outSize + j]`), exactly tfjs `tf.layers.dense`'s kernel layout, so a
 * `tf.LayersModel` can be built from these arrays without transposing (PyTorch/ONNX Gemm
 * store the transpose [out, in]). Every layer but the last is followed by `activation`;
 * the last is linear.
 */
import { InputError } from '../../core/errors.js';

export type Activation = 'tanh' | 'relu';

export interface DenseWeights {
  inSize: number;
  outSize: number;
  /** Row-major [inSize, outSize]. */
  w: Float32Array;
  /** [outSize]. */
  b: Float32Array;
}

export interface MlpWeights {
  /** Hidden-layer activation (the output layer is linear). */
  activation: Activation;
  layers: DenseWeights[];
}

/** Layer sizes `[in, h1, …, out]` of an MLP. */
export function mlpSizes(weights: MlpWeights): number[] {
  return [weights.layers[0]!.inSize, ...weights.layers.map((l) => l.outSize)];
}

/** Check shapes and chaining; throws InputError naming the offending layer. */
export function validateMlpWeights(weights: MlpWeights): void {
  if (weights.activation !== 'tanh' && weights.activation !== 'relu') {
    throw new InputError(`MLP activation must be 'tanh' or 'relu', got '${String(weights.activation)}'`, 'activation');
  }
  if (weights.layers.length === 0) throw new InputError('an MLP needs at least one layer', 'layers');
  weights.layers.forEach((l, i) => {
    if (l.w.length !== l.inSize * l.outSize) {
      throw new InputError(`layers[${i}].w has ${l.w.length} values, expected ${l.inSize}×${l.outSize}`, `layers[${i}].w`);
    }
    if (l.b.length !== l.outSize) {
      throw new InputError(`layers[${i}].b has ${l.b.length} values, expected ${l.outSize}`, `layers[${i}].b`);
    }
    if (i > 0 && l.inSize !== weights.layers[i - 1]!.outSize) {
      throw new InputError(`layers[${i}].inSize ${l.inSize} does not match layers[${i - 1}].outSize`, `layers[${i}]`);
    }
  });
}
