/**
 * The numeric kernel behind {@link TrainableMlp} and {@link MlpRuntime}: the matrix
 * product C = A·Bᵀ (+ bias) on float32 rows, the hidden layers' element-wise ops, and the
 * buffers they work on. Float32, as torch and tfjs train: half the memory traffic of
 * float64 and four SIMD lanes instead of two. Two implementations of one contract,
 * chosen per network:
 * - 'wasm': WebAssembly SIMD (./kernels/mlp-kernel.wat), f32x4; its gemmNT runs several
 *   times the scalar code on the 64–256-wide products of small MLPs (bench/nn.bench.ts).
 *   Its buffers are views of one WebAssembly.Memory sized once at creation, so they are
 *   never detached.
 * - 'js': the same algorithms in scalar TypeScript over ordinary Float32Arrays (sums
 *   held in float64 registers, rounded on store); the fallback where WebAssembly SIMD is
 *   unavailable, and the reference in the tests.
 * 'auto' picks `$DOSEGYM_KERNEL` when set, else 'wasm' when the runtime validates the
 * SIMD module, else 'js'. The two
 * agree to float32 rounding (~1e-6 relative), not bit for bit: a seed reproduces exactly
 * on one kernel.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../core/errors.js';

export type KernelName = 'wasm' | 'js';

export interface MlpKernel {
  readonly name: KernelName;
  /**
   * A zeroed buffer of `length` floats that {@link gemmNT} accepts. The kernel's total
   * capacity is fixed at creation; asking for more is an error.
   */
  alloc(length: number): Float32Array;
  /**
   * C[cOff + m·N + n] = bias[biasOff + n] + Σ_k A[aOff + m·K + k] · B[bOff + n·K + k]
   * for m < M, n < N (bias optional): A is [M, K] and B is [N, K], both row-major, so
   * every output is a dot product of two contiguous rows. Arrays must come from `alloc`.
   */
  gemmNT(
    A: Float32Array,
    aOff: number,
    B: Float32Array,
    bOff: number,
    C: Float32Array,
    cOff: number,
    M: number,
    K: number,
    N: number,
    bias: Float32Array | null,
    biasOff: number,
  ): void;
  /** x[i] ← tanh x[i] for i < len (as 1 − 2/(e^{2x} + 1), exact at the extremes). */
  tanh(x: Float32Array, len: number): void;
  /** x[i] ← x[i] > 0 ? x[i] : 0 for i < len. */
  relu(x: Float32Array, len: number): void;
  /** δ[i] ← δ[i]·(1 − h[i]²): tanh' from the layer's output h. */
  tanhGrad(delta: Float32Array, h: Float32Array, len: number): void;
  /** δ[i] ← h[i] > 0 ? δ[i] : 0: ReLU' from the layer's output h. */
  reluGrad(delta: Float32Array, h: Float32Array, len: number): void;
  /** dst[c·rows + r] = src[r·cols + c]: the [cols, rows] transpose of a [rows, cols] block. */
  transpose(src: Float32Array, rows: number, cols: number, dst: Float32Array): void;
  /** dst[dstOff + r] = Σ_c src[r·cols + c] for r < rows. */
  rowSums(src: Float32Array, rows: number, cols: number, dst: Float32Array, dstOff: number): void;
  /**
   * One Adam update of `len` float32 parameters with float32 moments (torch's form, see
   * ../adam.ts): m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², moments below 1e-30
   * flushed to 0, p ← p − stepSize·m / (√v·invSqrtBc2 + ε).
   */
  adam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, len: number, b1: number, b2: number, eps: number, stepSize: number, invSqrtBc2: number): void;
}

/** Moments smaller than this are set to 0 by Adam (see {@link adamUpdateScalar}). */
export const ADAM_FLUSH = 1e-30;

/**
 * The Adam update of `len` parameters in scalar TypeScript (torch's form, one division):
 * the 'js' kernel's `adam`, and ../adam.ts's update of plain float64 groups.
 */
export function adamUpdateScalar(
  p: Float32Array | Float64Array,
  g: Float32Array | Float64Array,
  m: Float32Array | Float64Array,
  v: Float32Array | Float64Array,
  len: number,
  b1: number,
  b2: number,
  eps: number,
  stepSize: number,
  invSqrtBc2: number,
): void {
  const c1 = 1 - b1;
  const c2 = 1 - b2;
  for (let k = 0; k < len; k++) {
    const gk = g[k]!;
    let mk = b1 * m[k]! + c1 * gk;
    let vk = b2 * v[k]! + c2 * gk * gk;
    // Flush moments below 1e-30 to zero. A parameter whose gradient stays 0 (a dead ReLU
    // unit) has its moments decay geometrically into subnormal numbers within ~7k steps,
    // and subnormal arithmetic is ~100× slower on x86: measured, DQN's Adam step went from
    // 0.5 to 4 ms. The effect on the update is below lr·1e-30/ε ≈ 1e-25.
    if (mk < ADAM_FLUSH && mk > -ADAM_FLUSH) mk = 0;
    if (vk < ADAM_FLUSH) vk = 0;
    m[k] = mk;
    v[k] = vk;
    p[k] = p[k]! - (stepSize * mk) / (Math.sqrt(vk) * invSqrtBc2 + eps);
  }
}

/** The capacity {@link createMlpKernel} needs for buffers of these lengths (alignment included). */
export function kernelCapacity(lengths: readonly number[]): number {
  return lengths.reduce((sum, n) => sum + n + 3, 0); // ≤ 3 floats of padding per buffer
}

/**
 * The scalar kernel: blocks of 2 rows × 4 columns keep 8 sums in registers (6 loads for
 * 8 multiply-adds, no stores in the inner loop).
 */
export function gemmNTJs(
  A: Float32Array,
  aOff: number,
  B: Float32Array,
  bOff: number,
  C: Float32Array,
  cOff: number,
  M: number,
  K: number,
  N: number,
  bias: Float32Array | null,
  biasOff: number,
): void {
  let m = 0;
  for (; m + 1 < M; m += 2) {
    const a0 = aOff + m * K;
    const a1 = a0 + K;
    const o0 = cOff + m * N;
    const o1 = o0 + N;
    let n = 0;
    for (; n + 3 < N; n += 4) {
      const b0 = bOff + n * K;
      const b1 = b0 + K;
      const b2 = b1 + K;
      const b3 = b2 + K;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0; // prettier-ignore
      for (let k = 0; k < K; k++) {
        const x0 = A[a0 + k]!;
        const x1 = A[a1 + k]!;
        const w0 = B[b0 + k]!;
        const w1 = B[b1 + k]!;
        const w2 = B[b2 + k]!;
        const w3 = B[b3 + k]!;
        c00 += x0 * w0;
        c01 += x0 * w1;
        c02 += x0 * w2;
        c03 += x0 * w3;
        c10 += x1 * w0;
        c11 += x1 * w1;
        c12 += x1 * w2;
        c13 += x1 * w3;
      }
      if (bias !== null) {
        const z0 = bias[biasOff + n]!, z1 = bias[biasOff + n + 1]!, z2 = bias[biasOff + n + 2]!, z3 = bias[biasOff + n + 3]!; // prettier-ignore
        c00 += z0;
        c01 += z1;
        c02 += z2;
        c03 += z3;
        c10 += z0;
        c11 += z1;
        c12 += z2;
        c13 += z3;
      }
      C[o0 + n] = c00;
      C[o0 + n + 1] = c01;
      C[o0 + n + 2] = c02;
      C[o0 + n + 3] = c03;
      C[o1 + n] = c10;
      C[o1 + n + 1] = c11;
      C[o1 + n + 2] = c12;
      C[o1 + n + 3] = c13;
    }
    for (; n < N; n++) {
      const b0 = bOff + n * K;
      let c0 = 0;
      let c1 = 0;
      for (let k = 0; k < K; k++) {
        const w = B[b0 + k]!;
        c0 += A[a0 + k]! * w;
        c1 += A[a1 + k]! * w;
      }
      const z = bias === null ? 0 : bias[biasOff + n]!;
      C[o0 + n] = c0 + z;
      C[o1 + n] = c1 + z;
    }
  }
  for (; m < M; m++) {
    const a0 = aOff + m * K;
    for (let n = 0; n < N; n++) {
      const b0 = bOff + n * K;
      let c = 0;
      for (let k = 0; k < K; k++) c += A[a0 + k]! * B[b0 + k]!;
      C[cOff + m * N + n] = c + (bias === null ? 0 : bias[biasOff + n]!);
    }
  }
}

/** Capacity bookkeeping shared by both kernels. */
function checkedLength(length: number, used: number, capacity: number): number {
  if (!Number.isInteger(length) || length < 0) throw new InputError(`kernel alloc: length must be a non-negative integer, got ${length}`, 'length');
  if (used + length > capacity) throw new InputError(`kernel alloc: ${length} floats requested, ${capacity - used} of ${capacity} left`, 'length');
  return length;
}

class JsKernel implements MlpKernel {
  readonly name = 'js';
  private used = 0;
  constructor(private readonly capacity: number) {}

  alloc(length: number): Float32Array {
    this.used += checkedLength(length, this.used, this.capacity);
    return new Float32Array(length);
  }

  gemmNT = gemmNTJs;

  tanh(x: Float32Array, len: number): void {
    // 1 − 2/(e^{2x} + 1): ≈ 2× cheaper than Math.tanh in V8, and exact at the extremes
    // (e^{2x} = ∞ → 1, 0 → −1).
    for (let k = 0; k < len; k++) x[k] = 1 - 2 / (Math.exp(2 * x[k]!) + 1);
  }

  relu(x: Float32Array, len: number): void {
    for (let k = 0; k < len; k++) x[k] = x[k]! > 0 ? x[k]! : 0;
  }

  tanhGrad(delta: Float32Array, h: Float32Array, len: number): void {
    for (let k = 0; k < len; k++) delta[k] = delta[k]! * (1 - h[k]! * h[k]!);
  }

  reluGrad(delta: Float32Array, h: Float32Array, len: number): void {
    for (let k = 0; k < len; k++) if (!(h[k]! > 0)) delta[k] = 0;
  }

  transpose(src: Float32Array, rows: number, cols: number, dst: Float32Array): void {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      for (let c = 0; c < cols; c++) dst[c * rows + r] = src[o + c]!;
    }
  }

  rowSums(src: Float32Array, rows: number, cols: number, dst: Float32Array, dstOff: number): void {
    for (let r = 0; r < rows; r++) {
      let s = 0;
      const o = r * cols;
      for (let c = 0; c < cols; c++) s += src[o + c]!;
      dst[dstOff + r] = s;
    }
  }

  adam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, len: number, b1: number, b2: number, eps: number, stepSize: number, invSqrtBc2: number): void {
    adamUpdateScalar(p, g, m, v, len, b1, b2, eps, stepSize, invSqrtBc2);
  }
}

const PAGE_BYTES = 65_536;
let wasmModule: WebAssembly.Module | null | undefined;

/** The compiled SIMD module, or null where this runtime cannot validate it. */
function kernelWasmModule(): WebAssembly.Module | null {
  if (wasmModule === undefined) {
    const bytes = readFileSync(new URL('./kernels/mlp-kernel.wasm', import.meta.url));
    wasmModule = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return wasmModule;
}

/**
 * What 'auto' asks for: `$DOSEGYM_KERNEL` ('wasm' or 'js', e.g. to check results on the
 * fallback), else 'auto'. Anything else is an InputError naming the variable.
 */
function kernelPreference(): KernelName | 'auto' {
  const want = process.env.DOSEGYM_KERNEL;
  if (want === undefined || want === '' || want === 'auto') return 'auto';
  if (want === 'wasm' || want === 'js') return want;
  throw new InputError(`DOSEGYM_KERNEL must be 'wasm', 'js' or 'auto', got '${want}'`, 'DOSEGYM_KERNEL');
}

/** The kernel 'auto' resolves to here and now (recorded in run provenance). */
export function defaultKernelName(): KernelName {
  const want = kernelPreference();
  if (want !== 'auto') return want;
  return wasmKernelAvailable() ? 'wasm' : 'js';
}

/** True where the WebAssembly SIMD kernel can run. */
export function wasmKernelAvailable(): boolean {
  return kernelWasmModule() !== null;
}

/** The module's exports (byte pointers into its memory). */
interface KernelExports {
  gemmNT(a: number, b: number, c: number, M: number, K: number, N: number, bias: number, hasBias: number): void;
  tanh(p: number, len: number): void;
  relu(p: number, len: number): void;
  tanhGrad(d: number, h: number, len: number): void;
  reluGrad(d: number, h: number, len: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  rowSums(src: number, rows: number, cols: number, dst: number): void;
  adam(p: number, g: number, m: number, v: number, len: number, b1: number, c1: number, b2: number, c2: number, eps: number, stepSize: number, invSqrtBc2: number): void;
}

class WasmKernel implements MlpKernel {
  readonly name = 'wasm';
  private readonly buffer: ArrayBuffer;
  private readonly wasm: KernelExports;
  /** Next free float; buffers start 16-byte aligned for the v128 loads. */
  private used = 0;

  constructor(
    module: WebAssembly.Module,
    private readonly capacity: number,
  ) {
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((capacity * 4) / PAGE_BYTES)) });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    this.wasm = instance.exports as unknown as KernelExports;
    this.buffer = memory.buffer; // never grown: views stay attached
  }

  alloc(length: number): Float32Array {
    const start = (this.used + 3) & ~3; // a multiple of 4 floats = 16-byte aligned
    checkedLength(length, start, this.capacity);
    this.used = start + length;
    return new Float32Array(this.buffer, start * 4, length);
  }

  gemmNT(
    A: Float32Array,
    aOff: number,
    B: Float32Array,
    bOff: number,
    C: Float32Array,
    cOff: number,
    M: number,
    K: number,
    N: number,
    bias: Float32Array | null,
    biasOff: number,
  ): void {
    this.own(A, B, C, bias ?? C);
    this.wasm.gemmNT(
      A.byteOffset + aOff * 4,
      B.byteOffset + bOff * 4,
      C.byteOffset + cOff * 4,
      M,
      K,
      N,
      bias === null ? 0 : bias.byteOffset + biasOff * 4,
      bias === null ? 0 : 1,
    );
  }

  tanh(x: Float32Array, len: number): void {
    this.own(x);
    this.wasm.tanh(x.byteOffset, len);
  }

  relu(x: Float32Array, len: number): void {
    this.own(x);
    this.wasm.relu(x.byteOffset, len);
  }

  tanhGrad(delta: Float32Array, h: Float32Array, len: number): void {
    this.own(delta, h);
    this.wasm.tanhGrad(delta.byteOffset, h.byteOffset, len);
  }

  reluGrad(delta: Float32Array, h: Float32Array, len: number): void {
    this.own(delta, h);
    this.wasm.reluGrad(delta.byteOffset, h.byteOffset, len);
  }

  transpose(src: Float32Array, rows: number, cols: number, dst: Float32Array): void {
    this.own(src, dst);
    this.wasm.transpose(src.byteOffset, rows, cols, dst.byteOffset);
  }

  rowSums(src: Float32Array, rows: number, cols: number, dst: Float32Array, dstOff: number): void {
    this.own(src, dst);
    this.wasm.rowSums(src.byteOffset, rows, cols, dst.byteOffset + dstOff * 4);
  }

  adam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, len: number, b1: number, b2: number, eps: number, stepSize: number, invSqrtBc2: number): void {
    this.own(p, g, m, v);
    this.wasm.adam(p.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, len, b1, 1 - b1, b2, 1 - b2, eps, stepSize, invSqrtBc2);
  }

  /** Pointers are only meaningful for views of this kernel's memory. */
  private own(...arrays: Float32Array[]): void {
    for (const a of arrays) {
      if (a.buffer !== this.buffer) throw new InputError('wasm kernel: every array must come from this kernel’s alloc', 'array');
    }
  }
}

/**
 * A kernel able to hold `capacity` floats, alignment padding included: for a set of
 * buffers ask for {@link kernelCapacity} of their lengths.
 */
export function createMlpKernel(capacity: number, choice: KernelName | 'auto' = 'auto'): MlpKernel {
  if (choice === 'auto') choice = kernelPreference();
  if (choice === 'js') return new JsKernel(capacity);
  const module = kernelWasmModule();
  if (module === null) {
    if (choice === 'wasm') throw new InputError('kernel "wasm" requested but this runtime does not support WebAssembly SIMD', 'kernel');
    return new JsKernel(capacity);
  }
  return new WasmKernel(module, capacity);
}
