/**
 * The policy map: the dose a policy chooses against the last INR it has seen, per
 * genotype group, one panel per policy. Points are decisions (translucent); the line is
 * the mean dose per INR bin and group, so a reader sees how each policy titrates and how
 * it treats genotypes differently.
 *
 * Size: a 90-day evaluation of 1,000 patients has 90,000 decisions per policy, too many to
 * inline in an SVG. The mean line is computed here from *all* decisions
 * ({@link binnedMeanDose}); the points are thinned deterministically to at most
 * `maxPoints` per policy (every k-th decision, k = ⌈n / maxPoints⌉).
 */
import { jsonSafeRows, PLOT_CONFIG, VEGA_LITE_SCHEMA, type VegaLiteSpec } from './spec.js';

/** One dosing decision. */
export interface PolicyMapPoint {
  policy: string;
  /** Genotype (or other) group of the patient. */
  group: string;
  lastInr: number;
  dose: number;
}

/** Mean dose of the decisions of one policy and group whose last INR falls in a bin. */
export interface BinnedDose {
  policy: string;
  group: string;
  /** Bin centre. */
  inr: number;
  meanDose: number;
  n: number;
}

export interface PolicyMapOptions {
  /** Legend title (default 'Genotype'). */
  groupTitle?: string;
  /** Dose axis title (default 'Dose (mg)'). */
  doseTitle?: string;
  /** Width of an INR bin for the mean line (default 0.25). */
  binStep?: number;
  /** Points drawn per policy at most (default 2000). */
  maxPoints?: number;
  title?: string;
  width?: number;
  height?: number;
}

/**
 * Mean dose per policy, group and INR bin [k·step, (k+1)·step), sorted by policy, group, INR.
 * @example binnedMeanDose([{ policy: 'p', group: 'g', lastInr: 2.1, dose: 5 }, { policy: 'p', group: 'g', lastInr: 2.2, dose: 6 }], 0.25)
 *   // [{ policy: 'p', group: 'g', inr: 2.125, meanDose: 5.5, n: 2 }]
 */
export function binnedMeanDose(points: readonly PolicyMapPoint[], step = 0.25): BinnedDose[] {
  const cells = new Map<string, BinnedDose>();
  for (const p of points) {
    if (!Number.isFinite(p.lastInr) || !Number.isFinite(p.dose)) continue;
    const bin = Math.floor(p.lastInr / step);
    const key = JSON.stringify([p.policy, p.group, bin]);
    const cell = cells.get(key) ?? { policy: p.policy, group: p.group, inr: (bin + 0.5) * step, meanDose: 0, n: 0 };
    cell.meanDose += (p.dose - cell.meanDose) / ++cell.n;
    cells.set(key, cell);
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...cells.values()].sort((a, b) => cmp(a.policy, b.policy) || cmp(a.group, b.group) || a.inr - b.inr);
}

/**
 * At most `max` points per policy: every k-th point of each policy, in order.
 * @example thinPerPolicy(points, 2000)
 */
export function thinPerPolicy<T extends { policy: string }>(points: readonly T[], max: number): T[] {
  const counts = new Map<string, number>();
  for (const p of points) counts.set(p.policy, (counts.get(p.policy) ?? 0) + 1);
  const seen = new Map<string, number>();
  return points.filter((p) => {
    const k = Math.ceil(counts.get(p.policy)! / max);
    const i = seen.get(p.policy) ?? 0;
    seen.set(p.policy, i + 1);
    return i % k === 0;
  });
}

/**
 * Dose against last INR, coloured by group, one column per policy.
 * @example policyMapSpec(dosingDecisionRows(evaluation, 'cyp2c9'), { groupTitle: 'CYP2C9' })
 */
export function policyMapSpec(points: readonly PolicyMapPoint[], options: PolicyMapOptions = {}): VegaLiteSpec {
  const color = { field: 'group', type: 'nominal', title: options.groupTitle ?? 'Genotype' } as const;
  const x = { field: 'inr', type: 'quantitative', title: 'Last measured INR' } as const;
  const y = { field: 'dose', type: 'quantitative', title: options.doseTitle ?? 'Dose (mg)' } as const;
  const shown = thinPerPolicy(points, options.maxPoints ?? 2000).map((p) => ({ policy: p.policy, group: p.group, inr: p.lastInr, dose: p.dose, layer: 'point' }));
  const means = binnedMeanDose(points, options.binStep ?? 0.25).map((b) => ({ policy: b.policy, group: b.group, inr: b.inr, dose: b.meanDose, n: b.n, layer: 'mean' }));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? 'Policy map: dose chosen vs last INR',
    data: { values: jsonSafeRows([...shown, ...means]) },
    facet: { column: { field: 'policy', type: 'nominal', title: 'Policy' } },
    spec: {
      width: options.width ?? 240,
      height: options.height ?? 200,
      layer: [
        { transform: [{ filter: "datum.layer === 'point'" }], mark: { type: 'point', opacity: 0.25, size: 12 }, encoding: { x, y, color } },
        { transform: [{ filter: "datum.layer === 'mean'" }], mark: { type: 'line' }, encoding: { x, y, color } },
      ],
    },
    config: PLOT_CONFIG,
  } as VegaLiteSpec;
}
