/**
 * `dosegym sweep-report`: the sweep's results as files a person or a script can use.
 *
 * Writes into `<sweep-dir>/report/`:
 * - `cells.csv` — one row per cell: swept parameters and metrics;
 * - `cells.json` — the same rows, the per-configuration groups with mean/SD/95% CI over
 *   seeds, the failures, and the best configuration;
 * - `report.html` — self-contained (no CDN, no scripts): summary, best configuration, the
 *   configuration table, and for each swept parameter an inline SVG plot of the chosen
 *   metric (mean over seeds with 95% CI bars) against that parameter, one line per
 *   combination of the other parameters.
 *
 * Plots are vega-lite specs rendered to SVG by eval/render.ts (vega, no canvas).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../../eval/render.js';
import { VEGA_LITE_SCHEMA } from '../../eval/plots/spec.js';
import { InputError } from '../../core/errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../../core/atomic-write.js';
import { aggregateSweep, bestGroup, tableToCsv, type ConfigGroup, type SweepTable } from './aggregate.js';
import { SweepStore } from './store.js';

export interface SweepReportOptions {
  /** Metric to rank by (default: the spec's objective, else the first metric). */
  metric?: string;
  /** Default: the spec's objective direction, else maximize. */
  direction?: 'maximize' | 'minimize';
}

export interface SweepReport {
  table: SweepTable;
  metric: string | undefined;
  direction: 'maximize' | 'minimize';
  best: ConfigGroup | undefined;
  files: { csv: string; json: string; html: string };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const show = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(Number(v.toPrecision(6))) : JSON.stringify(v));
const num = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : String(Number(x.toPrecision(4))));

/** vega-lite spec: `metric` (mean, 95% CI) against swept parameter `param`. */
export function parameterPlotSpec(table: SweepTable, param: string, metric: string): TopLevelSpec {
  const others = table.sweptParams.filter((p) => p !== param && p !== table.seedPath);
  const values = table.groups.map((g) => ({
    x: g.params[param],
    mean: g.metrics[metric]?.mean ?? null,
    lo: g.metrics[metric]?.ciLow ?? null,
    hi: g.metrics[metric]?.ciHigh ?? null,
    series: others.map((p) => `${p}=${show(g.params[p])}`).join(', ') || 'all',
  }));
  const xs = values.map((v) => v.x);
  const numeric = xs.every((x) => typeof x === 'number');
  const positive = numeric && (xs as number[]).every((x) => x > 0);
  const log = positive && Math.max(...(xs as number[])) / Math.min(...(xs as number[])) >= 100;
  const data = values.map((v) => ({ ...v, x: numeric ? v.x : show(v.x) }));
  const x = { field: 'x', type: numeric ? 'quantitative' : 'nominal', title: param, ...(log ? { scale: { type: 'log' } } : {}) } as const;
  const color = { field: 'series', type: 'nominal', title: others.join(', ') || ' ' } as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    width: 360,
    height: 220,
    title: `${metric} vs ${param}`,
    data: { values: data },
    layer: [
      { mark: { type: numeric ? 'line' : 'point', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: `${metric} (mean over seeds)`, scale: { zero: false } }, color } },
      { transform: [{ filter: 'datum.lo !== null' }], mark: 'errorbar', encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
    ],
  } as TopLevelSpec;
}

function html(table: SweepTable, metric: string | undefined, direction: string, best: ConfigGroup | undefined, plots: string[]): string {
  const done = table.rows.length;
  const paramCols = table.sweptParams.filter((p) => p !== table.seedPath);
  const groupRows = table.groups
    .map((g) => {
      const mark = g === best ? ' class="best"' : '';
      const cells = paramCols.map((p) => `<td>${esc(show(g.params[p]))}</td>`).join('');
      const ms = table.metricNames.map((m) => {
        const s = g.metrics[m];
        return `<td>${num(s?.mean)}${s && s.ciLow !== null ? ` <small>[${num(s.ciLow)}, ${num(s.ciHigh)}]</small>` : ''}</td>`;
      });
      return `<tr${mark}>${cells}<td>${g.hashes.length}</td>${ms.join('')}</tr>`;
    })
    .join('\n');
  const failures = table.failures.map((f) => `<li><code>${esc(f.hash)}</code> ${esc(f.name)}: ${esc(f.error)}${f.attempts ? ` (${f.attempts} attempts)` : ''}</li>`).join('\n');
  const bestText = best && metric
    ? `<p>Best configuration by <b>${esc(metric)}</b> (${direction}, mean over ${best.hashes.length} seed(s)): <b>${esc(paramCols.map((p) => `${p}=${show(best.params[p])}`).join(', ') || 'base')}</b> — ${num(best.metrics[metric]?.mean)}${best.metrics[metric]?.ciLow != null ? ` [95% CI ${num(best.metrics[metric]!.ciLow)}, ${num(best.metrics[metric]!.ciHigh)}]` : ''}</p>`
    : '<p>No results yet.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sweep ${esc(table.name)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}th{background:#f3f3f3}tr.best{background:#e8f6e8}small{color:#666}.plots{display:flex;flex-wrap:wrap;gap:1em}</style>
</head><body>
<h1>Sweep ${esc(table.name)}</h1>
<p>${done} of ${table.total} cells have results; ${table.failures.length} failed. Swept: ${esc(table.sweptParams.join(', ') || 'nothing')}${table.seedPath ? ` (replicates over <code>${esc(table.seedPath)}</code>)` : ''}.</p>
${bestText}
<h2>Configurations</h2>
<p>Mean over seeds, with the 95% t-interval in brackets.</p>
<table><tr>${paramCols.map((p) => `<th>${esc(p)}</th>`).join('')}<th>cells</th>${table.metricNames.map((m) => `<th>${esc(m)}</th>`).join('')}</tr>
${groupRows}
</table>
${plots.length ? `<h2>Plots</h2><div class="plots">${plots.join('\n')}</div>` : ''}
${failures ? `<h2>Failed cells</h2><ul>${failures}</ul>` : ''}
<p><small>Per-cell values: cells.csv and cells.json next to this file.</small></p>
</body></html>
`;
}

/**
 * Aggregate `<sweep-dir>` and write the report files.
 * @throws InputError when the directory is not a sweep directory or the metric is unknown.
 */
export async function writeSweepReport(sweepDir: string, options: SweepReportOptions = {}): Promise<SweepReport> {
  const store = new SweepStore(sweepDir);
  const manifest = store.readManifest();
  if (!manifest) throw new InputError(`'${sweepDir}' is not a sweep directory (no sweep.json)`, 'sweep-dir');
  const table = aggregateSweep(manifest, store.list(), store.listFailures());
  const metric = options.metric ?? manifest.spec.objective?.metric ?? table.metricNames[0];
  const direction = options.direction ?? manifest.spec.objective?.direction ?? 'maximize';
  const best = metric === undefined ? undefined : bestGroup(table, metric, direction);
  const plots: string[] = [];
  if (metric !== undefined && table.rows.length > 0) {
    for (const p of table.sweptParams.filter((q) => q !== table.seedPath)) plots.push(await renderSvg(parameterPlotSpec(table, p, metric)));
  }
  const dir = join(sweepDir, 'report');
  mkdirSync(dir, { recursive: true });
  const files = { csv: join(dir, 'cells.csv'), json: join(dir, 'cells.json'), html: join(dir, 'report.html') };
  await writeFileAtomic(files.csv, tableToCsv(table));
  await writeJsonAtomic(files.json, { ...table, objective: { metric, direction }, best: best ?? null });
  await writeFileAtomic(files.html, html(table, metric, direction, best, plots));
  return { table, metric, direction, best, files };
}
