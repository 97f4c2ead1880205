/**
 * Run a portable policy (portable-json.ts) with no tfjs: normalisation, the pure-TS
 * {@link MlpRuntime} and the action head, as a batched {@link Policy}.
 *
 * Normalisation uses float64 arithmetic then rounds to float32 (as the normalising
 * policies of agents/rl/normalized-policy.ts do), argmax takes the first index on ties (as
 * the categorical mode and QPolicy do), and the dueling and tanh-squashed heads repeat
 * QPolicy's and SquashedGaussianPolicy's arithmetic, so actions are identical to the
 * policy the file was exported from.
 *
 * @example
 * const pi = new PortableRuntimePolicy(readPortablePolicy('policy.portable.json'));
 * const actions = pi.act(observations, {}); // Int32Array of action indices
 */
import { InputError } from '../core/errors.js';
import type { Policy } from '../agents/policy.js';
import { MlpRuntime } from '../agents/nn/runtime.js';
import type { BatchedActions, VectorInfo } from '../envs/vector/vector-env.js';
import { headOf, validatePortablePolicy, type PortablePolicy } from './portable-json.js';

/** Network inputs (normalised observation rows) for raw observations, into `out`. */
export function normalizeObservations(policy: PortablePolicy, observations: Float32Array, out: Float32Array): Float32Array {
  const n = policy.normalization;
  if (n === null) {
    out.set(observations.subarray(0, out.length));
    return out;
  }
  const d = n.mean.length;
  for (let k = 0; k < observations.length; k++) {
    const j = k % d;
    const z = (observations[k]! - n.mean[j]!) / Math.sqrt(n.var[j]! + n.epsilon);
    out[k] = z > n.clip ? n.clip : z < -n.clip ? -n.clip : z;
  }
  return out;
}

/** Index of the largest of `n` values from `offset` (first on ties). */
export function argmaxRow(values: ArrayLike<number>, offset: number, n: number): number {
  let a = 0;
  for (let j = 1; j < n; j++) if (values[offset + j]! > values[offset + a]!) a = j;
  return a;
}

/** A portable policy as a deterministic batched Policy. */
export class PortableRuntimePolicy implements Policy {
  readonly name: string;
  readonly portable: PortablePolicy;
  private runtime: MlpRuntime;
  private inputs = new Float32Array(0);

  constructor(portable: PortablePolicy, name = portable.name) {
    validatePortablePolicy(portable);
    this.portable = portable;
    this.name = name;
    this.runtime = MlpRuntime.fromWeights(portable.network, 1);
  }

  reset(): void {
    // Memoryless.
  }

  /**
   * Network outputs (logits for discrete, means for box) for raw observation rows:
   * a new [batch × outputSize] array.
   */
  forward(observations: Float32Array): Float32Array {
    const d = this.portable.observation.size;
    const batch = observations.length / d;
    if (!Number.isInteger(batch)) throw new InputError(`observations length ${observations.length} is not a multiple of ${d}`, 'observations');
    if (batch > this.runtime.maxBatch) this.runtime = MlpRuntime.fromWeights(this.portable.network, batch);
    if (this.inputs.length < observations.length) this.inputs = new Float32Array(observations.length);
    const inputs = normalizeObservations(this.portable, observations, this.inputs.subarray(0, observations.length));
    const out = new Float32Array(batch * this.runtime.outputSize);
    return this.runtime.forward(inputs, batch, out);
  }

  /**
   * What the discrete head takes the argmax of (logits, or Q-values: for a dueling head
   * Q = V + A − mean(A), as QPolicy computes it), or the Box head's unclipped actions (the
   * mean, or SAC's rescaled tanh(mean)): a new [batch × n | dim] array.
   */
  headValues(observations: Float32Array): Float32Array {
    const out = this.forward(observations);
    const a = this.portable.action;
    const head = headOf(a);
    if (head === 'dueling-q-values') {
      const n = (a as { n: number }).n;
      const batch = out.length / (n + 1);
      const q = new Float32Array(batch * n);
      for (let r = 0; r < batch; r++) {
        const o = r * (n + 1);
        let meanA = 0;
        for (let j = 0; j < n; j++) meanA += out[o + j]!;
        meanA /= n;
        for (let j = 0; j < n; j++) q[r * n + j] = out[o + n]! + out[o + j]! - meanA;
      }
      return q;
    }
    if (head === 'tanh-squashed' && a.kind === 'box') {
      const d = a.dim;
      const batch = out.length / (2 * d);
      const actions = new Float32Array(batch * d);
      for (let r = 0; r < batch; r++) for (let j = 0; j < d; j++) actions[r * d + j] = Math.tanh(out[r * 2 * d + j]!);
      for (let k = 0; k < actions.length; k++) {
        const j = k % d;
        actions[k] = a.low[j]! + 0.5 * (actions[k]! + 1) * (a.high[j]! - a.low[j]!);
      }
      return actions;
    }
    return out;
  }

  act(observations: Float32Array, _infos: VectorInfo = {}): BatchedActions {
    const out = this.headValues(observations);
    const a = this.portable.action;
    if (a.kind === 'discrete') {
      const batch = out.length / a.n;
      const actions = new Int32Array(batch);
      for (let r = 0; r < batch; r++) actions[r] = a.start + argmaxRow(out, r * a.n, a.n);
      return actions;
    }
    for (let k = 0; k < out.length; k++) {
      const j = k % a.dim;
      const lo = a.low[j] ?? -Infinity;
      const hi = a.high[j] ?? Infinity;
      out[k] = out[k]! < lo ? lo : out[k]! > hi ? hi : out[k]!;
    }
    return out;
  }
}
