/**
 * Running mean and variance of a stream of vectors (SB3's / Gymnasium's `RunningMeanStd`).
 *
 * Each `update` takes a batch of rows, computes the batch's mean and *population* variance,
 * and merges them with the running moments by Chan et al.'s parallel algorithm
 * (Chan, Golub & LeVeque 1979, "Updating formulae and a pairwise algorithm for computing
 * sample variances"):
 *
 *   δ = m_b − m_a,  n = n_a + n_b
 *   m = m_a + δ·n_b/n
 *   M2 = var_a·n_a + var_b·n_b + δ²·n_a·n_b/n,   var = M2/n
 *
 * A batch of one row is Welford's update. Like SB3 the statistics start at mean 0, var 1,
 * count 1e-4 (a tiny pseudo-count, so the first real batch dominates and var is never 0/0).
 * Moments are float64 whatever the input dtype.
 */
import { InputError } from '../core/errors.js';

/** Serialisable statistics (JSON round-trips exactly: float64 numbers). */
export interface RunningStatsState {
  mean: number[];
  var: number[];
  count: number;
}

export class RunningMeanStd {
  readonly dim: number;
  readonly mean: Float64Array;
  readonly var: Float64Array;
  count: number;
  private readonly batchMean: Float64Array;
  private readonly batchVar: Float64Array;

  constructor(dim: number, initialCount = 1e-4) {
    if (!Number.isSafeInteger(dim) || dim <= 0) throw new InputError(`RunningMeanStd dim must be a positive integer, got ${dim}`, 'dim');
    this.dim = dim;
    this.mean = new Float64Array(dim);
    this.var = new Float64Array(dim).fill(1);
    this.count = initialCount;
    this.batchMean = new Float64Array(dim);
    this.batchVar = new Float64Array(dim);
  }

  /**
   * Merge `rows` rows of `values` (row-major, rows × dim, read from `offset`). Allocation-free.
   */
  update(values: ArrayLike<number>, rows = 1, offset = 0): void {
    const d = this.dim;
    if (rows <= 0) return;
    if (offset + rows * d > values.length) {
      throw new InputError(`RunningMeanStd.update: ${rows} rows of ${d} need ${rows * d} values from offset ${offset}, got ${values.length}`, 'values');
    }
    const bm = this.batchMean;
    const bv = this.batchVar;
    bm.fill(0);
    bv.fill(0);
    for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) bm[j] += values[offset + r * d + j]!;
    for (let j = 0; j < d; j++) bm[j] /= rows;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < d; j++) {
        const dev = values[offset + r * d + j]! - bm[j]!;
        bv[j] += dev * dev;
      }
    }
    for (let j = 0; j < d; j++) bv[j] /= rows;
    this.mergeMoments(bm, bv, rows);
  }

  /** Merge precomputed moments of a batch (mean, population variance, count). */
  mergeMoments(batchMean: ArrayLike<number>, batchVar: ArrayLike<number>, batchCount: number): void {
    const total = this.count + batchCount;
    for (let j = 0; j < this.dim; j++) {
      const delta = batchMean[j]! - this.mean[j]!;
      const m2 = this.var[j]! * this.count + batchVar[j]! * batchCount + (delta * delta * this.count * batchCount) / total;
      this.mean[j] = this.mean[j]! + (delta * batchCount) / total;
      this.var[j] = m2 / total;
    }
    this.count = total;
  }

  getState(): RunningStatsState {
    return { mean: Array.from(this.mean), var: Array.from(this.var), count: this.count };
  }

  setState(state: RunningStatsState, field = 'state'): void {
    if (state === null || typeof state !== 'object') throw new InputError(`${field} must be {mean, var, count}`, field);
    for (const key of ['mean', 'var'] as const) {
      const v = state[key];
      if (!Array.isArray(v) || v.length !== this.dim || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw new InputError(`${field}.${key} must be an array of ${this.dim} finite numbers`, `${field}.${key}`);
      }
    }
    if (state.var.some((x) => x < 0)) throw new InputError(`${field}.var must be ≥ 0`, `${field}.var`);
    if (typeof state.count !== 'number' || !(state.count > 0) || !Number.isFinite(state.count)) {
      throw new InputError(`${field}.count must be a positive number, got ${JSON.stringify(state.count)}`, `${field}.count`);
    }
    this.mean.set(state.mean);
    this.var.set(state.var);
    this.count = state.count;
  }
}
