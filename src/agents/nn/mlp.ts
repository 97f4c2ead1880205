/**
 * An MLP over raw tfjs variables: `[W, b]` per dense layer in the layout of ./weights.ts.
 *
 * Why not `tf.layers` + `model.predict`: at batch 1 predict costs ~400 µs against ~55 µs
 * for the same raw-op forward (reference/rl-anchors.md §2d). For saving and export,
 * {@link TfMlp.toLayersModel} builds an equivalent `tf.Sequential` from the same weights.
 */
import * as tf from '@tensorflow/tfjs';
import { validateMlpWeights, type Activation, type MlpWeights } from './weights.js';

/** A trainable variable holding `init`'s values; `init` is disposed (tf.variable keeps its own reference). */
export function variableFrom(init: tf.Tensor, name: string): tf.Variable {
  const v = tf.variable(init, true, name);
  init.dispose();
  return v;
}

export class TfMlp {
  readonly activation: Activation;
  /** `[W0, b0, W1, b1, …]`, W as [in, out]. */
  readonly variables: tf.Variable[];
  readonly sizes: number[];

  constructor(weights: MlpWeights, name: string) {
    validateMlpWeights(weights);
    this.activation = weights.activation;
    this.sizes = [weights.layers[0]!.inSize, ...weights.layers.map((l) => l.outSize)];
    this.variables = [];
    weights.layers.forEach((l, i) => {
      this.variables.push(variableFrom(tf.tensor2d(l.w, [l.inSize, l.outSize]), `${name}/dense${i}/kernel`));
      this.variables.push(variableFrom(tf.tensor1d(l.b), `${name}/dense${i}/bias`));
    });
  }

  /** Forward pass on a [batch, in] tensor → [batch, out]. Call inside tf.tidy. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    let h: tf.Tensor2D = x;
    const nLayers = this.variables.length / 2;
    for (let l = 0; l < nLayers; l++) {
      h = tf.add(tf.matMul(h, this.variables[2 * l] as tf.Tensor2D), this.variables[2 * l + 1]!);
      if (l + 1 < nLayers) h = this.activation === 'tanh' ? tf.tanh(h) : tf.relu(h);
    }
    return h;
  }

  /** Copy the current weights out (one `dataSync` per variable). */
  getWeights(): MlpWeights {
    const layers = [];
    for (let l = 0; l < this.variables.length / 2; l++) {
      const w = this.variables[2 * l]!;
      layers.push({
        inSize: w.shape[0]!,
        outSize: w.shape[1]!,
        w: Float32Array.from(w.dataSync() as Float32Array),
        b: Float32Array.from(this.variables[2 * l + 1]!.dataSync() as Float32Array),
      });
    }
    return { activation: this.activation, layers };
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/**
 * A `tf.Sequential` of dense layers holding `weights` (for `model.save`, tfjs export and
 * the layers-model parity test). Layer names are `dense_<l>`.
 */
export function mlpToLayersModel(weights: MlpWeights): tf.Sequential {
  validateMlpWeights(weights);
  const model = tf.sequential();
  const n = weights.layers.length;
  weights.layers.forEach((l, i) => {
    model.add(
      tf.layers.dense({
        units: l.outSize,
        inputShape: i === 0 ? [l.inSize] : undefined,
        activation: i + 1 < n ? weights.activation : 'linear',
        name: `dense_${i}`,
      }),
    );
  });
  const values = weights.layers.flatMap((l) => [tf.tensor2d(l.w, [l.inSize, l.outSize]), tf.tensor1d(l.b)]);
  model.setWeights(values); // copies into the layer variables
  tf.dispose(values);
  return model;
}

/** Read dense-layer weights back from a Sequential built by {@link mlpToLayersModel} (or any dense stack). */
export function layersModelToMlpWeights(model: tf.LayersModel): MlpWeights {
  const dense = model.layers.filter((l) => l.getWeights().length === 2);
  const activations = dense.slice(0, -1).map((l) => (l.getConfig() as { activation?: string }).activation);
  const activation = (activations[0] ?? 'tanh') as Activation;
  return {
    activation,
    layers: dense.map((l) => {
      const [w, b] = l.getWeights() as [tf.Tensor, tf.Tensor];
      return {
        inSize: w.shape[0]!,
        outSize: w.shape[1]!,
        w: Float32Array.from(w.dataSync() as Float32Array),
        b: Float32Array.from(b.dataSync() as Float32Array),
      };
    }),
  };
}
