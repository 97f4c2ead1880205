/**
 * The genotyper on the hand-written fixture test/fixtures/vcf/samples.vcf (GRCh38 positions
 * from PharmCAT's pharmcat_positions.vcf). S1: unphased hets; S2: phased; S3: missing calls,
 * a haploid call and a partly missing haplotype; S4: an unknown ALT and an impossible
 * combination. Expected phenotypes are CPIC's (see phenotype.test.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, NotFoundError } from '../../src/core/errors.js';
import { genotypeVcf } from '../../src/genomics/vcf/genotyper.js';
import { readVcf } from '../../src/genomics/vcf/reader.js';

const vcf = readVcf(readFileSync('test/fixtures/vcf/samples.vcf', 'utf8'));
const [s1, s2, s3, s4] = genotypeVcf(vcf).map((s) => s.genes);

const HEADER = '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tX\n';
const one = (lines: string[], gene: string) =>
  genotypeVcf(readVcf(HEADER + lines.map((l) => l.replace(/ +/g, '\t')).join('\n') + '\n'), { genes: [gene] })[0]!.genes[gene]!;

describe('genotypeVcf on the fixture', () => {
  it('calls unphased heterozygotes (S1)', () => {
    expect(s1!.CYP2C9).toMatchObject({ diplotype: '*1/*3', activityScore: 1, phenotype: 'Intermediate Metabolizer' });
    expect(s1!.CYP2C19).toEqual({ gene: 'CYP2C19', diplotype: '*2/*17', phenotype: 'Intermediate Metabolizer' });
    expect(s1!.VKORC1).toEqual({ gene: 'VKORC1', genotype: 'A/A' });
    expect(s1!.CYP4F2).toEqual({ gene: 'CYP4F2', diplotype: '*1/*3' });
    expect(s1!.DPYD).toMatchObject({ diplotype: 'c.1129-5923C>G, c.1236G>A (HapB3)/c.2846A>T', activityScore: 1, phenotype: 'Intermediate Metabolizer' });
    expect(s1!.UGT1A1).toEqual({ gene: 'UGT1A1', diplotype: '*28/*28', phenotype: 'Poor Metabolizer' });
    expect(s1!.NUDT15).toEqual({ gene: 'NUDT15', diplotype: '*1/*1', phenotype: 'Normal Metabolizer' });
  });

  it('reports the unphased TPMT 460/719 double heterozygote as ambiguous, *1/*3A first', () => {
    expect(s1!.TPMT).toMatchObject({
      diplotype: '*1/*3A',
      phenotype: 'Intermediate Metabolizer',
      candidates: ['*1/*3A', '*3B/*3C'],
    });
    expect(s1!.TPMT!.note).toMatch(/unphased/);
  });

  it('uses phase when it is given (S2)', () => {
    expect(s2!.TPMT).toEqual({ gene: 'TPMT', diplotype: '*3B/*3C', phenotype: 'Poor Metabolizer' });
    expect(s2!.CYP2C9).toMatchObject({ diplotype: '*2/*3', activityScore: 0.5, phenotype: 'Poor Metabolizer' });
    expect(s2!.CYP2C19).toMatchObject({ diplotype: '*17/*17', phenotype: 'Ultrarapid Metabolizer' });
    expect(s2!.UGT1A1).toMatchObject({ diplotype: '*28/*36', phenotype: 'Intermediate Metabolizer' });
    expect(s2!.VKORC1).toEqual({ gene: 'VKORC1', genotype: 'G/A' });
    expect(s2!.NUDT15).toMatchObject({ diplotype: '*1/*3', phenotype: 'Intermediate Metabolizer' });
  });

  it('matches on position, REF and ALT, never on ID (a decoy rs1057910 sits at chr10:1000)', () => {
    expect(s4!.CYP2C9!.diplotype).toBe('*8/*8');
    expect(s1!.CYP2C9!.diplotype).toBe('*1/*3');
  });

  it('lists absent positions and untested alleles; never reads them as reference', () => {
    expect(s1!.CYP2C9!.missingPositions).toEqual(['chr10:94949281', 'chr10:94981301']);
    expect(s1!.CYP2C9!.untestedAlleles).toEqual(['*5', '*6']);
    expect(s3!.CYP2C9).toMatchObject({
      diplotype: '*1/*1',
      missingPositions: ['chr10:94942290', 'chr10:94949281', 'chr10:94981296', 'chr10:94981301'],
      untestedAlleles: ['*2', '*3', '*5', '*6'],
    });
    expect(s3!.TPMT).toMatchObject({ diplotype: '*1/*1', missingPositions: ['chr6:18130687'], untestedAlleles: ['*3C'] });
  });

  it('a partly missing haplotype is tested on its called positions (S3 DPYD)', () => {
    expect(s3!.DPYD).toMatchObject({ diplotype: 'Reference/c.2846A>T', activityScore: 1.5, phenotype: 'Intermediate Metabolizer' });
    expect(s3!.DPYD!.missingPositions).toContain('chr1:97579893');
  });

  it('a gene with no called position is Indeterminate with a reason', () => {
    expect(s3!.CYP2C19).toMatchObject({ phenotype: 'Indeterminate', reason: expect.stringMatching(/none of the CYP2C19/) });
    expect(s3!.VKORC1).toMatchObject({ phenotype: 'Indeterminate', missingPositions: ['chr16:31096368'] });
    expect(s3!.VKORC1!.genotype).toBeUndefined();
    expect(s3!.CYP4F2!.phenotype).toBe('Indeterminate'); // haploid call on an autosome: no-call
  });

  it('an ALT no allele has, or a combination no pair explains, is Indeterminate (S4)', () => {
    expect(s4!.TPMT).toMatchObject({ phenotype: 'Indeterminate', reason: expect.stringMatching(/chr6:18130687 .* T>G/) });
    expect(s4!.CYP2C19).toMatchObject({ phenotype: 'Indeterminate', reason: expect.stringMatching(/fits no pair/) });
  });

  it('does not call CYP2D6 from a VCF', () => {
    expect(s1!.CYP2D6).toMatchObject({ phenotype: 'Indeterminate', reason: expect.stringMatching(/copy number/) });
  });

  it('selects a sample and genes; unknown sample or gene is NotFoundError', () => {
    const only = genotypeVcf(vcf, { sample: 'S2', genes: ['VKORC1'] });
    expect(only).toEqual([{ sample: 'S2', genes: { VKORC1: { gene: 'VKORC1', genotype: 'G/A' } } }]);
    expect(() => genotypeVcf(vcf, { sample: 'NOPE' })).toThrow(NotFoundError);
    expect(() => genotypeVcf(vcf, { genes: ['CYP9Z9'] })).toThrow(NotFoundError);
  });
});

describe('genotypeVcf edge cases', () => {
  it('refuses a REF that contradicts GRCh38 at a defining position (a GRCh37 file)', () => {
    expect(() => one(['chr10 94942290 . G T . PASS . GT 0/1'], 'CYP2C9')).toThrow(InputError);
    expect(() => one(['chr10 94942290 . G T . PASS . GT 0/1'], 'CYP2C9')).toThrow(/line 3: REF at chr10:94942290 .* not on GRCh38/);
  });

  it('merges a split multi-allelic site (UGT1A1 *28/*37 on two lines)', () => {
    const call = one(
      ['chr2 233760233 . CAT CATAT . PASS . GT 0/1', 'chr2 233760233 . CAT CATATAT . PASS . GT 0/1', 'chr2 233760498 . G A . PASS . GT 0/0'],
      'UGT1A1',
    );
    expect(call).toMatchObject({ diplotype: '*28/*37', phenotype: 'Poor Metabolizer' });
  });

  it('recognises an indel written with other padding (CATAT>CATATAT is *28)', () => {
    const call = one(['2 233760233 . CATAT CATATAT . PASS . GT 1/1', '2 233760498 . G A . PASS . GT 0/0'], 'UGT1A1');
    expect(call).toMatchObject({ diplotype: '*28/*28', phenotype: 'Poor Metabolizer' });
  });

  it('phased TPMT 460/719 on one haplotype is *1/*3A', () => {
    const call = one(['chr6 18130687 . T C . PASS . GT 1|0', 'chr6 18138997 . C T . PASS . GT 1|0'], 'TPMT');
    expect(call).toMatchObject({ diplotype: '*1/*3A', phenotype: 'Intermediate Metabolizer' });
    expect(call.candidates).toBeUndefined();
  });

  it('a file without samples is an InputError', () => {
    const text = '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n';
    expect(() => genotypeVcf(readVcf(text))).toThrow(/no sample columns/);
  });
});
