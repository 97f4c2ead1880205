/**
 * Per-subgroup summaries (genotype, phenotype, ancestry) and the largest gap between
 * subgroups: the fairness view of a policy.
 *
 * **Groups.** A unit's group is a string; null/undefined/'' become `missingLabel`
 * ('unknown'), so patients with an uncalled gene form their own group rather than vanish.
 * Missing metric values (null, NaN) are left out of their group's mean.
 *
 * **Largest gap.** Among groups with at least `minGroupSize` finite values, the gap is
 * max(group mean) − min(group mean). Its CI comes from a *stratified* bootstrap: each
 * replicate resamples patients within every group (group sizes fixed) and recomputes all
 * group means, and the identity of the highest and lowest groups is re-determined in each
 * replicate, so the CI reflects the selection of the extreme groups. The max − min
 * statistic is biased upwards when groups are small or truly equal (the gap of groups with
 * equal means is still > 0 by noise): read a CI that reaches near 0 as "no evidence of a
 * gap", and prefer a larger `minGroupSize` for many small groups. For the same reason the
 * percentile CI can even lie above the estimate when groups barely differ.
 */
import { bootstrapCI, bootstrapIndexCI, mean, type BootstrapOptions, type ConfidenceInterval } from './bootstrap.js';
import { finiteValues } from './summary.js';
import { InputError } from '../../core/errors.js';

/** The mean of one metric in one subgroup. */
export interface SubgroupSummary {
  group: string;
  /** Finite values in the group. */
  n: number;
  /** Values of the group left out as missing. */
  nMissing: number;
  mean: number;
  ci: ConfidenceInterval;
}

/** The largest difference between subgroup means, with its CI. */
export interface SubgroupGap {
  /** max − min of the eligible group means. */
  gap: number;
  highGroup: string;
  lowGroup: string;
  /** Stratified bootstrap CI of the gap. */
  ci: ConfidenceInterval;
  /** Groups that entered the comparison (n ≥ minGroupSize), sorted. */
  groups: string[];
  minGroupSize: number;
}

export interface SubgroupOptions extends BootstrapOptions {
  /** Label for units without a group (default 'unknown'). */
  missingLabel?: string;
}

type GroupLabel = string | null | undefined;

/**
 * Indices of the units of each group, groups sorted by name.
 * @example groupIndices(['*1/*1', '*1/*3', '*1/*1', null]) // Map { '*1/*1' → [0, 2], '*1/*3' → [1], 'unknown' → [3] }
 */
export function groupIndices(groups: ArrayLike<GroupLabel>, missingLabel = 'unknown'): Map<string, number[]> {
  const byGroup = new Map<string, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    const label = g === null || g === undefined || g === '' ? missingLabel : g;
    let list = byGroup.get(label);
    if (!list) byGroup.set(label, (list = []));
    list.push(i);
  }
  return new Map([...byGroup.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function checkAligned(values: ArrayLike<unknown>, groups: ArrayLike<unknown>): void {
  if (values.length !== groups.length) throw new InputError(`values and groups differ in length (${values.length} vs ${groups.length})`, 'groups');
}

/**
 * Mean of a metric with a bootstrap CI in each group. Group g's CI draws from
 * `options.rng.fork(g)`.
 * @example subgroupSummaries([0.5, 0.7, 0.9], ['A', 'B', 'B'], { rng })
 *   // [{ group: 'A', n: 1, mean: 0.5, … }, { group: 'B', n: 2, mean: 0.8, … }]
 */
export function subgroupSummaries(
  values: ArrayLike<number | null | undefined>,
  groups: ArrayLike<GroupLabel>,
  options: SubgroupOptions,
): SubgroupSummary[] {
  checkAligned(values, groups);
  const out: SubgroupSummary[] = [];
  for (const [group, indices] of groupIndices(groups, options.missingLabel)) {
    const { values: finite, missing } = finiteValues(indices.map((i) => values[i]));
    out.push({ group, n: finite.length, nMissing: missing, mean: mean(finite), ci: bootstrapCI(finite, mean, { ...options, rng: options.rng.fork(group) }) });
  }
  return out;
}

/**
 * The largest gap between subgroup means among groups with ≥ `minGroupSize` finite values
 * (default 5), with a stratified bootstrap CI; null when fewer than two groups qualify.
 * @example largestSubgroupGap(ttr, cyp2c9Diplotypes, { rng, minGroupSize: 10 })
 *   // { gap: 0.12, highGroup: '*1/*1', lowGroup: '*3/*3', ci: { … }, groups: [...], minGroupSize: 10 }
 */
export function largestSubgroupGap(
  values: ArrayLike<number | null | undefined>,
  groups: ArrayLike<GroupLabel>,
  options: SubgroupOptions & { minGroupSize?: number },
): SubgroupGap | null {
  checkAligned(values, groups);
  const minGroupSize = options.minGroupSize ?? 5;
  const names: string[] = [];
  const strata: number[][] = [];
  for (const [group, indices] of groupIndices(groups, options.missingLabel)) {
    const finite = indices.filter((i) => Number.isFinite(values[i]));
    if (finite.length >= minGroupSize && finite.length > 0) {
      names.push(group);
      strata.push(finite);
    }
  }
  if (names.length < 2) return null;
  const groupOf = new Int32Array(values.length).fill(-1);
  strata.forEach((s, g) => s.forEach((i) => (groupOf[i] = g)));
  const sums = new Float64Array(names.length);
  const counts = new Int32Array(names.length);
  /** Group means of the units in idx, written to `sums`; returns the extreme groups. */
  const extremes = (idx: Int32Array): { hi: number; lo: number } => {
    sums.fill(0);
    counts.fill(0);
    for (let j = 0; j < idx.length; j++) {
      const i = idx[j]!;
      sums[groupOf[i]!]! += values[i] as number;
      counts[groupOf[i]!]!++;
    }
    let hi = -1;
    let lo = -1;
    for (let g = 0; g < names.length; g++) {
      if (counts[g] === 0) continue;
      sums[g] = sums[g]! / counts[g]!;
      if (hi < 0 || sums[g]! > sums[hi]!) hi = g;
      if (lo < 0 || sums[g]! < sums[lo]!) lo = g;
    }
    return { hi, lo };
  };
  const gapOf = (idx: Int32Array): number => {
    const { hi, lo } = extremes(idx);
    return sums[hi]! - sums[lo]!;
  };
  const ci = bootstrapIndexCI(values.length, gapOf, { ...options, strata });
  const { hi, lo } = extremes(Int32Array.from(strata.flat()));
  return { gap: ci.estimate, highGroup: names[hi]!, lowGroup: names[lo]!, ci, groups: names, minGroupSize };
}
