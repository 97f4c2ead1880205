/**
 * One metric over a cohort: n, mean with a bootstrap CI, SD and median.
 *
 * Missing values (null, NaN: e.g. a time to first therapeutic INR that never came, or a
 * PTTR with fewer than two measurements) are left out and counted in `nMissing`, so the
 * reader sees how many patients a mean rests on.
 */
import { bootstrapCI, mean, quantileSorted, type BootstrapOptions, type ConfidenceInterval } from './bootstrap.js';

/** Summary of one metric over a set of episodes (patients). */
export interface MetricSummary {
  /** Number of finite values the summary rests on. */
  n: number;
  /** Values left out as missing (null or NaN). */
  nMissing: number;
  mean: number;
  /** Sample SD (n − 1); 0 for one value, NaN for none. */
  sd: number;
  median: number;
  /** Bootstrap CI of the mean. */
  ci: ConfidenceInterval;
}

/**
 * The finite values of a metric and the number left out.
 * @example finiteValues([1, null, NaN, 3]) // { values: [1, 3], missing: 2 }
 */
export function finiteValues(values: ArrayLike<number | null | undefined>): { values: number[]; missing: number } {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  }
  return { values: out, missing: values.length - out.length };
}

/**
 * Sample standard deviation (divisor n − 1); 0 for one value, NaN for none.
 * @example sampleSd([1, 2, 3, 4]) // ≈ 1.291
 */
export function sampleSd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  if (n === 1) return 0;
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * Summarise one metric: mean with its bootstrap CI, SD, median, counts.
 * @example summarizeMetric([0.6, 0.7, null, 0.8], { rng: RandomStream.fromSeed(1) })
 *   // { n: 3, nMissing: 1, mean: 0.7, sd: 0.1, median: 0.7, ci: { low: ≈0.6, high: ≈0.8, … } }
 */
export function summarizeMetric(values: ArrayLike<number | null | undefined>, options: BootstrapOptions): MetricSummary {
  const { values: finite, missing } = finiteValues(values);
  const sorted = Float64Array.from(finite).sort();
  return {
    n: finite.length,
    nMissing: missing,
    mean: mean(finite),
    sd: sampleSd(finite),
    median: quantileSorted(sorted, 0.5),
    ci: bootstrapCI(finite, mean, options),
  };
}
