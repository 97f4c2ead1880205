import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { generateCohort, stratumSequence } from '../../src/genomics/cohort.js';
import { alleleFrequencies } from '../../src/genomics/frequencies.js';

describe('generateCohort: reproducibility', () => {
  it('same seed → identical cohort; another seed → another cohort', () => {
    const a = generateCohort({ n: 50, seed: 42 });
    expect(generateCohort({ n: 50, seed: 42 })).toEqual(a);
    expect(generateCohort({ n: 50, seed: 43 })).not.toEqual(a);
    expect(generateCohort({ n: 50, seed: 'trial-A' })).toEqual(generateCohort({ n: 50, seed: 'trial-A' }));
  });

  it('patient i is the same whatever n, and cohorts can be built in pieces', () => {
    const small = generateCohort({ n: 10, seed: 7, ancestry: { european: 1, 'east-asian': 1 } });
    const large = generateCohort({ n: 1000, seed: 7, ancestry: { european: 1, 'east-asian': 1 } });
    expect(large.slice(0, 10)).toEqual(small);
    expect(generateCohort({ n: 5, seed: 7, start: 5, ancestry: { european: 1, 'east-asian': 1 } })).toEqual(small.slice(5));
    expect(large[999]!.id).toBe('P000999');
  });

  it('draws plausible, valid adults', () => {
    for (const p of generateCohort({ n: 500, seed: 1, ancestry: 'central-south-asian' })) {
      expect(p.age).toBeGreaterThanOrEqual(18);
      expect(p.age).toBeLessThanOrEqual(110);
      expect(p.race).toBe('asian');
      expect(p.weight / (p.height / 100) ** 2).toBeGreaterThanOrEqual(14);
      expect(p.lifestyle.adherence).toBeGreaterThanOrEqual(0);
      expect(p.lifestyle.adherence).toBeLessThanOrEqual(1);
    }
  });
});

describe('generateCohort: allele frequencies', () => {
  // 20 000 European patients = 40 000 alleles per gene. For each listed allele, the count is
  // Binomial(40 000, p) under Hardy–Weinberg sampling; z = (count − 40 000 p)/√(40 000 p(1−p)).
  // We require |z| < 4: P(|Z| ≥ 4) = 6.3e-5 per allele, so over the ≈ 40 alleles tested the
  // family-wise false-alarm rate is ≈ 0.25 % (Bonferroni), while a transcription or sampling bug
  // of 0.01 on a frequency near 0.1 gives |z| ≈ 6.7. Seeded, so the outcome is fixed.
  const n = 20_000;
  const cohort = generateCohort({ n, seed: 2024, ancestry: 'european' });

  for (const gene of ['CYP2C9', 'VKORC1', 'CYP2C19', 'CYP4F2', 'TPMT', 'DPYD', 'UGT1A1', 'CYP2D6']) {
    it(`${gene} allele counts match the CPIC European table (|z| < 4 per allele)`, () => {
      const counts = new Map<string, number>();
      for (const p of cohort) {
        for (const a of p.genotypes[gene]!.split('/')) counts.set(a, (counts.get(a) ?? 0) + 1);
      }
      const m = 2 * n;
      for (const { allele, frequency } of alleleFrequencies(gene, 'european')) {
        const c = counts.get(allele) ?? 0;
        if (frequency === 0) {
          expect(c, `${gene} ${allele}`).toBe(0);
          continue;
        }
        const z = (c - m * frequency) / Math.sqrt(m * frequency * (1 - frequency));
        expect(Math.abs(z), `${gene} ${allele}: count ${c}, expected ${(m * frequency).toFixed(1)}`).toBeLessThan(4);
      }
    });
  }
});

describe('generateCohort: stratification and fixed genotypes', () => {
  const vkStrata = {
    gene: 'VKORC1',
    strata: [
      { diplotypes: ['G/G'], proportion: 1 },
      { diplotypes: ['G/A'], proportion: 1 },
      { diplotypes: ['A/A'], proportion: 1 },
    ],
  };

  it('gives exactly equal numbers per VKORC1 genotype, for every prefix that divides evenly', () => {
    const c = generateCohort({ n: 300, seed: 5, stratify: vkStrata });
    const count = (k: number) => {
      const out: Record<string, number> = {};
      for (const p of c.slice(0, k)) out[p.genotypes.VKORC1!] = (out[p.genotypes.VKORC1!] ?? 0) + 1;
      return out;
    };
    expect(count(300)).toEqual({ 'G/G': 100, 'G/A': 100, 'A/A': 100 });
    expect(count(30)).toEqual({ 'G/G': 10, 'G/A': 10, 'A/A': 10 });
    expect(generateCohort({ n: 30, seed: 5, stratify: vkStrata })).toEqual(c.slice(0, 30));
  });

  it('enriches CYP2C9 *3 carriers to an exact 25 %, with diplotypes drawn by HW inside the stratum', () => {
    const c = generateCohort({
      n: 400,
      seed: 9,
      stratify: {
        gene: 'CYP2C9',
        strata: [
          { label: '*3 carriers', diplotypes: ['*1/*3', '*2/*3', '*3/*3'], proportion: 0.25 },
          { label: 'others', diplotypes: ['*1/*1', '*1/*2', '*2/*2'], proportion: 0.75 },
        ],
      },
    });
    const carriers = c.filter((p) => p.genotypes.CYP2C9!.includes('*3'));
    expect(carriers).toHaveLength(100);
    // Within carriers, HW weights in Europeans: *1/*3 : *2/*3 : *3/*3 = 2·0.795·0.076 : 2·0.127·0.076 : 0.076² ≈ 84 : 13 : 3 %.
    const n13 = carriers.filter((p) => p.genotypes.CYP2C9 === '*1/*3').length;
    expect(n13).toBeGreaterThan(70);
    expect(carriers.every((p) => p.phenotypes.CYP2C9 !== 'Normal Metabolizer')).toBe(true);
  });

  it('keeps every stratum within 1 of its quota for every prefix (low-discrepancy sequence)', () => {
    const w = [0.5, 0.3, 0.2];
    const seq = stratumSequence(w, 1000);
    const counts = [0, 0, 0];
    seq.forEach((k, i) => {
      counts[k]!++;
      for (let j = 0; j < 3; j++) expect(Math.abs(counts[j]! - (i + 1) * w[j]!)).toBeLessThan(1);
    });
  });

  it('fixes genotypes given for every patient', () => {
    const c = generateCohort({ n: 20, seed: 3, genotypes: { CYP2D6: '*4/*4' } });
    expect(c.every((p) => p.genotypes.CYP2D6 === '*4/*4' && p.phenotypes.CYP2D6 === 'Poor Metabolizer')).toBe(true);
  });

  it('rejects bad options with the field named', () => {
    expect(() => generateCohort({ n: -1, seed: 1 })).toThrow(/^cohort\.n: must be ≥ 0, got -1$/);
    expect(() => generateCohort({ n: 2.5, seed: 1 })).toThrow(InputError);
    expect(() =>
      generateCohort({ n: 3, seed: 1, stratify: { gene: 'CYP2C9', strata: [{ diplotypes: ['*1/*77'], proportion: 1 }] } }),
    ).toThrow(/^cohort\.stratify\.strata\[0\]\.diplotypes\[0\]: /);
    expect(() => generateCohort({ n: 3, seed: 1, genes: ['NOPE'] })).toThrow(/NOPE/);
  });
});
