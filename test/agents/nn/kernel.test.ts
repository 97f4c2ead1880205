/**
 * The float32 kernels behind TrainableMlp and MlpRuntime, the same suite on both
 * implementations: gemmNT against a float64 triple loop on shapes that hit every block
 * and tail (odd M, N mod 4, K mod 4), offsets inside larger buffers, with and without
 * bias, within the classical error bound of float32 summation; the element-wise ops
 * against Math.tanh and direct formulas, on lengths that hit every tail; the allocation
 * contract; and the committed wasm binary against its source.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMlpKernel, wasmKernelAvailable } from '../../../src/agents/nn/kernel.js';
import { InputError } from '../../../src/core/errors.js';
import { RandomStream } from '../../../src/core/random.js';
import { compileWat, watSources } from '../../../scripts/build-wasm.js';

const SHAPES = [[1, 1, 1], [2, 3, 4], [3, 5, 7], [6, 1, 9], [5, 8, 3], [4, 64, 8], [7, 2, 5], [3, 6, 6], [256, 64, 64], [9, 257, 13]] as const; // prettier-ignore
/** Float32 unit roundoff 2⁻²⁴. */
const U32 = 2 ** -24;

describe.each(['wasm', 'js'] as const)('gemmNT (%s)', (choice) => {
  it.each(SHAPES)('[%i × %i]·[%i × K]ᵀ equals the float64 sum within γ_(K+1)·Σ|terms| (with and without bias)', (M, K, N) => {
    const rng = RandomStream.fromSeed(M * 100 + K * 10 + N);
    for (const withBias of [true, false]) {
      const kernel = createMlpKernel(M * K + 2 + N * K + 1 + N + 1 + M * N + 3 + 8, choice);
      expect(kernel.name).toBe(choice);
      const A = rng.fillNormal(kernel.alloc(M * K + 2), 0, 1) as Float32Array;
      const B = rng.fillNormal(kernel.alloc(N * K + 1), 0, 1) as Float32Array;
      const bias = rng.fillNormal(kernel.alloc(N + 1), 0, 1) as Float32Array;
      const C = kernel.alloc(M * N + 3);
      kernel.gemmNT(A, 2, B, 1, C, 3, M, K, N, withBias ? bias : null, 1);
      let worst = 0;
      for (let m = 0; m < M; m++) {
        for (let n = 0; n < N; n++) {
          let s = withBias ? bias[1 + n]! : 0;
          let magnitude = Math.abs(s);
          for (let k = 0; k < K; k++) {
            s += A[2 + m * K + k]! * B[1 + n * K + k]!;
            magnitude += Math.abs(A[2 + m * K + k]! * B[1 + n * K + k]!);
          }
          // Higham's bound for float32 recursive summation of K + 1 terms: (K + 1)·u / (1 − (K + 1)·u).
          const gamma = ((K + 2) * U32) / (1 - (K + 2) * U32);
          worst = Math.max(worst, Math.abs(C[3 + m * N + n]! - s) / (gamma * magnitude));
        }
      }
      expect(worst).toBeLessThanOrEqual(1);
      expect(Array.from(C.subarray(0, 3))).toEqual([0, 0, 0]); // nothing written before cOff
    }
  });

  it.each([1, 2, 3, 5, 7, 64, 66])('element-wise ops, length %i', (len) => {
    const kernel = createMlpKernel(8 * len + 16, choice);
    const rng = RandomStream.fromSeed(len);
    const x = kernel.alloc(len);
    for (let i = 0; i < len; i++) x[i] = (i % 3 === 0 ? 30 : 3) * (2 * rng.uniform() - 1); // includes saturated values
    if (len >= 7) x.set([0, -0, 1e-9, -25, 25], 0);
    const h = kernel.alloc(len);
    h.set(x);
    kernel.tanh(h, len);
    // float32: a few units of 2⁻²⁴ (the spacing near 1 is 2⁻²³)
    for (let i = 0; i < len; i++) expect(Math.abs(h[i]! - Math.tanh(x[i]!)), `tanh(${x[i]})`).toBeLessThan(3 * U32);
    for (let i = 0; i < len; i++) if (Math.abs(x[i]!) >= 10) expect(Math.abs(h[i]!)).toBe(1); // saturates exactly
    const r = kernel.alloc(len);
    r.set(x);
    kernel.relu(r, len);
    for (let i = 0; i < len; i++) expect(r[i]).toBe(x[i]! > 0 ? x[i] : 0);

    const d = kernel.alloc(len);
    rng.fillNormal(d, 0, 1);
    const d0 = Float64Array.from(d);
    kernel.tanhGrad(d, h, len);
    for (let i = 0; i < len; i++) expect(Math.abs(d[i]! - d0[i]! * (1 - h[i]! * h[i]!))).toBeLessThanOrEqual(4 * U32 * Math.abs(d0[i]!));
    d.set(d0);
    kernel.reluGrad(d, r, len);
    for (let i = 0; i < len; i++) expect(d[i]).toBe(r[i]! > 0 ? d0[i] : 0);
  });

  it.each([[1, 1], [3, 5], [4, 64], [7, 2], [8, 8], [9, 13], [64, 4], [6, 7]] as const)('transpose and rowSums of a [%i × %i] block', (rows, cols) => {
    const kernel = createMlpKernel(3 * rows * cols + rows + 8, choice);
    const src = RandomStream.fromSeed(rows * cols).fillNormal(kernel.alloc(rows * cols), 0, 1) as Float32Array;
    const dst = kernel.alloc(rows * cols);
    kernel.transpose(src, rows, cols, dst);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) expect(dst[c * rows + r]).toBe(src[r * cols + c]);
    const sums = kernel.alloc(rows + 2);
    kernel.rowSums(src, rows, cols, sums, 2);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      let magnitude = 0;
      for (let c = 0; c < cols; c++) {
        s += src[r * cols + c]!;
        magnitude += Math.abs(src[r * cols + c]!);
      }
      expect(Math.abs(sums[2 + r]! - s)).toBeLessThanOrEqual((cols + 1) * U32 * magnitude);
    }
  });

  it.each([1, 4, 7, 33])('adam over %i parameters equals the float64 formula to float32 rounding', (len) => {
    const kernel = createMlpKernel(4 * len + 16, choice);
    const rng = RandomStream.fromSeed(40 + len);
    const [p, g, m, v] = [0, 1, 2, 3].map(() => kernel.alloc(len));
    rng.fillNormal(p!, 0, 1);
    rng.fillNormal(g!, 0, 0.1);
    rng.fillNormal(m!, 0, 0.01);
    for (let k = 0; k < len; k++) v![k] = 1e-4 * rng.uniform();
    const [p0, g0, m0, v0] = [p!, g!, m!, v!].map((a) => Float64Array.from(a));
    const [b1, b2, eps, step, inv] = [0.9, 0.999, 1e-8, 1e-3 / (1 - 0.9 ** 3), 1 / Math.sqrt(1 - 0.999 ** 3)];
    kernel.adam(p!, g!, m!, v!, len, b1, b2, eps, step, inv);
    for (let k = 0; k < len; k++) {
      const mk = b1 * m0![k]! + (1 - b1) * g0![k]!;
      const vk = b2 * v0![k]! + (1 - b2) * g0![k]! ** 2;
      const pk = p0![k]! - (step * mk) / (Math.sqrt(vk) * inv + eps);
      expect(Math.abs(m![k]! - mk)).toBeLessThanOrEqual(4 * U32 * (Math.abs(b1 * m0![k]!) + Math.abs((1 - b1) * g0![k]!)));
      expect(Math.abs(v![k]! - vk)).toBeLessThanOrEqual(4 * U32 * vk);
      expect(Math.abs(p![k]! - pk)).toBeLessThanOrEqual(4 * U32 * Math.abs(p0![k]!) + 1e-6 * Math.abs(pk - p0![k]!));
    }
  });

  it('allocates zeroed buffers up to its capacity, then refuses with the sizes', () => {
    const kernel = createMlpKernel(20, choice);
    expect(Array.from(kernel.alloc(5))).toEqual([0, 0, 0, 0, 0]);
    kernel.alloc(10);
    expect(() => kernel.alloc(10)).toThrow(/requested/);
  });
});

describe('wasm kernel', () => {
  it('runs here (Node 20 has WebAssembly SIMD), so the default is not the fallback', () => {
    expect(wasmKernelAvailable()).toBe(true);
    expect(createMlpKernel(8).name).toBe('wasm');
  });

  it("'auto' follows $DOSEGYM_KERNEL, so the fallback can be forced for a whole run", () => {
    const saved = process.env.DOSEGYM_KERNEL;
    try {
      process.env.DOSEGYM_KERNEL = 'js';
      expect(createMlpKernel(8).name).toBe('js');
      expect(createMlpKernel(8, 'wasm').name).toBe('wasm'); // an explicit choice wins
    } finally {
      if (saved === undefined) delete process.env.DOSEGYM_KERNEL;
      else process.env.DOSEGYM_KERNEL = saved;
    }
  });

  it('rejects arrays that are not views of its memory', () => {
    const kernel = createMlpKernel(16, 'wasm');
    const inside = kernel.alloc(4);
    expect(() => kernel.gemmNT(new Float32Array(4), 0, inside, 0, inside, 0, 2, 2, 2, null, 0)).toThrow(InputError);
  });

  it('the committed binaries are exactly what their .wat sources compile to', async () => {
    const sources = watSources();
    expect(sources.length).toBeGreaterThan(0);
    for (const wat of sources) {
      const built = await compileWat(wat);
      expect(Buffer.from(built).equals(readFileSync(wat.replace(/\.wat$/, '.wasm'))), wat).toBe(true);
    }
  });
});
