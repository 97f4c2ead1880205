/**
 * CSV forms of an evaluation's numbers: `metrics.csv` (long format: one row per policy ×
 * metric in the main table, per subgroup, and per paired difference, each with its CI) and
 * `episodes.csv` (one row per policy × patient). RFC 4180 quoting; numbers with full
 * precision; empty cells for missing values.
 */
import type { ReportData } from '../../eval/report/sections.js';

/**
 * A CSV cell: quoted when it holds a comma, quote or newline; '' for null/undefined/NaN.
 * @example csvCell('a,b') // '"a,b"'
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (objects with the same keys) as CSV text with a header line. */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

export const METRICS_CSV_COLUMNS = ['table', 'policy', 'reference', 'metric', 'variable', 'group', 'n', 'estimate', 'low', 'high', 'level'] as const;

/**
 * The long table of every number with a CI in `data`.
 * @example metricsCsv(reportData).split('\n')[0] // 'table,policy,reference,metric,variable,group,n,estimate,low,high,level'
 */
export function metricsCsv(data: Omit<ReportData, 'plots'>): string {
  const rows: Record<string, unknown>[] = [];
  for (const c of data.mainTable) {
    rows.push({ table: 'main', policy: c.policy, metric: c.metric, n: c.summary.n, estimate: c.summary.ci.estimate, low: c.summary.ci.low, high: c.summary.ci.high, level: c.summary.ci.level });
  }
  for (const p of data.paired) {
    for (const d of p.differences) {
      rows.push({ table: 'paired', policy: d.policy, reference: d.reference, metric: p.metric, n: d.n, estimate: d.meanDifference, low: d.ci.low, high: d.ci.high, level: d.ci.level });
    }
  }
  for (const s of data.subgroups) {
    for (const g of s.summaries) {
      rows.push({ table: 'subgroup', policy: s.policy, metric: s.metric, variable: s.variable, group: g.group, n: g.n, estimate: g.mean, low: g.ci.low, high: g.ci.high, level: g.ci.level });
    }
  }
  for (const f of data.fairness) {
    if (f.gap) rows.push({ table: 'fairness-gap', policy: f.policy, metric: f.metric, variable: f.variable, group: `${f.gap.highGroup} vs ${f.gap.lowGroup}`, estimate: f.gap.gap, low: f.gap.ci.low, high: f.gap.ci.high, level: f.gap.ci.level });
  }
  return toCsv(rows, METRICS_CSV_COLUMNS);
}
