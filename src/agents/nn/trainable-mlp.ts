/**
 * A trainable MLP in plain TypeScript: forward pass with cached activations and a
 * hand-written backward pass (tanh/ReLU hidden layers, linear output), on preallocated
 * float32 buffers sized for the largest minibatch. No tfjs, no allocation after
 * construction. Gradients are checked against tfjs autodiff (test/agents/nn/trainable-mlp.test.ts).
 *
 * Why: for 64-unit networks a tfjs update is dominated by per-op dispatch (≈ 12 ms for a
 * minibatch of 256 on wasm, reference/rl-anchors.md §2d); the arithmetic itself is ≈ 7M
 * multiply-adds, a few ms of scalar code.
 *
 * **Parameter layout** (`params`, and `grads` alike): for each layer l, input first, its
 * kernel W_l **row-major [inSize, outSize]** (W[k][j] at `wOffset(l) + k * outSize + j`,
 * the layout of ./weights.ts, tfjs dense kernels, {@link MlpRuntime} and checkpoints),
 * then its bias [outSize]. One flat array lets Adam and gradient clipping run as a single
 * loop. `getWeights`/`setWeights` convert to and from {@link MlpWeights} (float32).
 *
 * **Speed.** Every product is one call of the kernel's `gemmNT` (./kernel.ts): C = A·Bᵀ with
 * the rows of A and B contiguous, on WebAssembly SIMD by default (scalar TypeScript as
 * the fallback, `kernel: 'js'`). All buffers are allocated from the kernel once, at
 * construction. The three products of a layer map onto it as
 *   forward   Z  = X · W        → gemmNT(X, Wᵀ)      (Wᵀ refreshed at each forward)
 *   backward  dX = δ · Wᵀ       → gemmNT(δ, W)
 *             dW = Xᵀ · δ       → gemmNT(Xᵀ, δᵀ)     (Xᵀ, δᵀ transposed into scratch)
 * Float32 throughout, as torch and tfjs train (parameters, activations, gradients, and
 * Adam's moments through {@link paramGroup}): gradients match tfjs autodiff to float32
 * rounding.
 */
import { InputError } from '../../core/errors.js';
import type { ParamGroup } from './adam.js';
import { createMlpKernel, kernelCapacity, type KernelName, type MlpKernel } from './kernel.js';
import { validateMlpWeights, type Activation, type MlpWeights } from './weights.js';

export interface TrainableMlpOptions {
  /** The matrix kernel: 'auto' (default) = WebAssembly SIMD where available, else 'js'. */
  kernel?: KernelName | 'auto';
}

export class TrainableMlp {
  readonly activation: Activation;
  /** The kernel in use ('wasm' or 'js'). */
  readonly kernel: KernelName;
  private readonly ops: MlpKernel;
  /** `[in, h1, …, out]`. */
  readonly sizes: readonly number[];
  readonly nLayers: number;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly maxBatch: number;
  /** All parameters, flat: per layer W ([in, out] row-major) then b. */
  readonly params: Float32Array;
  /** ∂loss/∂params, same layout; overwritten by each {@link backward}. */
  readonly grads: Float32Array;
  private readonly wOff: number[];
  private readonly bOff: number[];
  /** Adam's first and second moments for {@link paramGroup}, on the kernel. */
  private readonly adamM: Float32Array;
  private readonly adamV: Float32Array;
  /** W per layer: views of `params`. */
  private readonly w: Float32Array[];
  /** Wᵀ per layer ([out, in]), refreshed from `params` at each forward. */
  private readonly wT: Float32Array[];
  /** acts[0] = input rows; acts[l + 1] = output of layer l (post-activation; linear for the last). */
  private readonly acts: Float32Array[];
  /** deltas[l] = ∂loss/∂(pre-activation of layer l), [batch, sizes[l + 1]]. */
  private readonly deltas: Float32Array[];
  /** ∂loss/∂input rows, filled by `backward({ inputGrad: true })`. */
  private readonly dInput: Float32Array;
  /** Scratch for Xᵀ and δᵀ. */
  private readonly xT: Float32Array;
  private readonly dT: Float32Array;
  private batch = 0;

  constructor(weights: MlpWeights, maxBatch: number, options: TrainableMlpOptions = {}) {
    validateMlpWeights(weights);
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new InputError(`maxBatch must be a positive integer, got ${maxBatch}`, 'maxBatch');
    this.activation = weights.activation;
    this.sizes = [weights.layers[0]!.inSize, ...weights.layers.map((l) => l.outSize)];
    this.nLayers = weights.layers.length;
    this.inputSize = this.sizes[0]!;
    this.outputSize = this.sizes[this.nLayers]!;
    this.maxBatch = maxBatch;
    this.wOff = [];
    this.bOff = [];
    let n = 0;
    for (const l of weights.layers) {
      this.wOff.push(n);
      n += l.inSize * l.outSize;
      this.bOff.push(n);
      n += l.outSize;
    }
    const width = Math.max(...this.sizes);
    // Every buffer's length, to size the kernel's memory once.
    const lengths = [
      n,
      n,
      n, // Adam's moments (paramGroup)
      n,
      ...weights.layers.map((l) => l.inSize * l.outSize),
      ...this.sizes.map((s) => maxBatch * s),
      ...weights.layers.map((l) => maxBatch * l.outSize),
      maxBatch * this.inputSize,
      maxBatch * width,
      maxBatch * width,
    ];
    this.ops = createMlpKernel(kernelCapacity(lengths), options.kernel ?? 'auto');
    this.kernel = this.ops.name;
    const alloc = (length: number) => this.ops.alloc(length);
    this.params = alloc(n);
    this.grads = alloc(n);
    this.adamM = alloc(n);
    this.adamV = alloc(n);
    this.w = weights.layers.map((l, i) => this.params.subarray(this.wOff[i]!, this.wOff[i]! + l.inSize * l.outSize));
    this.wT = weights.layers.map((l) => alloc(l.inSize * l.outSize));
    this.acts = this.sizes.map((s) => alloc(maxBatch * s));
    this.deltas = weights.layers.map((l) => alloc(maxBatch * l.outSize));
    this.dInput = alloc(maxBatch * this.inputSize);
    this.xT = alloc(maxBatch * width);
    this.dT = alloc(maxBatch * width);
    this.setWeights(weights);
  }

  /**
   * `params` and `grads` as one Adam group whose update runs on this network's kernel
   * (float32 moments, one SIMD call). Give it to at most one Adam: the moments live here.
   */
  paramGroup(): ParamGroup {
    return { params: this.params, grads: this.grads, kernel: { ops: this.ops, m: this.adamM, v: this.adamV } };
  }

  /** Offset of layer l's kernel in `params`/`grads`. */
  wOffset(l: number): number {
    return this.wOff[l]!;
  }

  /** Offset of layer l's bias in `params`/`grads`. */
  bOffset(l: number): number {
    return this.bOff[l]!;
  }

  /** Copy weights in (same shapes). */
  setWeights(weights: MlpWeights): void {
    validateMlpWeights(weights);
    if (weights.layers.length !== this.nLayers || weights.activation !== this.activation) {
      throw new InputError('setWeights: architecture differs from the network', 'weights');
    }
    weights.layers.forEach((l, i) => {
      if (l.inSize !== this.sizes[i] || l.outSize !== this.sizes[i + 1]) throw new InputError(`setWeights: layer ${i} shape differs`, `layers[${i}]`);
      this.params.set(l.w, this.wOff[i]!);
      this.params.set(l.b, this.bOff[i]!);
    });
  }

  /** The current weights as float32 {@link MlpWeights} (a copy). */
  getWeights(): MlpWeights {
    return {
      activation: this.activation,
      layers: this.wOff.map((wo, l) => {
        const inSize = this.sizes[l]!;
        const outSize = this.sizes[l + 1]!;
        return {
          inSize,
          outSize,
          w: Float32Array.from(this.params.subarray(wo, wo + inSize * outSize)),
          b: Float32Array.from(this.params.subarray(this.bOff[l]!, this.bOff[l]! + outSize)),
        };
      }),
    };
  }

  /** The input buffer ([maxBatch, inputSize], row-major): fill `batch` rows, then call {@link forward}. */
  input(): Float32Array {
    return this.acts[0]!;
  }

  /**
   * Forward the first `batch` rows of {@link input}, caching every layer's activations
   * for {@link backward}. Returns the output buffer ([batch, outputSize] in its first
   * rows; valid until the next forward).
   */
  forward(batch: number): Float32Array {
    if (!Number.isInteger(batch) || batch < 1 || batch > this.maxBatch) throw new InputError(`forward: batch ${batch} outside 1..${this.maxBatch}`, 'batch');
    this.batch = batch;
    const tanh = this.activation === 'tanh';
    for (let l = 0; l < this.nLayers; l++) {
      const nIn = this.sizes[l]!;
      const nOut = this.sizes[l + 1]!;
      const wT = this.wT[l]!;
      this.ops.transpose(this.w[l]!, nIn, nOut, wT);
      const z = this.acts[l + 1]!;
      this.ops.gemmNT(this.acts[l]!, 0, wT, 0, z, 0, batch, nIn, nOut, this.params, this.bOff[l]!);
      if (l + 1 < this.nLayers) {
        if (tanh) this.ops.tanh(z, batch * nOut);
        else this.ops.relu(z, batch * nOut);
      }
    }
    return this.acts[this.nLayers]!;
  }

  /**
   * The buffer for ∂loss/∂output ([maxBatch, outputSize]): fill the rows of the last
   * forward's batch, then call {@link backward}.
   */
  outputGrad(): Float32Array {
    return this.deltas[this.nLayers - 1]!;
  }

  /**
   * ∂loss/∂input ([maxBatch, inputSize], first rows of the last batch), valid after
   * `backward({ inputGrad: true })` (e.g. SAC's ∂Q/∂action through a critic).
   */
  inputGrad(): Float32Array {
    return this.dInput;
  }

  /**
   * Backpropagate {@link outputGrad} through the activations cached by the last forward;
   * writes ∂loss/∂params into `grads` (overwriting). The output grad buffer is consumed.
   * With `inputGrad`, also writes ∂loss/∂input into {@link inputGrad}; with
   * `paramGrads: false`, skips ∂loss/∂params (`grads` is left as it was), for a pass that
   * only needs the input gradient (SAC's actor loss through the critics).
   */
  backward(options: { inputGrad?: boolean; paramGrads?: boolean } = {}): void {
    const batch = this.batch;
    if (batch === 0) throw new InputError('backward called before forward', 'batch');
    const tanh = this.activation === 'tanh';
    for (let l = this.nLayers - 1; l >= 0; l--) {
      const nIn = this.sizes[l]!;
      const nOut = this.sizes[l + 1]!;
      const delta = this.deltas[l]!;
      const x = this.acts[l]!;
      // dW = Xᵀ · δ  ([nIn, nOut]) as gemmNT(Xᵀ [nIn, batch], δᵀ [nOut, batch]).
      if (options.paramGrads !== false) {
        this.ops.transpose(x, batch, nIn, this.xT);
        this.ops.transpose(delta, batch, nOut, this.dT);
        this.ops.gemmNT(this.xT, 0, this.dT, 0, this.grads, this.wOff[l]!, nIn, batch, nOut, null, 0);
        // db = Σ_rows δ: the row sums of δᵀ (contiguous over the batch).
        this.ops.rowSums(this.dT, nOut, batch, this.grads, this.bOff[l]!);
      }
      if (l === 0) {
        // ∂loss/∂X = δ_0 · W_0ᵀ (no activation on the input), only when asked for.
        if (options.inputGrad === true) this.ops.gemmNT(delta, 0, this.params, this.wOff[0]!, this.dInput, 0, batch, nOut, nIn, null, 0);
        break;
      }
      // δ_{l−1} = (δ · Wᵀ) ⊙ f'(z): W_l as stored ([nIn, nOut]) is exactly the B of gemmNT.
      const prev = this.deltas[l - 1]!;
      this.ops.gemmNT(delta, 0, this.params, this.wOff[l]!, prev, 0, batch, nOut, nIn, null, 0);
      // The derivative from the cached *post*-activation h: tanh' = 1 − h², relu' = [h > 0].
      if (tanh) this.ops.tanhGrad(prev, x, batch * nIn);
      else this.ops.reluGrad(prev, x, batch * nIn);
    }
  }
}
