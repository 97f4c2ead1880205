import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../../src/core/errors.js';
import { parseSweepSpec } from '../../../src/experiments/sweep/spec.js';
import { expandSweep } from '../../../src/experiments/sweep/expand.js';
import { cellHash } from '../../../src/experiments/sweep/hash.js';
import { configHash } from '../../../src/experiments/provenance.js';
import { parseConfigPath, setConfigPath } from '../../../src/experiments/sweep/config-path.js';
import { parseShard, shardItems } from '../../../src/experiments/sweep/shard.js';

const base = { seed: 0, agents: [{ config: { learningRate: 0.1 } }], env: { options: { inrSchedule: 'daily' } } };

function spec(extra: Record<string, unknown>) {
  return parseSweepSpec({ name: 's', runner: 'ppo-identity', base, ...extra });
}

describe('config paths', () => {
  it('parse dotted and indexed paths', () => {
    expect(parseConfigPath('agents[0].config.learningRate')).toEqual(['agents', 0, 'config', 'learningRate']);
    expect(() => parseConfigPath('a..b')).toThrow(InputError);
  });

  it('set a value on a copy, leaving the original alone', () => {
    const out = setConfigPath(base, 'agents[0].config.learningRate', 0.5) as typeof base;
    expect(out.agents[0]!.config.learningRate).toBe(0.5);
    expect(base.agents[0]!.config.learningRate).toBe(0.1);
  });

  it('a path missing from the base config is an error naming it and the keys that exist', () => {
    expect(() => setConfigPath(base, 'agents[0].config.learningRat', 1, 'grid')).toThrow(/learningRat.*has: learningRate/);
    expect(() => setConfigPath(base, 'agents[3].config', 1)).toThrow(/1 element/);
  });
});

describe('sweep spec', () => {
  it('errors name the offending path', () => {
    expect(() => parseSweepSpec({ name: 's', base, random: { budget: 2, seed: 1, params: { 'agents[0].config.learningRate': { type: 'log-uniform', low: -1, high: 1 } } } })).toThrow(
      /random\.params\["agents\[0\]\.config\.learningRate"\]\.low/,
    );
    expect(() => parseSweepSpec({ name: 's', base, grid: { seed: [] } })).toThrow(/grid\.seed: needs at least one value/);
    expect(() => parseSweepSpec({ name: 's', base, bogus: 1 })).toThrow(InputError);
    expect(() => expandSweep(spec({ grid: { 'env.options.inrSchedul': ['weekly'] } }))).toThrow(/grid\["env\.options\.inrSchedul"\].*inrSchedul/);
  });
});

describe('expansion', () => {
  it('is the ordered Cartesian product, first key slowest, with readable names', () => {
    const cells = expandSweep(spec({ grid: { 'agents[0].config.learningRate': [0.1, 0.2], seed: [0, 1, 2] } }));
    expect(cells.map((c) => c.name)).toEqual([
      'learningRate=0.1,seed=0',
      'learningRate=0.1,seed=1',
      'learningRate=0.1,seed=2',
      'learningRate=0.2,seed=0',
      'learningRate=0.2,seed=1',
      'learningRate=0.2,seed=2',
    ]);
    expect(cells.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect((cells[4]!.config as typeof base).agents[0]!.config.learningRate).toBe(0.2);
    expect(new Set(cells.map((c) => c.hash)).size).toBe(6);
  });

  it('hashes the resolved config: key order does not matter, values do', () => {
    expect(cellHash({ a: 1, b: { c: 2, d: 3 } })).toBe(cellHash({ b: { d: 3, c: 2 }, a: 1 }));
    expect(cellHash({ a: 1 })).not.toBe(cellHash({ a: 2 }));
    const cell = expandSweep(spec({ grid: { seed: [5] } }))[0]!;
    expect(cell.hash).toBe(configHash({ ...base, seed: 5 }).slice(0, 16));
    expect(cell.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('random search is reproducible from its seed, and raising the budget keeps earlier draws', () => {
    const params = { 'agents[0].config.learningRate': { type: 'log-uniform', low: 1e-4, high: 1e-1 }, 'env.options.inrSchedule': { type: 'choice', values: ['daily', 'weekly'] } };
    const a = expandSweep(spec({ random: { budget: 4, seed: 9, params }, grid: { seed: [0, 1] } }));
    const b = expandSweep(spec({ random: { budget: 4, seed: 9, params }, grid: { seed: [0, 1] } }));
    const c = expandSweep(spec({ random: { budget: 6, seed: 9, params }, grid: { seed: [0, 1] } }));
    expect(a.map((x) => x.hash)).toEqual(b.map((x) => x.hash));
    expect(c.slice(0, a.length).map((x) => x.hash)).toEqual(a.map((x) => x.hash));
    for (const cell of a) {
      const lr = cell.params['agents[0].config.learningRate'] as number;
      expect(lr).toBeGreaterThanOrEqual(1e-4);
      expect(lr).toBeLessThanOrEqual(1e-1);
    }
    // each random point is paired with every seed
    expect(a[0]!.params['agents[0].config.learningRate']).toBe(a[1]!.params['agents[0].config.learningRate']);
  });

  it('keeps only the first of cells that resolve to the same config', () => {
    const cells = expandSweep(spec({ random: { budget: 20, seed: 1, params: { 'env.options.inrSchedule': { type: 'choice', values: ['daily', 'weekly'] } } } }));
    expect(cells).toHaveLength(2);
    expect(cells.map((c) => c.index)).toEqual([0, 1]);
  });
});

describe('shards', () => {
  it('parse i/n, 0-based, rejecting i >= n', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    expect(() => parseShard('8/8')).toThrow(/0 <= i < n/);
    expect(() => parseShard('1-4')).toThrow(InputError);
  });

  it('are disjoint and together cover every cell, for any sweep size and shard count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 40 }), (size, count) => {
        const items = Array.from({ length: size }, (_, i) => i);
        const shards = Array.from({ length: count }, (_, index) => shardItems(items, { index, count }));
        const all = shards.flat().sort((x, y) => x - y);
        expect(all).toEqual(items);
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
