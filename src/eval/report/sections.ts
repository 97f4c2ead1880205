/**
 * The sections of an evaluation report, each a pure function from its data to an HTML
 * fragment. Every user-supplied string goes through {@link escapeHtml}; numbers are
 * formatted here. Inline SVG plots are the output of render.ts and are inserted as markup
 * after removing any script element or event-handler attribute.
 */
import type { ConfidenceInterval } from '../stats/bootstrap.js';
import type { MetricSummary } from '../stats/summary.js';
import type { PairedDifference } from '../stats/paired.js';
import type { SubgroupGap, SubgroupSummary } from '../stats/subgroups.js';

/** How a metric is shown. */
export interface ReportMetric {
  key: string;
  label: string;
  /** Values are fractions shown as per cent. */
  percent?: boolean;
  /** Shown next to paired differences so the sign can be read. */
  higherIsBetter?: boolean;
}

export interface ReportCohort {
  size: number;
  /** Ancestry group → patients. */
  ancestry: Record<string, number>;
  /** Gene → genotype → patients. */
  genotypes: Record<string, Record<string, number>>;
}

export interface ReportPolicy {
  name: string;
  description?: string;
}

/** Everything a report shows. Strings are plain text (escaped when rendered). */
export interface ReportData {
  title: string;
  /** The question the evaluation answers; blank lines separate paragraphs. */
  question: string;
  cohort: ReportCohort;
  policies: readonly ReportPolicy[];
  /** Name of the reference policy of the paired differences. */
  reference: string;
  metrics: readonly ReportMetric[];
  /** Summaries per policy and metric key. */
  mainTable: readonly { policy: string; metric: string; summary: MetricSummary }[];
  /** Paired differences vs the reference, per metric key. */
  paired: readonly { metric: string; differences: readonly PairedDifference[] }[];
  /** Subgroup summaries per metric key, subgroup variable (label) and policy. */
  subgroups: readonly { metric: string; variable: string; policy: string; summaries: readonly SubgroupSummary[] }[];
  /** Largest subgroup gap per metric key, subgroup variable and policy (null: fewer than two groups). */
  fairness: readonly { metric: string; variable: string; policy: string; gap: SubgroupGap | null }[];
  /** Rendered plots (SVG markup from renderSvg). */
  plots: readonly { title: string; svg: string; caption?: string }[];
  /** Links to artefacts: relative paths only (other hrefs are shown as text). */
  artefacts?: readonly { label: string; href: string }[];
  /** Provenance record (collectProvenance), shown as a key/value table. */
  provenance?: Readonly<Record<string, unknown>>;
}

/**
 * Escape text for HTML content and attribute values.
 * @example escapeHtml('<b>"A&B"</b>') // '&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A value as text: per cent with one decimal, or 3 significant digits; '–' for NaN/null.
 * @example formatValue(0.6234, true) // '62.3 %'
 * @example formatValue(12.345) // '12.3'
 */
export function formatValue(value: number | null | undefined, percent = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (percent) return `${(value * 100).toFixed(1)} %`;
  if (value !== 0 && Math.abs(value) < 0.01) return value.toExponential(2);
  return Number(value.toPrecision(3)).toString();
}

/**
 * An estimate with its CI.
 * @example formatCi({ estimate: 0.62, low: 0.58, high: 0.66, level: 0.95, method: 'percentile', B: 2000 }, true) // '62.0 % (58.0 % to 66.0 %)'
 */
export function formatCi(ci: ConfidenceInterval, percent = false): string {
  return `${formatValue(ci.estimate, percent)} (${formatValue(ci.low, percent)} to ${formatValue(ci.high, percent)})`;
}

/** An HTML table; cells are already HTML (escape text before). */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = `<tr>${headers.map((h) => `<th>${h}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** A section with an id (for the table of contents) and a heading. */
export function section(id: string, heading: string, body: string): string {
  return `<section id="${escapeHtml(id)}">\n<h2>${escapeHtml(heading)}</h2>\n${body}\n</section>`;
}

function metricOf(data: ReportData, key: string): ReportMetric {
  return data.metrics.find((m) => m.key === key) ?? { key, label: key };
}

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
}

function counts(record: Record<string, number>, total: number): string {
  const rows = Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => [escapeHtml(k), String(n), formatValue(total > 0 ? n / total : NaN, true)]);
  return table(['Group', 'n', 'Share'], rows);
}

export function questionSection(data: ReportData): string {
  return section('question', 'Question', paragraphs(data.question));
}

export function cohortSection(data: ReportData): string {
  const { cohort } = data;
  const genes = Object.entries(cohort.genotypes)
    .map(([gene, byGenotype]) => `<h3>${escapeHtml(gene)}</h3>\n${counts(byGenotype, cohort.size)}`)
    .join('\n');
  return section('cohort', 'Cohort', `<p>${cohort.size} virtual patients; every policy treated the same patients with the same random streams.</p>\n<h3>Ancestry</h3>\n${counts(cohort.ancestry, cohort.size)}\n${genes}`);
}

export function policiesSection(data: ReportData): string {
  const rows = data.policies.map((p) => [escapeHtml(p.name) + (p.name === data.reference ? ' <em>(reference)</em>' : ''), escapeHtml(p.description ?? '')]);
  return section('policies', 'Policies', table(['Policy', 'Description'], rows));
}

export function mainTableSection(data: ReportData): string {
  const level = data.mainTable[0]?.summary.ci.level ?? 0.95;
  const headers = ['Policy', ...data.metrics.map((m) => escapeHtml(m.label))];
  const rows = data.policies.map((p) => [
    escapeHtml(p.name),
    ...data.metrics.map((m) => {
      const cell = data.mainTable.find((c) => c.policy === p.name && c.metric === m.key);
      if (!cell) return '–';
      const missing = cell.summary.nMissing > 0 ? ` <span class="note">n = ${cell.summary.n}</span>` : '';
      return escapeHtml(formatCi(cell.summary.ci, m.percent)) + missing;
    }),
  ]);
  return section('results', 'Main results', `<p>Mean over patients with its ${Math.round(level * 100)} % bootstrap CI.</p>\n${table(headers, rows)}`);
}

export function pairedSection(data: ReportData): string {
  const blocks = data.paired.map(({ metric, differences }) => {
    const m = metricOf(data, metric);
    const direction = m.higherIsBetter === undefined ? '' : m.higherIsBetter ? ' (higher is better)' : ' (lower is better)';
    const rows = differences.map((d) => [escapeHtml(d.policy), escapeHtml(formatCi(d.ci, m.percent)), String(d.n), `${d.nHigher} / ${d.nLower} / ${d.nEqual}`]);
    return `<h3>${escapeHtml(m.label)}${escapeHtml(direction)}</h3>\n${table(['Policy', `Difference vs ${escapeHtml(data.reference)} (CI)`, 'Pairs', 'Higher / lower / equal'], rows)}`;
  });
  return section('paired', `Paired differences vs ${data.reference}`, `<p>Per-patient differences (policy − reference) on identical patients; patients resampled with pairs kept together.</p>\n${blocks.join('\n')}`);
}

export function subgroupSection(data: ReportData): string {
  const blocks = data.subgroups.map(({ metric, variable, policy, summaries }) => {
    const m = metricOf(data, metric);
    const rows = summaries.map((s) => [escapeHtml(s.group), String(s.n), escapeHtml(formatCi(s.ci, m.percent))]);
    return `<h3>${escapeHtml(m.label)} by ${escapeHtml(variable)}: ${escapeHtml(policy)}</h3>\n${table([escapeHtml(variable), 'n', 'Mean (CI)'], rows)}`;
  });
  return section('subgroups', 'Subgroups', blocks.join('\n') || '<p>No subgroup tables.</p>');
}

export function fairnessSection(data: ReportData): string {
  const rows = data.fairness.map(({ metric, variable, policy, gap }) => {
    const m = metricOf(data, metric);
    if (!gap) return [escapeHtml(policy), escapeHtml(m.label), escapeHtml(variable), 'fewer than two groups large enough', '', ''];
    return [escapeHtml(policy), escapeHtml(m.label), escapeHtml(variable), escapeHtml(formatCi(gap.ci, m.percent)), escapeHtml(`${gap.highGroup} vs ${gap.lowGroup}`), String(gap.minGroupSize)];
  });
  return section(
    'fairness',
    'Fairness: largest subgroup gaps',
    `<p>Largest difference between subgroup means (highest − lowest), stratified bootstrap CI; groups below the minimum size are left out. The max − min gap is biased upwards: a CI reaching near 0 is no evidence of a gap.</p>\n${table(['Policy', 'Metric', 'Subgroup variable', 'Gap (CI)', 'Highest vs lowest', 'Min group n'], rows)}`,
  );
}

/** Remove script elements and on* event-handler attributes from SVG markup. */
export function sanitizeSvg(svg: string): string {
  return svg.replace(/<script[\s\S]*?<\/script\s*>/gi, '').replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*')/gi, '');
}

export function plotsSection(data: ReportData): string {
  const figures = data.plots.map((p) => {
    const svg = p.svg.trimStart().startsWith('<svg') ? sanitizeSvg(p.svg) : `<pre>${escapeHtml(p.svg)}</pre>`;
    const caption = p.caption ? ` ${escapeHtml(p.caption)}` : '';
    return `<figure>\n${svg}\n<figcaption><strong>${escapeHtml(p.title)}</strong>${caption}</figcaption>\n</figure>`;
  });
  return section('plots', 'Plots', figures.join('\n') || '<p>No plots.</p>');
}

/** True for a relative path (no scheme such as http:, javascript:, data:, and not protocol-relative). */
function isRelative(href: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('//');
}

export function artefactsSection(data: ReportData): string {
  const items = (data.artefacts ?? []).map((a) =>
    isRelative(a.href) ? `<li><a href="${escapeHtml(a.href)}">${escapeHtml(a.label)}</a></li>` : `<li>${escapeHtml(a.label)}: <code>${escapeHtml(a.href)}</code></li>`,
  );
  return section('artefacts', 'Artefacts', items.length > 0 ? `<ul>\n${items.join('\n')}\n</ul>` : '<p>No artefacts listed.</p>');
}

export function provenanceSection(data: ReportData): string {
  const entries = Object.entries(data.provenance ?? {});
  const rows = entries.map(([k, v]) => [escapeHtml(k), `<code>${escapeHtml(typeof v === 'string' ? v : JSON.stringify(v) ?? String(v))}</code>`]);
  return section('provenance', 'Provenance', rows.length > 0 ? table(['Field', 'Value'], rows) : '<p>No provenance recorded.</p>');
}
