import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { groupIndices, largestSubgroupGap, subgroupSummaries } from '../../../src/eval/stats/subgroups.js';

describe('subgroups', () => {
  it('groups units, sorting groups and labelling missing ones', () => {
    expect([...groupIndices(['*1/*1', '*1/*3', '*1/*1', null, ''])]).toEqual([
      ['*1/*1', [0, 2]],
      ['*1/*3', [1]],
      ['unknown', [3, 4]],
    ]);
  });

  it('summarises each group', () => {
    const s = subgroupSummaries([0.5, 0.7, 0.9, null], ['A', 'B', 'B', 'B'], { B: 200, rng: RandomStream.fromSeed(1) });
    expect(s.map((g) => [g.group, g.n, g.nMissing])).toEqual([
      ['A', 1, 0],
      ['B', 2, 1],
    ]);
    expect(s[1]!.mean).toBeCloseTo(0.8, 12);
  });

  it('finds the largest gap with a CI that covers it, skipping small groups', () => {
    const rng = RandomStream.fromSeed(3);
    const values: number[] = [];
    const groups: string[] = [];
    const means = { A: 0.7, B: 0.6, C: 0.4 };
    for (const [g, m] of Object.entries(means)) {
      for (let i = 0; i < 40; i++) {
        values.push(rng.normal(m, 0.05));
        groups.push(g);
      }
    }
    values.push(0, 0);
    groups.push('tiny', 'tiny');
    const gap = largestSubgroupGap(values, groups, { B: 500, rng: RandomStream.fromSeed(4), minGroupSize: 5 })!;
    expect(gap.groups).toEqual(['A', 'B', 'C']);
    expect([gap.highGroup, gap.lowGroup]).toEqual(['A', 'C']);
    expect(gap.gap).toBeGreaterThan(0.25);
    expect(gap.gap).toBeLessThan(0.35);
    expect(gap.ci.low).toBeLessThan(gap.gap);
    expect(gap.ci.high).toBeGreaterThan(gap.gap);
    expect(gap.ci.low).toBeGreaterThan(0.2);
  });

  it('returns null with fewer than two eligible groups; is reproducible', () => {
    expect(largestSubgroupGap([1, 2, 3], ['A', 'A', 'B'], { rng: RandomStream.fromSeed(1), minGroupSize: 2 })).toBeNull();
    const v = [1, 2, 3, 4, 5, 6];
    const g = ['A', 'A', 'A', 'B', 'B', 'B'];
    const a = largestSubgroupGap(v, g, { B: 100, rng: RandomStream.fromSeed(5), minGroupSize: 2 });
    const b = largestSubgroupGap(v, g, { B: 100, rng: RandomStream.fromSeed(5), minGroupSize: 2 });
    expect(a).toEqual(b);
    expect(a!.gap).toBe(3);
  });
});
