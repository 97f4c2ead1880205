/**
 * Trajectory bands: the median and a quantile band (default 10–90 %) of a daily series
 * across patients, one line and band per policy (e.g. INR or dose over the 90 days).
 */
import { quantileSorted } from '../stats/bootstrap.js';
import { jsonSafeRows, PLOT_CONFIG, VEGA_LITE_SCHEMA, type VegaLiteSpec } from './spec.js';

/** One point of a band: the distribution of `value` across episodes at `x` for `group`. */
export interface BandPoint {
  group: string;
  x: number;
  median: number;
  low: number;
  high: number;
  /** Finite values at this x. */
  n: number;
}

/**
 * Median and [lowQ, highQ] quantiles (type 7) of `value` per group and x; non-finite values
 * are skipped. Sorted by group (first appearance) then x.
 * @example quantileBands([{ g: 'a', d: 1, v: 1 }, { g: 'a', d: 1, v: 3 }], (r) => r.g, (r) => r.d, (r) => r.v)
 *   // [{ group: 'a', x: 1, median: 2, low: 1.2, high: 2.8, n: 2 }]
 */
export function quantileBands<R>(
  rows: readonly R[],
  group: (row: R) => string,
  x: (row: R) => number,
  value: (row: R) => number,
  lowQ = 0.1,
  highQ = 0.9,
): BandPoint[] {
  const cells = new Map<string, Map<number, number[]>>();
  for (const row of rows) {
    const v = value(row);
    if (!Number.isFinite(v)) continue;
    const g = group(row);
    let byX = cells.get(g);
    if (!byX) cells.set(g, (byX = new Map()));
    const xs = x(row);
    let list = byX.get(xs);
    if (!list) byX.set(xs, (list = []));
    list.push(v);
  }
  const out: BandPoint[] = [];
  for (const [g, byX] of cells) {
    for (const xs of [...byX.keys()].sort((a, b) => a - b)) {
      const sorted = Float64Array.from(byX.get(xs)!).sort();
      out.push({ group: g, x: xs, median: quantileSorted(sorted, 0.5), low: quantileSorted(sorted, lowQ), high: quantileSorted(sorted, highQ), n: sorted.length });
    }
  }
  return out;
}

export interface TrajectoryBandOptions {
  title?: string;
  /** Axis titles, e.g. 'Day' and 'INR'. */
  xTitle: string;
  yTitle: string;
  /** Legend title (default 'Policy'). */
  groupTitle?: string;
  /** A shaded horizontal target range, e.g. the therapeutic INR range [2, 3]. */
  targetRange?: [number, number];
  /** Describes the band in the subtitle (default '10–90 % band'). */
  bandLabel?: string;
  width?: number;
  height?: number;
}

/**
 * Median line and quantile band per group over x.
 * @example trajectoryBandSpec(quantileBands(rows, (r) => r.policy, (r) => r.day, (r) => r.trueInr),
 *   { xTitle: 'Day', yTitle: 'INR', targetRange: [2, 3] })
 */
export function trajectoryBandSpec(points: readonly BandPoint[], options: TrajectoryBandOptions): VegaLiteSpec {
  const groupTitle = options.groupTitle ?? 'Policy';
  const color = { field: 'group', type: 'nominal', title: groupTitle } as const;
  const x = { field: 'x', type: 'quantitative', title: options.xTitle } as const;
  const layers: VegaLiteSpec[] = [];
  if (options.targetRange) {
    layers.push({
      data: { values: [{ y: options.targetRange[0], y2: options.targetRange[1] }] },
      mark: { type: 'rect', color: '#2ca02c', opacity: 0.1 },
      encoding: { y: { field: 'y', type: 'quantitative' }, y2: { field: 'y2' } },
    } as VegaLiteSpec);
  }
  layers.push(
    { mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { field: 'low', type: 'quantitative', title: options.yTitle }, y2: { field: 'high' }, color } } as VegaLiteSpec,
    { mark: { type: 'line' }, encoding: { x, y: { field: 'median', type: 'quantitative', title: options.yTitle }, color } } as VegaLiteSpec,
  );
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: options.title ?? `${options.yTitle} over ${options.xTitle.toLowerCase()}`, subtitle: `median and ${options.bandLabel ?? '10–90 % band'}` },
    width: options.width ?? 480,
    height: options.height ?? 260,
    data: { values: jsonSafeRows(points) },
    layer: layers,
    config: PLOT_CONFIG,
  } as VegaLiteSpec;
}
