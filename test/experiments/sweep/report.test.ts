import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregateSweep, bestGroup, metricStats, tableToCsv } from '../../../src/experiments/sweep/aggregate.js';
import { expandSweep } from '../../../src/experiments/sweep/expand.js';
import { parseSweepSpec } from '../../../src/experiments/sweep/spec.js';
import { SweepStore, type CellRecord } from '../../../src/experiments/sweep/store.js';
import { writeSweepReport } from '../../../src/experiments/sweep/report.js';
import { tempDir } from './helpers.js';

const spec = parseSweepSpec({ name: 'r', runner: 'x', base: { seed: 0, lr: 1, arch: 'a' }, grid: { lr: [0.1, 1], seed: [0, 1, 2] }, objective: { metric: 'loss', direction: 'minimize' } });
const cells = expandSweep(spec);
/** Fake, known results: loss = lr + seed/10, score = -loss. */
const records: CellRecord[] = cells.map((c) => {
  const loss = (c.params.lr as number) + (c.params.seed as number) / 10;
  return { hash: c.hash, index: c.index, name: c.name, params: c.params, metrics: { loss, score: -loss }, runner: 'x', startedAt: '', finishedAt: '', durationMs: 1, host: 'h', pid: 1 };
});

describe('aggregation', () => {
  it('mean, sd and t-interval over seeds', () => {
    const s = metricStats([1, 2, 3]);
    expect(s.mean).toBe(2);
    expect(s.sd).toBeCloseTo(1, 12);
    expect(s.ciLow).toBeCloseTo(2 - 4.303 / Math.sqrt(3), 10);
    expect(metricStats([5]).ciLow).toBeNull();
  });

  it('groups cells by everything but the seed and finds the best configuration', () => {
    const table = aggregateSweep({ spec, cells, createdAt: '' }, records);
    expect(table.seedPath).toBe('seed');
    expect(table.groups).toHaveLength(2);
    expect(table.groups[0]!.metrics.loss!.mean).toBeCloseTo(0.2, 12);
    expect(bestGroup(table, 'loss', 'minimize')!.params).toEqual({ lr: 0.1 });
    expect(bestGroup(table, 'loss', 'maximize')!.params).toEqual({ lr: 1 });
    expect(() => bestGroup(table, 'nope', 'maximize')).toThrow(/metrics: loss, score/);
    const csv = tableToCsv(table).trim().split('\n');
    expect(csv[0]).toBe('index,hash,name,lr,seed,loss,score');
    expect(csv).toHaveLength(7);
  });

  it('writes CSV, JSON and a self-contained HTML report with one SVG plot per swept parameter', async () => {
    const dir = tempDir();
    const store = new SweepStore(dir);
    await store.writeManifest(spec, cells);
    for (const r of records.slice(0, 5)) await store.write(r);
    const report = await writeSweepReport(dir);
    expect(report.metric).toBe('loss');
    expect(report.direction).toBe('minimize');
    expect(report.best!.params).toEqual({ lr: 0.1 });
    const html = readFileSync(report.files.html, 'utf8');
    expect(html.match(/<svg/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toMatch(/5 of 6 cells have results/);
    const json = JSON.parse(readFileSync(report.files.json, 'utf8')) as { rows: unknown[]; best: { params: unknown } };
    expect(json.rows).toHaveLength(5);
    expect(json.best.params).toEqual({ lr: 0.1 });
  });
});
