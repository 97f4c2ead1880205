/**
 * A metric by subgroup, per policy: the group mean as a point with its CI as an error
 * bar, groups on the y axis, policies side by side (offset) in colour.
 */
import { jsonSafeRows, PLOT_CONFIG, VEGA_LITE_SCHEMA, type VegaLiteSpec } from './spec.js';

/** The mean of a metric in one subgroup under one policy, with its CI. */
export interface SubgroupMetricPoint {
  policy: string;
  group: string;
  mean: number;
  low: number;
  high: number;
  n: number;
}

export interface SubgroupMetricOptions {
  /** Metric axis title, e.g. 'True TTR'. */
  metricTitle: string;
  /** Group axis title, e.g. 'CYP2C9 diplotype'. */
  groupTitle: string;
  title?: string;
  /** Format of the metric axis (d3-format), e.g. '.0%' for fractions. */
  format?: string;
  width?: number;
}

/**
 * Points with CI error bars of a metric per subgroup and policy.
 * @example subgroupMetricSpec([{ policy: 'iwpc', group: '*1/*1', mean: 0.6, low: 0.55, high: 0.65, n: 80 }],
 *   { metricTitle: 'True TTR', groupTitle: 'CYP2C9 diplotype', format: '.0%' })
 */
export function subgroupMetricSpec(points: readonly SubgroupMetricPoint[], options: SubgroupMetricOptions): VegaLiteSpec {
  const groups = [...new Set(points.map((p) => p.group))];
  const axis = options.format ? { format: options.format } : {};
  const y = { field: 'group', type: 'nominal', title: options.groupTitle, sort: groups } as const;
  const color = { field: 'policy', type: 'nominal', title: 'Policy' } as const;
  const yOffset = { field: 'policy', type: 'nominal' } as const;
  const tooltip = [
    { field: 'policy', type: 'nominal' },
    { field: 'group', type: 'nominal' },
    { field: 'mean', type: 'quantitative', format: options.format ?? '.3f' },
    { field: 'n', type: 'quantitative' },
  ];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? `${options.metricTitle} by ${options.groupTitle}`,
    width: options.width ?? 420,
    height: { step: 14 * Math.max(1, new Set(points.map((p) => p.policy)).size) },
    data: { values: jsonSafeRows(points) },
    layer: [
      {
        mark: { type: 'rule' },
        encoding: { y, yOffset, x: { field: 'low', type: 'quantitative', title: options.metricTitle, axis }, x2: { field: 'high' }, color },
      },
      {
        mark: { type: 'point', filled: true, size: 50 },
        encoding: { y, yOffset, x: { field: 'mean', type: 'quantitative', title: options.metricTitle, axis }, color, tooltip },
      },
    ],
    config: PLOT_CONFIG,
  } as VegaLiteSpec;
}
