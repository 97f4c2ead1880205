import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/core/random.js';
import {
  ALLELE_FREQUENCIES,
  alleleFrequencies,
  checkFrequencyTables,
  diplotypeDistribution,
  FREQUENCY_GENES,
  sampleDiplotype,
} from '../../src/genomics/frequencies.js';
import { ANCESTRY_GROUPS } from '../../src/genomics/patient.js';
import { callGene } from '../../src/genomics/phenotype.js';

const freq2C9 = (group: 'european' | 'central-south-asian', allele: string) =>
  alleleFrequencies('CYP2C9', group).find((a) => a.allele === allele)!.frequency;

describe('allele frequency tables', () => {
  it('cover the genes of the brief, every group, with valid frequencies and a source', () => {
    expect([...FREQUENCY_GENES].sort()).toEqual(['CYP2C19', 'CYP2C9', 'CYP2D6', 'CYP4F2', 'DPYD', 'TPMT', 'UGT1A1', 'VKORC1']);
    expect(() => checkFrequencyTables()).not.toThrow();
    for (const t of Object.values(ALLELE_FREQUENCIES)) {
      expect(t.source).toMatch(/CPIC/);
      expect(t.provenance.length).toBeGreaterThan(10);
      expect(Object.keys(t.frequencies).sort()).toEqual([...ANCESTRY_GROUPS].sort());
    }
  });

  it('use only allele names the genotype caller knows', () => {
    for (const t of Object.values(ALLELE_FREQUENCIES)) {
      for (const a of [t.reference, ...t.variants]) expect(() => callGene(t.gene, `${a}/${a}`)).not.toThrow();
    }
  });

  it('keep the values that were checked against stored sources', () => {
    // CPIC CYP2D6 table via the BCyrius README: *10 East Asian 42.845 %, European 1.571 %.
    const d6 = (g: 'east-asian' | 'european') => alleleFrequencies('CYP2D6', g).find((a) => a.allele === '*10')!.frequency;
    expect(d6('east-asian')).toBe(0.42845);
    expect(d6('european')).toBe(0.01571);
    // Fricke-Galindo 2016: Oceania CYP2C19*2 61.30 %, *3 14.42 %.
    const c19 = alleleFrequencies('CYP2C19', 'oceanian');
    expect(c19.find((a) => a.allele === '*2')!.frequency).toBe(0.613);
    expect(c19.find((a) => a.allele === '*3')!.frequency).toBe(0.144);
  });

  it('keep the CYP2C9 *2/*3 values derived from the CPIC-group diplotype frequencies', () => {
    // Source: matthiaskoenig/glimepiride-model @ f005bc8c2f89e7c2be86f4a5896caef04436833f,
    // src/pkdb_models/models/glimepiride/experiments/cyp2c9/cyp2c9_ethnicity_pictogram/generate_pictogram.py
    // (CPIC/ClinPGx CYP2C9 diplotype %, *1/*1, *1/*2, *1/*3, *3/*3). European: 62.85, 20.18, 11.98, 0.57;
    // Central/South Asian: 59.62, 17.57, 16.96, 1.21. Hardy–Weinberg: p1 = √(*1/*1), p2 = (*1/*2)/(2·p1), p3 = (*1/*3)/(2·p1).
    const diplotypes = { european: [62.85, 20.18, 11.98, 0.57], 'central-south-asian': [59.62, 17.57, 16.96, 1.21] } as const;
    for (const [group, [d11, d12, d13, d33]] of Object.entries(diplotypes)) {
      const p1 = Math.sqrt(d11 / 100);
      const f = alleleFrequencies('CYP2C9', group as 'european');
      const freq = (allele: string) => f.find((a) => a.allele === allele)!.frequency;
      expect(freq('*2')).toBeCloseTo(d12 / 100 / (2 * p1), 4);
      expect(freq('*3')).toBeCloseTo(d13 / 100 / (2 * p1), 4);
      expect(Math.abs(freq('*3') - Math.sqrt(d33 / 100))).toBeLessThan(0.001); // the source is Hardy–Weinberg
    }
    expect(freq2C9('european', '*2')).toBe(0.1273);
    expect(freq2C9('central-south-asian', '*2')).toBe(0.1138);
  });

  it('give the reference allele the rest of the mass', () => {
    const v = alleleFrequencies('VKORC1', 'european');
    expect(v.map((a) => a.allele)).toEqual(['G', 'A']);
    expect(v[0]!.frequency).toBeCloseTo(0.612, 12);
  });
});

describe('Hardy–Weinberg diplotypes', () => {
  it('sum to 1 and follow p², 2pq, q²', () => {
    for (const gene of FREQUENCY_GENES) {
      for (const g of ANCESTRY_GROUPS) {
        const total = diplotypeDistribution(gene, g).reduce((s, d) => s + d.probability, 0);
        expect(total).toBeCloseTo(1, 12);
      }
    }
    const vk = Object.fromEntries(diplotypeDistribution('VKORC1', 'european').map((d) => [d.diplotype, d.probability]));
    expect(vk['A/A']).toBeCloseTo(0.388 ** 2, 12); // ≈ 15 % AA in Europeans (CPIC)
    expect(vk['G/A']).toBeCloseTo(2 * 0.388 * 0.612, 12);
    expect(vk['G/G']).toBeCloseTo(0.612 ** 2, 12);
  });

  it('samples in table order and reproducibly', () => {
    const draw = () => Array.from({ length: 50 }, (_, i) => sampleDiplotype('CYP2C9', 'european', RandomStream.fromSeed(3).fork(i)));
    const a = draw();
    expect(draw()).toEqual(a);
    for (const d of a) expect(d).toMatch(/^\*1\/|^\*2\/\*[23]$|^\*3\/\*3$|^\*2\/\*2$/);
  });

  it('reproduces the genotype proportions (chi-square, 2 df, α = 0.001)', () => {
    // 20 000 draws of VKORC1 in Europeans; χ²(2) critical value at α = 0.001 is 13.82.
    const rng = RandomStream.fromSeed(11);
    const n = 20_000;
    const counts: Record<string, number> = {};
    for (let i = 0; i < n; i++) {
      const d = sampleDiplotype('VKORC1', 'european', rng);
      counts[d] = (counts[d] ?? 0) + 1;
    }
    let chi2 = 0;
    for (const { diplotype, probability } of diplotypeDistribution('VKORC1', 'european')) {
      const e = n * probability;
      chi2 += ((counts[diplotype] ?? 0) - e) ** 2 / e;
    }
    expect(chi2).toBeLessThan(13.82);
  });
});
