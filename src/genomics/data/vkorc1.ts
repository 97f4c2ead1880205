/**
 * VKORC1 −1639G>A (rs9923231). CPIC gives no phenotype: the G/G, G/A or A/A genotype feeds
 * warfarin dosing algorithms and EC50 directly. Alleles are named by the c.-1639 base; VKORC1
 * is on the − strand, so on GRCh38 + strand the variant is C>T (T = the "A" allele).
 *
 * Sources: CPIC warfarin guideline (Johnson et al. 2017, CPT 102:397); position from
 * PharmCAT `pharmcat_positions.vcf` (2021-09-27, GRCh38.p13).
 */
import { PHARMCAT_POSITIONS } from './shared.js';
import type { GeneTable } from './types.js';

export const VKORC1: GeneTable = {
  gene: 'VKORC1',
  notation: 'genotype',
  chrom: 'chr16',
  strand: '-',
  alleles: [
    { name: 'G', function: 'Normal function', defining: {} },
    {
      name: 'A',
      function: 'Decreased function',
      defining: { rs9923231: 'T' },
      note: 'lower VKORC1 expression: greater warfarin sensitivity',
    },
  ],
  positions: [{ rsid: 'rs9923231', chrom: 'chr16', pos: 31096368, ref: 'C', alts: ['T'], hgvs: 'c.-1639G>A' }],
  phenotypeRule: { kind: 'none', description: 'no CPIC phenotype; the -1639 genotype is used directly' },
  copyNumber: false,
  source: 'CPIC warfarin guideline (Johnson 2017); ' + PHARMCAT_POSITIONS,
};
