/**
 * Diplotype → CPIC phenotype, checked against CPIC's own diplotype tables as carried by
 * PharmCAT `phenotype/cpic/*.json` (e.g. CYP2D6.json: *1/*10 → 1.25 NM; DPYD.json:
 * Reference/HapB3 → 1.5 IM; UGT1A1.json version 2023-09-01: *1/*36 → NM).
 */
import { describe, expect, it } from 'vitest';
import { InputError, NotFoundError } from '../../src/core/errors.js';
import { alleleFunction, geneTable, KNOWN_GENES } from '../../src/genomics/genes.js';
import { callGene } from '../../src/genomics/phenotype.js';

type Row = [diplotype: string, activityScore: number | undefined, phenotype: string];

function check(gene: string, rows: Row[]) {
  it.each(rows)(`${gene} %s → AS %s, %s`, (diplotype, score, phenotype) => {
    const call = callGene(gene, diplotype);
    expect(call.phenotype).toBe(phenotype);
    expect(call.activityScore).toBe(score);
  });
}

describe('CYP2C9 (activity score; CPIC Theken 2020)', () => {
  check('CYP2C9', [
    ['*1/*1', 2, 'Normal Metabolizer'],
    ['*1/*2', 1.5, 'Intermediate Metabolizer'],
    ['*1/*3', 1, 'Intermediate Metabolizer'],
    ['*2/*2', 1, 'Intermediate Metabolizer'],
    ['*2/*3', 0.5, 'Poor Metabolizer'],
    ['*3/*3', 0, 'Poor Metabolizer'],
    ['*1/*11', 1.5, 'Intermediate Metabolizer'],
    ['*5/*6', 0.5, 'Poor Metabolizer'],
    ['*8/*8', 1, 'Intermediate Metabolizer'],
  ]);
});

describe('CYP2C19 (function pairs; CPIC Lee 2022)', () => {
  check('CYP2C19', [
    ['*1/*1', undefined, 'Normal Metabolizer'],
    ['*1/*17', undefined, 'Rapid Metabolizer'],
    ['*17/*17', undefined, 'Ultrarapid Metabolizer'],
    ['*1/*2', undefined, 'Intermediate Metabolizer'],
    ['*2/*17', undefined, 'Intermediate Metabolizer'],
    ['*2/*3', undefined, 'Poor Metabolizer'],
    ['*2/*2', undefined, 'Poor Metabolizer'],
    ['*1/*9', undefined, 'Likely Intermediate Metabolizer'],
    ['*9/*17', undefined, 'Likely Intermediate Metabolizer'],
    ['*2/*9', undefined, 'Likely Poor Metabolizer'],
  ]);
});

describe('CYP2D6 (activity score with copy number; CPIC Caudle 2020 via PharmCAT)', () => {
  check('CYP2D6', [
    ['*1/*1', 2, 'Normal Metabolizer'],
    ['*1/*10', 1.25, 'Normal Metabolizer'],
    ['*1/*41', 1.25, 'Normal Metabolizer'],
    ['*1/*9', 1.25, 'Normal Metabolizer'],
    ['*1/*17', 1.5, 'Normal Metabolizer'],
    ['*1/*1x2', 3, 'Ultrarapid Metabolizer'],
    ['*1/*2x2', 3, 'Ultrarapid Metabolizer'],
    ['*1/*10x2', 1.5, 'Normal Metabolizer'],
    ['*1/*4', 1, 'Intermediate Metabolizer'],
    ['*1/*4x2', 1, 'Intermediate Metabolizer'],
    ['*4/*10', 0.25, 'Intermediate Metabolizer'],
    ['*4/*41x3', 0.75, 'Intermediate Metabolizer'],
    ['*10/*10', 0.5, 'Intermediate Metabolizer'],
    ['*4/*4', 0, 'Poor Metabolizer'],
    ['*4/*5', 0, 'Poor Metabolizer'],
  ]);
});

describe('DPYD (activity score; CPIC Amstutz 2018)', () => {
  check('DPYD', [
    ['Reference/Reference', 2, 'Normal Metabolizer'],
    ['Reference/HapB3', 1.5, 'Intermediate Metabolizer'],
    ['c.2846A>T/HapB3', 1, 'Intermediate Metabolizer'],
    ['*1/*2A', 1, 'Intermediate Metabolizer'],
    ['c.2846A>T/c.2846A>T', 1, 'Intermediate Metabolizer'],
    ['*2A/c.2846A>T', 0.5, 'Poor Metabolizer'],
    ['*2A/*2A', 0, 'Poor Metabolizer'],
    ['c.1679T>G (*13)/Reference', 1, 'Intermediate Metabolizer'],
  ]);
  it('reports PharmCAT/CPIC allele names', () => {
    expect(callGene('DPYD', '*2A/HapB3').diplotype).toBe('c.1129-5923C>G, c.1236G>A (HapB3)/c.1905+1G>A (*2A)');
  });
});

describe('TPMT and NUDT15 (CPIC Relling 2019)', () => {
  check('TPMT', [
    ['*1/*1', undefined, 'Normal Metabolizer'],
    ['*1/*3A', undefined, 'Intermediate Metabolizer'],
    ['*1/*2', undefined, 'Intermediate Metabolizer'],
    ['*3A/*3A', undefined, 'Poor Metabolizer'],
    ['*3B/*3C', undefined, 'Poor Metabolizer'],
  ]);
  check('NUDT15', [
    ['*1/*1', undefined, 'Normal Metabolizer'],
    ['*1/*3', undefined, 'Intermediate Metabolizer'],
    ['*3/*3', undefined, 'Poor Metabolizer'],
    ['*2/*3', undefined, 'Poor Metabolizer'],
  ]);
});

describe('UGT1A1 (CPIC 2020 tables, PharmCAT UGT1A1.json 2023-09-01)', () => {
  check('UGT1A1', [
    ['*1/*1', undefined, 'Normal Metabolizer'],
    ['*1/*36', undefined, 'Normal Metabolizer'],
    ['*1/*28', undefined, 'Intermediate Metabolizer'],
    ['*28/*36', undefined, 'Intermediate Metabolizer'],
    ['*28/*28', undefined, 'Poor Metabolizer'],
    ['*6/*28', undefined, 'Poor Metabolizer'],
    ['*28/*37', undefined, 'Poor Metabolizer'],
  ]);
});

describe('genes without a CPIC phenotype', () => {
  it('VKORC1 reports the -1639 genotype, A/G normalised to G/A', () => {
    expect(callGene('VKORC1', 'A/G')).toEqual({ gene: 'VKORC1', genotype: 'G/A' });
    expect(callGene('VKORC1', 'AA')).toEqual({ gene: 'VKORC1', genotype: 'A/A' });
  });
  it('CYP4F2 reports the diplotype only', () => {
    expect(callGene('CYP4F2', '*3/*1')).toEqual({ gene: 'CYP4F2', diplotype: '*1/*3' });
  });
});

describe('errors and lookups', () => {
  it('an unknown gene is a NotFoundError listing the known genes', () => {
    expect(() => callGene('CYP9Z9', '*1/*1')).toThrow(NotFoundError);
    expect(() => callGene('CYP9Z9', '*1/*1')).toThrow(/unknown gene 'CYP9Z9'.*CYP2C9/);
  });
  it('an unknown star allele is an InputError naming gene and allele', () => {
    const err = (() => {
      try {
        callGene('CYP2C9', '*1/*99');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/CYP2C9: unknown allele '\*99'/);
    expect((err as InputError).field).toBe('CYP2C9');
  });
  it('alleleFunction and geneTable expose the tables with their sources', () => {
    expect(alleleFunction('CYP2C9', '*3')).toMatchObject({ function: 'No function', activityValue: 0 });
    expect(alleleFunction('DPYD', 'HapB3')).toMatchObject({ activityValue: 0.5 });
    expect(geneTable('cyp2c19').gene).toBe('CYP2C19');
    for (const gene of KNOWN_GENES) expect(geneTable(gene).source).toMatch(/CPIC/);
  });
  it('every defining variant names a known position, and every position an ALT that some allele uses', () => {
    for (const gene of KNOWN_GENES) {
      const t = geneTable(gene);
      for (const a of t.alleles) {
        for (const [rsid, alt] of Object.entries(a.defining)) {
          const p = t.positions.find((q) => q.rsid === rsid);
          expect(p, `${gene} ${a.name} ${rsid}`).toBeDefined();
          expect(p!.alts).toContain(alt);
        }
      }
      for (const p of t.positions) {
        expect(t.alleles.some((a) => Object.keys(a.defining).includes(p.rsid)), `${gene} ${p.rsid}`).toBe(true);
      }
    }
  });
  it('defining variants match PharmCAT pharmcat_positions.vcf (2021-09-27, GRCh38.p13)', () => {
    const pos = (gene: string, rsid: string) => geneTable(gene).positions.find((p) => p.rsid === rsid);
    expect(pos('CYP2C9', 'rs1799853')).toMatchObject({ chrom: 'chr10', pos: 94942290, ref: 'C', alts: ['T'] });
    expect(pos('CYP2C9', 'rs1057910')).toMatchObject({ chrom: 'chr10', pos: 94981296, ref: 'A', alts: ['C'] });
    expect(pos('CYP2C19', 'rs4244285')).toMatchObject({ chrom: 'chr10', pos: 94781859, ref: 'G', alts: ['A'] });
    expect(pos('VKORC1', 'rs9923231')).toMatchObject({ chrom: 'chr16', pos: 31096368, ref: 'C', alts: ['T'] });
    expect(pos('TPMT', 'rs1142345')).toMatchObject({ chrom: 'chr6', pos: 18130687, ref: 'T', alts: ['C'] });
    expect(pos('DPYD', 'rs3918290')).toMatchObject({ chrom: 'chr1', pos: 97450058, ref: 'C', alts: ['T'] });
    expect(pos('NUDT15', 'rs116855232')).toMatchObject({ chrom: 'chr13', pos: 48045719, ref: 'C', alts: ['T'] });
  });
});
