/**
 * Weight initialisation, computed in TypeScript from a {@link RandomStream} so that a seed
 * gives the same initial network on every tfjs backend.
 *
 * SB3 and CleanRL initialise actor-critic MLPs orthogonally (Saxe et al. 2014) with gain
 * √2 for hidden layers, 0.01 for the policy head (near-uniform initial policy) and 1.0 for
 * the value head; biases are zero (SB3 `common/policies.py`, CleanRL `layer_init`).
 */
import type { RandomStream } from '../../core/random.js';
import type { Activation, DenseWeights, MlpWeights } from './weights.js';

/** SB3's gains. */
export const GAIN_HIDDEN = Math.SQRT2;
export const GAIN_POLICY_HEAD = 0.01;
export const GAIN_VALUE_HEAD = 1.0;

/**
 * An orthogonal [rows, cols] matrix (row-major) scaled by `gain`, as PyTorch's
 * `nn.init.orthogonal_`: a Gaussian matrix, orthonormalised (QR with a positive diagonal
 * of R, here by modified Gram–Schmidt in float64). The orthonormal side is the shorter
 * one: columns when rows ≥ cols (WᵀW = gain²·I), rows otherwise (WWᵀ = gain²·I).
 */
export function orthogonal(rows: number, cols: number, gain: number, rng: RandomStream): Float32Array {
  const tall = rows >= cols;
  const n = tall ? rows : cols; // length of each vector to orthonormalise
  const k = tall ? cols : rows; // number of vectors
  const q = new Float64Array(n * k); // vector v at q[v*n .. v*n+n)
  for (let i = 0; i < q.length; i++) q[i] = rng.normal();
  for (let v = 0; v < k; v++) {
    const base = v * n;
    for (let u = 0; u < v; u++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[base + i]! * q[u * n + i]!;
      for (let i = 0; i < n; i++) q[base + i] = q[base + i]! - dot * q[u * n + i]!;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q[base + i]! * q[base + i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) q[base + i] = q[base + i]! / norm;
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // tall: column c is vector c; wide: row r is vector r.
      out[r * cols + c] = gain * (tall ? q[c * n + r]! : q[r * n + c]!);
    }
  }
  return out;
}

/**
 * An orthogonally initialised MLP `sizes[0] → … → sizes[last]` with zero biases: gain √2
 * on hidden layers and `outputGain` on the output layer (0.01 policy, 1.0 value).
 */
export function initMlp(sizes: readonly number[], activation: Activation, outputGain: number, rng: RandomStream): MlpWeights {
  const layers: DenseWeights[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inSize = sizes[l]!;
    const outSize = sizes[l + 1]!;
    const gain = l + 2 === sizes.length ? outputGain : GAIN_HIDDEN;
    layers.push({ inSize, outSize, w: orthogonal(inSize, outSize, gain, rng.fork(`layer${l}`)), b: new Float32Array(outSize) });
  }
  return { activation, layers };
}

/**
 * An MLP initialised as PyTorch's `nn.Linear.reset_parameters` does, which SB3's DQN and
 * SAC networks get (they do not apply the orthogonal init): kaiming_uniform with a = √5
 * gives W ~ U(−1/√fan_in, 1/√fan_in), and b ~ U(−1/√fan_in, 1/√fan_in).
 */
export function initMlpPytorch(sizes: readonly number[], activation: Activation, rng: RandomStream): MlpWeights {
  const layers: DenseWeights[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inSize = sizes[l]!;
    const outSize = sizes[l + 1]!;
    const bound = 1 / Math.sqrt(inSize);
    const layerRng = rng.fork(`layer${l}`);
    const w = Float32Array.from({ length: inSize * outSize }, () => layerRng.uniformRange(-bound, bound));
    const b = Float32Array.from({ length: outSize }, () => layerRng.uniformRange(-bound, bound));
    layers.push({ inSize, outSize, w, b });
  }
  return { activation, layers };
}
