/**
 * UGT1A1 allele table.
 *
 * Sources: CPIC UGT1A1 allele functionality and phenotype tables (Gammal et al. 2016,
 * CPT 99:363; tables updated 2020) as carried by PharmCAT `phenotype/cpic/UGT1A1.json`
 * (version 2023-09-01): *36 increased, *6/*28/*37 decreased; *1/*36 and *36/*36 are Normal,
 * one decreased allele Intermediate, two Poor. Defining variants from PharmCAT
 * `pharmcat_positions.vcf` (2021-09-27, GRCh38.p13): the promoter (TA)n repeat rs3064744 is
 * one multi-allelic record, REF CAT = (TA)6; C = (TA)5 (*36), CATAT = (TA)7 (*28),
 * CATATAT = (TA)8 (*37).
 */
import { PHARMCAT_POSITIONS } from './shared.js';
import type { GeneTable } from './types.js';

export const UGT1A1: GeneTable = {
  gene: 'UGT1A1',
  notation: 'star',
  chrom: 'chr2',
  strand: '+',
  alleles: [
    { name: '*1', function: 'Normal function', defining: {} },
    { name: '*28', function: 'Decreased function', defining: { rs3064744: 'CATAT' } },
    { name: '*6', function: 'Decreased function', defining: { rs4148323: 'A' } },
    { name: '*36', function: 'Increased function', defining: { rs3064744: 'C' } },
    { name: '*37', function: 'Decreased function', defining: { rs3064744: 'CATATAT' } },
  ],
  positions: [
    {
      rsid: 'rs3064744',
      chrom: 'chr2',
      pos: 233760233,
      ref: 'CAT',
      alts: ['C', 'CATAT', 'CATATAT'],
      hgvs: 'c.-53_-52 (TA)n: (TA)5 *36, (TA)7 *28, (TA)8 *37',
    },
    { rsid: 'rs4148323', chrom: 'chr2', pos: 233760498, ref: 'G', alts: ['A'], hgvs: 'c.211G>A (G71R)' },
  ],
  phenotypeRule: {
    kind: 'function-pair',
    pairs: [
      { functions: ['Normal function', 'Normal function'], phenotype: 'Normal Metabolizer' },
      { functions: ['Normal function', 'Increased function'], phenotype: 'Normal Metabolizer' },
      { functions: ['Increased function', 'Increased function'], phenotype: 'Normal Metabolizer' },
      { functions: ['Normal function', 'Decreased function'], phenotype: 'Intermediate Metabolizer' },
      { functions: ['Increased function', 'Decreased function'], phenotype: 'Intermediate Metabolizer' },
      { functions: ['Decreased function', 'Decreased function'], phenotype: 'Poor Metabolizer' },
    ],
  },
  copyNumber: false,
  source:
    'CPIC UGT1A1 allele functionality and phenotype tables (Gammal 2016, updated 2020) via PharmCAT ' +
    'phenotype/cpic/UGT1A1.json 2023-09-01; ' +
    PHARMCAT_POSITIONS,
};
