/**
 * The pure-TS network kernels (src/agents/nn/kernel.ts): the WebAssembly SIMD kernel
 * against the scalar TypeScript kernel, timed alternately in this process so that load
 * affects both alike. Rows: gemmNT on the shapes of a [64, 64] network at batch 256 and of
 * a [256, 256] one at batch 64 (GMAC/s), tanh over 16k values, and a whole TrainableMlp
 * forward + backward (the PPO critic shape and DQN's Q-network shape).
 */
import { createMlpKernel, type KernelName, type MlpKernel } from '../src/agents/nn/kernel.js';
import { TrainableMlp } from '../src/agents/nn/trainable-mlp.js';
import { RandomStream } from '../src/core/random.js';
import { randomMlpWeights } from '../test/agents/nn/gradcheck.js';
import { timeAlternately, type BenchResult } from './harness.js';

const GROUP = 'nn';

/** Median seconds per call of `make(kernel)()` for each kernel, timed alternately. */
function alternate(make: (kernel: KernelName) => () => void): Record<KernelName, number> {
  return timeAlternately({ wasm: make('wasm'), js: make('js') });
}

function gemmCase(M: number, K: number, N: number) {
  return (choice: KernelName) => {
    const kernel: MlpKernel = createMlpKernel(M * K + K * N + N + M * N + 8, choice);
    const rng = RandomStream.fromSeed(M + K + N);
    const A = rng.fillNormal(kernel.alloc(M * K), 0, 1) as Float32Array;
    const B = rng.fillNormal(kernel.alloc(N * K), 0, 1) as Float32Array;
    const bias = rng.fillNormal(kernel.alloc(N), 0, 1) as Float32Array;
    const C = kernel.alloc(M * N);
    return () => kernel.gemmNT(A, 0, B, 0, C, 0, M, K, N, bias, 0);
  };
}

function mlpCase(sizes: number[], activation: 'tanh' | 'relu', batch: number) {
  return (kernel: KernelName) => {
    const net = new TrainableMlp(randomMlpWeights(sizes, activation, 1), batch, { kernel });
    RandomStream.fromSeed(2).fillNormal(net.input(), 0, 1);
    return () => {
      const y = net.forward(batch);
      const dy = net.outputGrad();
      for (let k = 0; k < batch * net.outputSize; k++) dy[k] = y[k]!;
      net.backward();
    };
  };
}

export default async function nnBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const baseline = 'scalar TypeScript kernel, same run';
  for (const [M, K, N] of [[256, 64, 64], [64, 256, 64], [64, 256, 256], [256, 256, 256]] as const) {
    const t = alternate(gemmCase(M, K, N));
    const macs = M * K * N;
    results.push({
      group: GROUP,
      name: `gemmNT [${M}×${K}]·[${N}×${K}]ᵀ, wasm SIMD`,
      value: macs / t.wasm / 1e9,
      unit: 'GMAC/s',
      baseline,
      ratio: t.js / t.wasm,
      details: { jsGmacPerS: +(macs / t.js / 1e9).toFixed(2) },
    });
  }
  const n = 16_384;
  const tanh = alternate((choice) => {
    const kernel = createMlpKernel(2 * n, choice);
    const x = kernel.alloc(n);
    const src = RandomStream.fromSeed(3).fillNormal(new Float64Array(n), 0, 2) as Float32Array;
    return () => {
      x.set(src);
      kernel.tanh(x, n);
    };
  });
  results.push({ group: GROUP, name: `tanh over ${n} values (incl. a copy in), wasm SIMD`, value: n / tanh.wasm / 1e6, unit: 'M values/s', baseline, ratio: tanh.js / tanh.wasm });
  for (const [label, sizes, activation, batch] of [
    ['PPO critic [4, 64, 64, 1] tanh, batch 256', [4, 64, 64, 1], 'tanh', 256],
    ['DQN Q-net [4, 256, 256, 2] relu, batch 64', [4, 256, 256, 2], 'relu', 64],
  ] as const) {
    const t = alternate(mlpCase([...sizes], activation, batch));
    results.push({ group: GROUP, name: `TrainableMlp forward + backward, ${label}`, value: 1 / t.wasm, unit: 'passes/s', baseline, ratio: t.js / t.wasm, details: { wasmMs: +(t.wasm * 1000).toFixed(3), jsMs: +(t.js * 1000).toFixed(3) } });
  }
  return results;
}
