/**
 * A pure-TypeScript MLP inference runtime over Float32Array weights (layout of
 * ./weights.ts): no tfjs, no allocation after construction.
 *
 * Used for rollout forward passes during training (one call for all sub-envs per step;
 * ~10× cheaper than a tfjs call at small batch) and by loaded/exported policies. Sums are
 * accumulated in float64, so outputs agree with tfjs float32 within ~1e-6 (tested to 1e-5).
 *
 * @example
 * const rt = MlpRuntime.fromWeights(weights, 8);   // up to 8 rows per call
 * const out = new Float32Array(8 * rt.outputSize);
 * rt.forward(observations, 8, out);
 */
import { InputError } from '../../core/errors.js';
import { validateMlpWeights, type Activation, type MlpWeights } from './weights.js';

export class MlpRuntime {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly maxBatch: number;
  private readonly activation: Activation;
  private readonly sizes: number[];
  private readonly ws: Float32Array[];
  private readonly bs: Float32Array[];
  /** Ping-pong activation buffers, one row at a time (float64 accumulators). */
  private readonly bufA: Float64Array;
  private readonly bufB: Float64Array;

  private constructor(weights: MlpWeights, maxBatch: number) {
    validateMlpWeights(weights);
    this.activation = weights.activation;
    this.sizes = [weights.layers[0]!.inSize, ...weights.layers.map((l) => l.outSize)];
    this.inputSize = this.sizes[0]!;
    this.outputSize = this.sizes[this.sizes.length - 1]!;
    this.maxBatch = maxBatch;
    this.ws = weights.layers.map((l) => Float32Array.from(l.w));
    this.bs = weights.layers.map((l) => Float32Array.from(l.b));
    const width = Math.max(...this.sizes);
    this.bufA = new Float64Array(width);
    this.bufB = new Float64Array(width);
  }

  /** A runtime holding a copy of `weights`, for batches of up to `maxBatch` rows. */
  static fromWeights(weights: MlpWeights, maxBatch = 1): MlpRuntime {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new InputError(`maxBatch must be a positive integer, got ${maxBatch}`, 'maxBatch');
    return new MlpRuntime(weights, maxBatch);
  }

  /** Overwrite the weights in place (same shapes), e.g. after a training update. */
  setWeights(weights: MlpWeights): void {
    validateMlpWeights(weights);
    weights.layers.forEach((l, i) => {
      if (l.w.length !== this.ws[i]?.length || l.b.length !== this.bs[i]!.length) {
        throw new InputError(`setWeights: layer ${i} shape differs from the runtime's`, `layers[${i}]`);
      }
      this.ws[i]!.set(l.w);
      this.bs[i]!.set(l.b);
    });
  }

  /** A copy of the weights in the documented layout. */
  getWeights(): MlpWeights {
    return {
      activation: this.activation,
      layers: this.ws.map((w, i) => ({ inSize: this.sizes[i]!, outSize: this.sizes[i + 1]!, w: Float32Array.from(w), b: Float32Array.from(this.bs[i]!) })),
    };
  }

  /**
   * Forward `batch` rows of `input` (row-major [batch, inputSize]) into `out`
   * ([batch, outputSize], row-major). Returns `out`.
   */
  forward(input: Float32Array, batch: number, out: Float32Array): Float32Array {
    if (batch > this.maxBatch || input.length < batch * this.inputSize || out.length < batch * this.outputSize) {
      throw new InputError(
        `forward: batch ${batch} needs input ≥ ${batch * this.inputSize} and out ≥ ${batch * this.outputSize} (maxBatch ${this.maxBatch})`,
        'batch',
      );
    }
    const nLayers = this.ws.length;
    const tanh = this.activation === 'tanh';
    for (let r = 0; r < batch; r++) {
      let x = this.bufA;
      let y = this.bufB;
      const inSize0 = this.inputSize;
      for (let k = 0; k < inSize0; k++) x[k] = input[r * inSize0 + k]!;
      for (let l = 0; l < nLayers; l++) {
        const nIn = this.sizes[l]!;
        const nOut = this.sizes[l + 1]!;
        const w = this.ws[l]!;
        const b = this.bs[l]!;
        for (let j = 0; j < nOut; j++) y[j] = b[j]!;
        for (let k = 0; k < nIn; k++) {
          const xk = x[k]!;
          if (xk === 0) continue;
          const row = k * nOut;
          for (let j = 0; j < nOut; j++) y[j] = y[j]! + xk * w[row + j]!;
        }
        if (l + 1 < nLayers) {
          // tanh y = 1 − 2/(e^{2y} + 1): ≈ 2× cheaper than Math.tanh in V8, within 4e-16 of it.
          if (tanh) for (let j = 0; j < nOut; j++) y[j] = 1 - 2 / (Math.exp(2 * y[j]!) + 1);
          else for (let j = 0; j < nOut; j++) y[j] = y[j]! > 0 ? y[j]! : 0;
        }
        const t = x;
        x = y;
        y = t;
      }
      const nOutF = this.outputSize;
      for (let j = 0; j < nOutF; j++) out[r * nOutF + j] = x[j]!;
    }
    return out;
  }
}
