import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { buildReport } from '../../../src/eval/report/html.js';
import { escapeHtml, formatCi, formatValue, sanitizeSvg } from '../../../src/eval/report/sections.js';
import { renderSvg } from '../../../src/eval/render.js';
import { inrTrajectorySpec } from '../../../src/eval/plots/warfarin-plots.js';
import { warfarinReportData } from '../../../src/eval/warfarin-evaluation.js';
import { syntheticEvaluation } from '../plots/fixtures.js';

const HEADINGS = ['Question', 'Cohort', 'Policies', 'Main results', 'Paired differences vs fixed-5mg', 'Subgroups', 'Fairness: largest subgroup gaps', 'Plots', 'Artefacts', 'Provenance'];

async function report(overrides: { question?: string; artefacts?: { label: string; href: string }[] } = {}): Promise<string> {
  const evaluation = syntheticEvaluation();
  const data = warfarinReportData(evaluation, {
    question: overrides.question ?? 'Does IWPC dosing keep more time in range than a fixed 5 mg start?',
    reference: 'fixed-5mg',
    rng: RandomStream.fromSeed(1),
    B: 200,
    minGroupSize: 3,
    policyDescriptions: { iwpc: 'IWPC pharmacogenetic algorithm' },
    plots: [{ title: 'INR trajectories', svg: await renderSvg(inrTrajectorySpec(evaluation)) }],
    artefacts: overrides.artefacts ?? [{ label: 'Dosing table', href: 'export/dosing-table.csv' }],
    provenance: { packageVersion: '0.1.0', gitCommit: null, configHash: 'abc' },
  });
  return buildReport(data);
}

describe('buildReport', () => {
  it('has every section heading and looks like a valid HTML document', async () => {
    const html = await report();
    for (const h of HEADINGS) expect(html).toContain(`<h2>${h}</h2>`);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toMatch(/<html lang="en">[\s\S]*<head>[\s\S]*<\/head>[\s\S]*<body>[\s\S]*<\/body>\s*<\/html>\s*$/);
    for (const tag of ['section', 'table', 'figure', 'tr']) {
      expect((html.match(new RegExp(`<${tag}[\\s>]`, 'g')) ?? []).length).toBe((html.match(new RegExp(`</${tag}>`, 'g')) ?? []).length);
    }
    expect(html).toContain('<svg');
    expect(html).toContain('IWPC pharmacogenetic algorithm');
    expect(html).toContain('<a href="export/dosing-table.csv">Dosing table</a>');
    // cohort: 12 patients, both ancestry groups, CYP2C9 counts
    expect(html).toContain('12 virtual patients');
    expect(html).toContain('east-asian');
    expect(html).toContain('*1/*3');
  });

  it('is self-contained: no scripts, no external stylesheets, no remote src/href', async () => {
    const html = await report({ artefacts: [{ label: 'remote', href: 'https://example.org/x.js' }, { label: 'bad', href: 'javascript:alert(1)' }] });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link[^>]+stylesheet/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('<code>https://example.org/x.js</code>');
  });

  it('escapes user strings', async () => {
    const html = await report({ question: 'Is <script>alert("x")</script> & co safe?' });
    expect(html).toContain('Is &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co safe?');
    expect(html).not.toMatch(/<script/i);
  });

  it('is deterministic for the same seed', async () => {
    expect(await report()).toBe(await report());
  });
});

describe('report helpers', () => {
  it('escape, format and sanitise', () => {
    expect(escapeHtml(`<b>"A&B's"</b>`)).toBe('&lt;b&gt;&quot;A&amp;B&#39;s&quot;&lt;/b&gt;');
    expect(formatValue(0.6234, true)).toBe('62.3 %');
    expect(formatValue(12.345)).toBe('12.3');
    expect(formatValue(NaN)).toBe('–');
    expect(formatValue(null)).toBe('–');
    expect(formatCi({ estimate: 0.62, low: 0.58, high: 0.66, level: 0.95, method: 'percentile', B: 10 }, true)).toBe('62.0 % (58.0 % to 66.0 %)');
    expect(sanitizeSvg('<svg onload="x()"><script>evil()</script><g onclick=\'y\'></g></svg>')).toBe('<svg><g></g></svg>');
  });
});
