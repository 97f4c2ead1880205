import { describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { quantileBands, trajectoryBandSpec } from '../../../src/eval/plots/trajectory-band.js';
import { subgroupMetricSpec } from '../../../src/eval/plots/subgroup-metric.js';
import { learningCurveSpec } from '../../../src/eval/plots/learning-curve.js';
import { binnedMeanDose, policyMapSpec, thinPerPolicy } from '../../../src/eval/plots/policy-map.js';
import { doseTrajectorySpec, inrTrajectorySpec, warfarinPolicyMapSpec } from '../../../src/eval/plots/warfarin-plots.js';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from '../../../src/eval/plots/spec.js';
import { renderPng, renderSvg } from '../../../src/eval/render.js';
import { syntheticEvaluation } from './fixtures.js';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const evaluation = syntheticEvaluation();
const specs: [string, VegaLiteSpec, string[]][] = [
  ['INR trajectories', inrTrajectorySpec(evaluation), ['Day', 'INR']],
  ['dose trajectories', doseTrajectorySpec(evaluation), ['Day', 'Dose (mg/day)']],
  ['policy map', warfarinPolicyMapSpec(evaluation), ['Last measured INR', 'Dose (mg/day)', 'CYP2C9']],
  [
    'subgroup metric',
    subgroupMetricSpec(
      [
        { policy: 'iwpc', group: '*1/*1', mean: 0.62, low: 0.55, high: 0.69, n: 40 },
        { policy: 'ppo', group: '*1/*1', mean: 0.7, low: 0.64, high: 0.75, n: 40 },
        { policy: 'iwpc', group: '*1/*3', mean: 0.5, low: 0.41, high: 0.6, n: 12 },
        { policy: 'ppo', group: '*1/*3', mean: 0.66, low: 0.57, high: 0.74, n: 12 },
      ],
      { metricTitle: 'True TTR', groupTitle: 'CYP2C9 diplotype', format: '.0%' },
    ),
    ['True TTR', 'CYP2C9 diplotype'],
  ],
  [
    'learning curve',
    learningCurveSpec([0, 1].flatMap((seed) => [1, 2, 3].map((i) => ({ run: 'ppo', seed, step: i * 10_000, value: 50 * i + seed * 5 })))),
    ['Environment steps', 'Mean evaluation return'],
  ],
];

describe('plot spec builders', () => {
  it.each(specs)('%s: valid vega-lite v5 spec rendered to SVG with its axis titles', async (_name, spec, titles) => {
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(() => compile(spec)).not.toThrow();
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec); // plain JSON, no NaN/undefined surprises
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const title of titles) expect(svg).toContain(title);
  });

  it('renders PNG with the PNG signature and the SVG size × scale', async () => {
    const svg = await renderSvg(specs[0]![1]);
    const w = Number(/width="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
    const h = Number(/height="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
    const png = renderPng(svg, 2);
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const size = pngSize(png);
    expect(size.width).toBe(Math.ceil(w * 2));
    expect(size.height).toBe(Math.ceil(h * 2));
    expect(size.width).toBeGreaterThan(500);
  });
});

describe('quantileBands', () => {
  it('computes median and type-7 quantiles per group and x, skipping NaN', () => {
    const rows = [1, 2, 3, 4, 5, NaN].map((v) => ({ g: 'a', d: 1, v }));
    expect(quantileBands(rows, (r) => r.g, (r) => r.d, (r) => r.v)).toEqual([{ group: 'a', x: 1, median: 3, low: 1.4, high: 4.6, n: 5 }]);
  });

  it('keeps the target range layer and NaN-free data', () => {
    const spec = trajectoryBandSpec([{ group: 'a', x: 1, median: NaN, low: 1, high: 2, n: 1 }], { xTitle: 'Day', yTitle: 'INR', targetRange: [2, 3] });
    expect(JSON.stringify(spec)).not.toContain('NaN');
    expect((spec as { layer: unknown[] }).layer).toHaveLength(3);
  });

  it('policy map handles an empty decision list', () => {
    expect(() => compile(policyMapSpec([]))).not.toThrow();
  });
});

describe('policy map data', () => {
  it('bins mean doses from all decisions and thins points per policy', () => {
    const pts = [
      { policy: 'p', group: 'g', lastInr: 2.1, dose: 5 },
      { policy: 'p', group: 'g', lastInr: 2.2, dose: 6 },
      { policy: 'p', group: 'g', lastInr: 2.6, dose: 4 },
      { policy: 'q', group: 'g', lastInr: NaN, dose: 4 },
    ];
    expect(binnedMeanDose(pts, 0.25)).toEqual([
      { policy: 'p', group: 'g', inr: 2.125, meanDose: 5.5, n: 2 },
      { policy: 'p', group: 'g', inr: 2.625, meanDose: 4, n: 1 },
    ]);
    const many = Array.from({ length: 1000 }, (_, i) => ({ policy: i % 2 ? 'a' : 'b', i }));
    const thin = thinPerPolicy(many, 100);
    expect(thin.filter((p) => p.policy === 'a')).toHaveLength(100);
    expect(thin.filter((p) => p.policy === 'b')).toHaveLength(100);
    expect(JSON.stringify(policyMapSpec(pts.concat(Array(5000).fill(pts[0]!)), { maxPoints: 50 })).length).toBeLessThan(20_000);
  });
});
