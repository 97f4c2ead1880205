/**
 * NUDT15 allele table.
 *
 * Sources: CPIC NUDT15 allele functionality and phenotype tables (Relling et al. 2019,
 * CPT 105:1095) as carried by PharmCAT `phenotype/cpic/NUDT15.json`; defining variants from
 * PharmCAT `pharmcat_positions.vcf` (2021-09-27, GRCh38.p13). NUDT15 is on the + strand.
 * *2 is p.V18_V19insGV (a GGAGTC insertion, written left-aligned as in PharmCAT's file) in
 * cis with *3's c.415C>T (R139C).
 */
import { NO_FUNCTION_COUNT_RULE, PHARMCAT_POSITIONS } from './shared.js';
import type { GeneTable } from './types.js';

export const NUDT15: GeneTable = {
  gene: 'NUDT15',
  notation: 'star',
  chrom: 'chr13',
  strand: '+',
  alleles: [
    { name: '*1', function: 'Normal function', defining: {} },
    { name: '*3', function: 'No function', defining: { rs116855232: 'T' } },
    { name: '*2', function: 'No function', defining: { rs746071566: 'AGGAGTCGGAGTC', rs116855232: 'T' } },
  ],
  positions: [
    {
      rsid: 'rs746071566',
      chrom: 'chr13',
      pos: 48037782,
      ref: 'AGGAGTC',
      alts: ['AGGAGTCGGAGTC'],
      hgvs: 'p.V18_V19insGV (GGAGTC insertion)',
    },
    { rsid: 'rs116855232', chrom: 'chr13', pos: 48045719, ref: 'C', alts: ['T'], hgvs: 'c.415C>T (R139C)' },
  ],
  phenotypeRule: { kind: 'function-pair', pairs: NO_FUNCTION_COUNT_RULE },
  copyNumber: false,
  source:
    'CPIC NUDT15 allele functionality and phenotype tables (Relling 2019) via PharmCAT phenotype/cpic/NUDT15.json; ' +
    PHARMCAT_POSITIONS,
};
