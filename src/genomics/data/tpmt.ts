/**
 * TPMT allele table.
 *
 * Sources: CPIC TPMT allele functionality and phenotype tables (Relling et al. 2019,
 * CPT 105:1095) as carried by PharmCAT `phenotype/cpic/TPMT.json`; defining variants from
 * PharmCAT `pharmcat_positions.vcf` (2021-09-27, GRCh38.p13). TPMT is on the − strand, so
 * VCF REF/ALT are the reverse complement of the c. notation (c.460G>A is C>T).
 *
 * *3A carries both c.460A and c.719G in cis; an unphased double heterozygote is *1/*3A or
 * *3B/*3C. The genotyper reports the first in table order, *1/*3A, which is by far the more
 * common (*3A is the commonest no-function allele in Europeans; *3B is rare).
 */
import { NO_FUNCTION_COUNT_RULE, PHARMCAT_POSITIONS } from './shared.js';
import type { GeneTable } from './types.js';

export const TPMT: GeneTable = {
  gene: 'TPMT',
  notation: 'star',
  chrom: 'chr6',
  strand: '-',
  alleles: [
    { name: '*1', function: 'Normal function', defining: {} },
    { name: '*2', function: 'No function', defining: { rs1800462: 'G' } },
    { name: '*3A', function: 'No function', defining: { rs1800460: 'T', rs1142345: 'C' } },
    { name: '*3B', function: 'No function', defining: { rs1800460: 'T' } },
    { name: '*3C', function: 'No function', defining: { rs1142345: 'C' } },
    { name: '*4', function: 'No function', defining: { rs1800584: 'T' } },
  ],
  positions: [
    { rsid: 'rs1142345', chrom: 'chr6', pos: 18130687, ref: 'T', alts: ['C'], hgvs: 'c.719A>G (Y240C)' },
    { rsid: 'rs1800584', chrom: 'chr6', pos: 18130781, ref: 'C', alts: ['T'], hgvs: 'c.626-1G>A' },
    { rsid: 'rs1800460', chrom: 'chr6', pos: 18138997, ref: 'C', alts: ['T'], hgvs: 'c.460G>A (A154T)' },
    { rsid: 'rs1800462', chrom: 'chr6', pos: 18143724, ref: 'C', alts: ['G'], hgvs: 'c.238G>C (A80P)' },
  ],
  phenotypeRule: { kind: 'function-pair', pairs: NO_FUNCTION_COUNT_RULE },
  copyNumber: false,
  source:
    'CPIC TPMT allele functionality and phenotype tables (Relling 2019) via PharmCAT phenotype/cpic/TPMT.json; ' +
    PHARMCAT_POSITIONS,
};
