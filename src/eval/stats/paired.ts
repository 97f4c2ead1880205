/**
 * Paired differences against a reference policy, with bootstrap CIs.
 *
 * Every policy is evaluated on the same patients with the same random streams (common
 * random numbers), so episode k of policy A and episode k of the reference are a pair.
 * The difference for patient k is d_k = A_k − ref_k; the bootstrap resamples patients,
 * keeping each pair together, which is resampling the d_k. Pairing removes the
 * between-patient variance from the comparison: that is what makes head-to-head CIs narrow.
 *
 * Pairs where either value is missing (null or NaN) are dropped (complete-case) and
 * counted in `nDropped`.
 */
import { InputError } from '../../core/errors.js';
import { bootstrapCI, mean, type BootstrapOptions, type ConfidenceInterval } from './bootstrap.js';

/** Mean paired difference of a policy against the reference on one metric. */
export interface PairedDifference {
  policy: string;
  reference: string;
  /** Complete pairs. */
  n: number;
  /** Pairs dropped because a value was missing. */
  nDropped: number;
  /** Mean of policy − reference over complete pairs. */
  meanDifference: number;
  /** Bootstrap CI of the mean difference (patients resampled, pairs kept together). */
  ci: ConfidenceInterval;
  /** Pairs where the policy's value is higher / lower / equal. */
  nHigher: number;
  nLower: number;
  nEqual: number;
}

/**
 * Per-patient differences a − b over complete pairs.
 * @example pairDifferences([3, 5, null], [1, 5, 2]) // { differences: [2, 0], dropped: 1 }
 */
export function pairDifferences(
  a: ArrayLike<number | null | undefined>,
  b: ArrayLike<number | null | undefined>,
): { differences: number[]; dropped: number } {
  if (a.length !== b.length) throw new InputError(`paired values differ in length (${a.length} vs ${b.length}): pairs need the same episodes`, 'values');
  const differences: number[] = [];
  for (let k = 0; k < a.length; k++) {
    const x = a[k];
    const y = b[k];
    if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)) differences.push(x - y);
  }
  return { differences, dropped: a.length - differences.length };
}

/**
 * Mean paired difference `values − referenceValues` with a bootstrap CI.
 * @example pairedDifference('ppo', [0.7, 0.8], 'iwpc', [0.6, 0.6], { rng: RandomStream.fromSeed(3) })
 *   // { meanDifference: 0.15, ci: { low: 0.1, high: 0.2, … }, n: 2, nHigher: 2, … }
 */
export function pairedDifference(
  policy: string,
  values: ArrayLike<number | null | undefined>,
  reference: string,
  referenceValues: ArrayLike<number | null | undefined>,
  options: BootstrapOptions,
): PairedDifference {
  const { differences, dropped } = pairDifferences(values, referenceValues);
  return {
    policy,
    reference,
    n: differences.length,
    nDropped: dropped,
    meanDifference: mean(differences),
    ci: bootstrapCI(differences, mean, options),
    nHigher: differences.filter((d) => d > 0).length,
    nLower: differences.filter((d) => d < 0).length,
    nEqual: differences.filter((d) => d === 0).length,
  };
}

/**
 * Paired differences of every policy against `reference` on one metric. Policy p's CI
 * draws from `options.rng.fork(p)`, so adding or reordering policies does not change the
 * others' intervals.
 * @example pairedDifferencesVsReference({ fixed: ttrFixed, iwpc: ttrIwpc, ppo: ttrPpo }, 'fixed', { rng })
 *   // [{ policy: 'iwpc', … }, { policy: 'ppo', … }]
 */
export function pairedDifferencesVsReference(
  byPolicy: Readonly<Record<string, ArrayLike<number | null | undefined>>>,
  reference: string,
  options: BootstrapOptions,
): PairedDifference[] {
  const ref = byPolicy[reference];
  if (ref === undefined) throw new InputError(`reference policy '${reference}' is not among ${Object.keys(byPolicy).join(', ')}`, 'reference');
  return Object.entries(byPolicy)
    .filter(([name]) => name !== reference)
    .map(([name, values]) => pairedDifference(name, values, reference, ref, { ...options, rng: options.rng.fork(name) }));
}
