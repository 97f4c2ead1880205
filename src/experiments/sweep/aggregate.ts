/**
 * Aggregating a sweep's results: one row per cell (swept parameters + metrics), and one
 * group per configuration — the cells that differ only in the seed path — with each
 * metric's mean, SD and 95% confidence interval over seeds.
 *
 * The CI is Student's t interval, mean ± t(0.975, n−1)·sd/√n: with the handful of seeds a
 * sweep usually has, a bootstrap interval would be too narrow. With one seed there is no
 * interval (`ciLow`/`ciHigh` are null).
 */
import { mean } from '../../eval/stats/bootstrap.js';
import { sampleSd } from '../../eval/stats/summary.js';
import { InputError } from '../../core/errors.js';
import { canonicalJson } from '../provenance.js';
import type { CellFailure, CellRecord, SweepManifest } from './store.js';

/** Mean, SD and 95% t-interval of a metric over a group's seeds. */
export interface MetricStats {
  n: number;
  mean: number;
  sd: number;
  ciLow: number | null;
  ciHigh: number | null;
}

/** The cells of one configuration (all swept values equal except the seed). */
export interface ConfigGroup {
  /** Swept parameters other than the seed path. */
  params: Record<string, unknown>;
  /** Seeds present (values of the seed path), in cell order. */
  seeds: unknown[];
  hashes: string[];
  metrics: Record<string, MetricStats>;
}

/** One cell as a table row. */
export interface CellRow {
  index: number;
  hash: string;
  name: string;
  params: Record<string, unknown>;
  metrics: Record<string, number>;
}

export interface SweepTable {
  name: string;
  /** Swept config paths, in spec order (the seed path included when swept). */
  sweptParams: string[];
  /** The seed path when it is swept. */
  seedPath: string | undefined;
  metricNames: string[];
  /** Cells in the sweep / with results. */
  total: number;
  rows: CellRow[];
  groups: ConfigGroup[];
  /** Cells without results whose last attempt failed. */
  failures: CellFailure[];
}

/** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom. */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/**
 * Mean, SD and 95% t-interval.
 * @example metricStats([1, 2, 3]) // { n: 3, mean: 2, sd: 1, ciLow: ≈ −0.484, ciHigh: ≈ 4.484 }
 */
export function metricStats(values: readonly number[]): MetricStats {
  const n = values.length;
  const m = mean(values);
  const sd = sampleSd(values);
  if (n < 2) return { n, mean: m, sd, ciLow: null, ciHigh: null };
  const half = (T975[n - 2] ?? 1.96) * (sd / Math.sqrt(n));
  return { n, mean: m, sd, ciLow: m - half, ciHigh: m + half };
}

/** Build the table and the per-configuration groups from a sweep's manifest and records. */
export function aggregateSweep(manifest: SweepManifest, records: readonly CellRecord[], failures: readonly CellFailure[] = []): SweepTable {
  const swept = [...Object.keys(manifest.spec.grid ?? {}), ...Object.keys(manifest.spec.random?.params ?? {})];
  const seedPath = swept.includes(manifest.spec.seedPath) ? manifest.spec.seedPath : undefined;
  const known = new Set(manifest.cells.map((c) => c.hash));
  const rows: CellRow[] = records
    .filter((r) => known.has(r.hash))
    .sort((a, b) => a.index - b.index)
    .map((r) => ({ index: r.index, hash: r.hash, name: r.name, params: r.params, metrics: r.metrics }));
  const metricNames = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))];
  const byKey = new Map<string, { params: Record<string, unknown>; seeds: unknown[]; hashes: string[]; values: Map<string, number[]> }>();
  for (const row of rows) {
    const params = Object.fromEntries(Object.entries(row.params).filter(([p]) => p !== seedPath));
    const key = canonicalJson(params);
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { params, seeds: [], hashes: [], values: new Map() }));
    if (seedPath) g.seeds.push(row.params[seedPath]);
    g.hashes.push(row.hash);
    for (const [m, v] of Object.entries(row.metrics)) {
      if (!g.values.has(m)) g.values.set(m, []);
      g.values.get(m)!.push(v);
    }
  }
  const groups = [...byKey.values()].map((g) => ({
    params: g.params,
    seeds: g.seeds,
    hashes: g.hashes,
    metrics: Object.fromEntries([...g.values].map(([m, v]) => [m, metricStats(v)])),
  }));
  return { name: manifest.spec.name, sweptParams: swept, seedPath, metricNames, total: manifest.cells.length, rows, groups, failures: [...failures] };
}

/**
 * The configuration with the best mean of `metric` over its seeds (first one on ties).
 * @throws InputError when no cell reported `metric` (lists the metrics that exist).
 */
export function bestGroup(table: SweepTable, metric: string, direction: 'maximize' | 'minimize'): ConfigGroup | undefined {
  if (table.rows.length === 0) return undefined;
  if (!table.metricNames.includes(metric)) throw new InputError(`--metric: no cell reported '${metric}' (metrics: ${table.metricNames.join(', ')})`, '--metric');
  let best: ConfigGroup | undefined;
  for (const g of table.groups) {
    const m = g.metrics[metric]?.mean;
    if (m === undefined || !Number.isFinite(m)) continue;
    const b = best?.metrics[metric]?.mean;
    if (b === undefined || (direction === 'maximize' ? m > b : m < b)) best = g;
  }
  return best;
}

function csvCell(v: unknown): string {
  const s = typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line per cell: index, hash, name, swept parameters, metrics. */
export function tableToCsv(table: SweepTable): string {
  const header = ['index', 'hash', 'name', ...table.sweptParams, ...table.metricNames];
  const lines = table.rows.map((r) => [r.index, r.hash, r.name, ...table.sweptParams.map((p) => r.params[p]), ...table.metricNames.map((m) => r.metrics[m])].map(csvCell).join(','));
  return `${[header.map(csvCell).join(','), ...lines].join('\n')}\n`;
}
