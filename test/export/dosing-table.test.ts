/**
 * Dosing table: a policy that depends only on banded features (genotype, last INR,
 * yesterday's dose) is reproduced exactly, so the fidelity is 1; the constructed
 * observations follow the documented reference; CSV and Markdown carry every cell.
 */
import { describe, expect, it } from 'vitest';
import { observationLayout } from '../../src/envs/warfarin/observation.js';
import { bandIndex, bandsFromEdges, buildDosingTable, dosingTableCsv, dosingTableMarkdown, genotypeGroups, lookupDose, tableFidelity } from '../../src/export/dosing-table.js';
import { RandomStream } from '../../src/core/random.js';

const layout = observationLayout(true);
const at = (name: string): number => layout.find((f) => f.name === name)!.index;
const size = layout.length;

/** A nomogram-like rule: target 5 mg scaled by genotype, adjusted by INR band. */
function ruleDose(row: ArrayLike<number>): number {
  const inr = row[at('lastInr')]!;
  const current = row[at('dose1')]!;
  const sens = 1 - 0.25 * row[at('vkorc1A')]! - (row[at('cyp2c9_33')] ? 0.3 : 0);
  const base = inr < 2 ? current + 1 : inr < 3 ? current : current - 1;
  return Math.max(0, Math.min(15, Math.round(2 * base * sens) / 2));
}
const doses = (obs: Float32Array): number[] => Array.from({ length: obs.length / size }, (_, r) => ruleDose(obs.subarray(r * size, (r + 1) * size)));

/** Random states whose current dose is a band representative (so the rule is band-constant). */
function randomStates(n: number, rng: RandomStream): Float32Array {
  const s = new Float32Array(n * size);
  const reps = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 11, 13.5];
  for (let r = 0; r < n; r++) {
    const o = r * size;
    s[o + at('day')] = 1 + Math.floor(rng.uniform() * 89);
    s[o + at('lastInr')] = 0.9 + 4.5 * rng.uniform();
    s[o + at('dose1')] = reps[Math.floor(rng.uniform() * reps.length)]!;
    s[o + at('age')] = 40 + 40 * rng.uniform();
    s[o + at('cyp2c9_11') + Math.floor(rng.uniform() * 6)] = 1;
    s[o + at('vkorc1A')] = Math.floor(rng.uniform() * 3);
  }
  return s;
}

describe('dosing table', () => {
  it('has 18 genotype groups and contiguous bands', () => {
    expect(genotypeGroups(layout)).toHaveLength(18);
    expect(genotypeGroups(observationLayout(false))).toHaveLength(1);
    const b = bandsFromEdges([1.5, 2, 3], '', 0.25, 0.5);
    expect(b.map((x) => x.label)).toEqual(['< 1.5', '1.5–2', '2–3', '≥ 3']);
    expect(b.map((x) => x.value)).toEqual([1.25, 1.75, 2.5, 3.5]);
    expect([1.49, 1.5, 2.99, 3, 9].map((x) => bandIndex(b, x))).toEqual([0, 1, 2, 3, 3]);
  });

  it('reproduces a band-constant policy exactly (fidelity 1)', () => {
    const states = randomStates(2000, RandomStream.fromSeed(5));
    // INR bands must not split the rule's thresholds 2 and 3: the default edges include both
    const table = buildDosingTable(doses, layout, { referenceStates: states });
    expect(table.cells).toHaveLength(18 * 8 * 12);
    expect(table.reference.features.age).toBeGreaterThan(40);
    expect(table.reference.features.age).toBeLessThan(80);
    const f = tableFidelity(table, layout, states, doses(states));
    expect(f).toMatchObject({ n: 2000, uncovered: 0, exact: 1, within05: 1 });
    const row = states.subarray(0, size);
    expect(lookupDose(table, layout, row)).toBe(ruleDose(row));
  });

  it('counts non-genotyped patients as uncovered and writes CSV/Markdown', () => {
    const states = randomStates(10, RandomStream.fromSeed(6));
    states[at('cyp2c9Unknown')] = 1;
    const table = buildDosingTable(doses, layout);
    expect(table.reference.source).toMatch(/DEFAULT_REFERENCE/);
    const f = tableFidelity(table, layout, states, doses(states));
    expect(f.uncovered).toBe(1);
    const csv = dosingTableCsv(table).trim().split('\n');
    expect(csv).toHaveLength(1 + table.cells.length);
    expect(csv[1]).toMatch(/^"CYP2C9 \*1\/\*1, VKORC1 G\/G",\*1\/\*1,G\/G,"< 1.5",,1.5,1.25,/);
    const md = dosingTableMarkdown(table);
    expect(md.match(/^## CYP2C9/gm)).toHaveLength(18);
  });
});
