/**
 * CYP4F2 *3 (c.1297G>A, V433M, rs2108622). CPIC gives no phenotype: warfarin dosing
 * algorithms use *3 carrier status. CYP4F2 is on the − strand: c.1297G>A is C>T on GRCh38.
 *
 * Sources: CPIC warfarin guideline (Johnson et al. 2017, CPT 102:397); position from PharmCAT
 * `pharmcat_positions.vcf` (2021-09-27, GRCh38.p13).
 */
import { PHARMCAT_POSITIONS } from './shared.js';
import type { GeneTable } from './types.js';

export const CYP4F2: GeneTable = {
  gene: 'CYP4F2',
  notation: 'star',
  chrom: 'chr19',
  strand: '-',
  alleles: [
    { name: '*1', function: 'Normal function', defining: {} },
    { name: '*3', function: 'Decreased function', defining: { rs2108622: 'T' } },
  ],
  positions: [{ rsid: 'rs2108622', chrom: 'chr19', pos: 15879621, ref: 'C', alts: ['T'], hgvs: 'c.1297G>A (V433M)' }],
  phenotypeRule: { kind: 'none', description: 'no CPIC phenotype; *3 carrier status is used by warfarin algorithms' },
  copyNumber: false,
  source: 'CPIC warfarin guideline (Johnson 2017); ' + PHARMCAT_POSITIONS,
};
