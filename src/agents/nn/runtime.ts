/**
 * A pure-TypeScript MLP inference runtime over Float32Array weights (layout of
 * ./weights.ts): no tfjs, no allocation after construction.
 *
 * Used for rollout forward passes during training (one call for all sub-envs per step;
 * ~10× cheaper than a tfjs call at small batch) and by loaded/exported policies. The
 * float32 weights live on an {@link MlpKernel} (WebAssembly SIMD, or scalar TS where
 * unavailable), so outputs agree with tfjs float32 within ~1e-6 (tested to 1e-5). Wᵀ is
 * prepared once per `setWeights`, so a forward is one gemmNT and one activation pass per
 * layer for the whole batch.
 *
 * @example
 * const rt = MlpRuntime.fromWeights(weights, 8);   // up to 8 rows per call
 * const out = new Float32Array(8 * rt.outputSize);
 * rt.forward(observations, 8, out);
 */
import { InputError } from '../../core/errors.js';
import { createMlpKernel, kernelCapacity, type MlpKernel } from './kernel.js';
import { validateMlpWeights, type Activation, type MlpWeights } from './weights.js';

export class MlpRuntime {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly maxBatch: number;
  private readonly activation: Activation;
  private readonly sizes: number[];
  private readonly ops: MlpKernel;
  /** Per layer, kernel buffers: W ([in, out], the weights as given), Wᵀ ([out, in]) and b. */
  private readonly ws: Float32Array[];
  private readonly wT: Float32Array[];
  private readonly bs: Float32Array[];
  /** acts[0] = input rows, acts[l + 1] = output of layer l; [maxBatch, size] each. */
  private readonly acts: Float32Array[];

  private constructor(weights: MlpWeights, maxBatch: number) {
    validateMlpWeights(weights);
    this.activation = weights.activation;
    this.sizes = [weights.layers[0]!.inSize, ...weights.layers.map((l) => l.outSize)];
    this.inputSize = this.sizes[0]!;
    this.outputSize = this.sizes[this.sizes.length - 1]!;
    this.maxBatch = maxBatch;
    const lengths = [...weights.layers.flatMap((l) => [l.inSize * l.outSize, l.inSize * l.outSize, l.outSize]), ...this.sizes.map((n) => maxBatch * n)];
    this.ops = createMlpKernel(kernelCapacity(lengths));
    this.ws = weights.layers.map((l) => this.ops.alloc(l.inSize * l.outSize));
    this.wT = weights.layers.map((l) => this.ops.alloc(l.inSize * l.outSize));
    this.bs = weights.layers.map((l) => this.ops.alloc(l.outSize));
    this.acts = this.sizes.map((n) => this.ops.alloc(maxBatch * n));
    this.setWeights(weights);
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
      this.ops.transpose(this.ws[i]!, l.inSize, l.outSize, this.wT[i]!); // Wᵀ once per weight change
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
    const x0 = this.acts[0]!;
    for (let k = 0; k < batch * this.inputSize; k++) x0[k] = input[k]!;
    for (let l = 0; l < nLayers; l++) {
      const nOut = this.sizes[l + 1]!;
      const y = this.acts[l + 1]!;
      this.ops.gemmNT(this.acts[l]!, 0, this.wT[l]!, 0, y, 0, batch, this.sizes[l]!, nOut, this.bs[l]!, 0);
      if (l + 1 < nLayers) {
        if (this.activation === 'tanh') this.ops.tanh(y, batch * nOut);
        else this.ops.relu(y, batch * nOut);
      }
    }
    const y = this.acts[nLayers]!;
    for (let k = 0; k < batch * this.outputSize; k++) out[k] = y[k]!;
    return out;
  }
}
