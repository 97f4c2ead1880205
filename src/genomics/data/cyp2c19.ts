/**
 * CYP2C19 allele table.
 *
 * Sources: CPIC CYP2C19 allele functionality and phenotype tables (Lee et al. 2022,
 * CPT 112:959) as carried by PharmCAT `phenotype/cpic/CYP2C19.json` (e.g. *1/*17 Rapid,
 * *1/*9 Likely Intermediate); defining variants from PharmCAT `pharmcat_positions.vcf`
 * (2021-09-27, GRCh38.p13). CYP2C19 is on the + strand.
 */
import { PHARMCAT_POSITIONS } from './shared.js';
import type { GeneTable } from './types.js';

export const CYP2C19: GeneTable = {
  gene: 'CYP2C19',
  notation: 'star',
  chrom: 'chr10',
  strand: '+',
  alleles: [
    { name: '*1', function: 'Normal function', defining: {} },
    { name: '*2', function: 'No function', defining: { rs4244285: 'A' } },
    { name: '*3', function: 'No function', defining: { rs4986893: 'A' } },
    { name: '*9', function: 'Decreased function', defining: { rs17884712: 'A' } },
    { name: '*17', function: 'Increased function', defining: { rs12248560: 'T' } },
  ],
  positions: [
    { rsid: 'rs12248560', chrom: 'chr10', pos: 94761900, ref: 'C', alts: ['T'], hgvs: 'c.-806C>T' },
    { rsid: 'rs17884712', chrom: 'chr10', pos: 94775489, ref: 'G', alts: ['A'], hgvs: 'c.431G>A (R144H)' },
    { rsid: 'rs4986893', chrom: 'chr10', pos: 94780653, ref: 'G', alts: ['A'], hgvs: 'c.636G>A (W212X)' },
    { rsid: 'rs4244285', chrom: 'chr10', pos: 94781859, ref: 'G', alts: ['A'], hgvs: 'c.681G>A (splice defect)' },
  ],
  phenotypeRule: {
    kind: 'function-pair',
    pairs: [
      { functions: ['Normal function', 'Normal function'], phenotype: 'Normal Metabolizer' },
      { functions: ['Normal function', 'Increased function'], phenotype: 'Rapid Metabolizer' },
      { functions: ['Increased function', 'Increased function'], phenotype: 'Ultrarapid Metabolizer' },
      { functions: ['Normal function', 'No function'], phenotype: 'Intermediate Metabolizer' },
      { functions: ['Increased function', 'No function'], phenotype: 'Intermediate Metabolizer' },
      { functions: ['No function', 'No function'], phenotype: 'Poor Metabolizer' },
      { functions: ['Normal function', 'Decreased function'], phenotype: 'Likely Intermediate Metabolizer' },
      { functions: ['Increased function', 'Decreased function'], phenotype: 'Likely Intermediate Metabolizer' },
      { functions: ['Decreased function', 'Decreased function'], phenotype: 'Likely Intermediate Metabolizer' },
      { functions: ['Decreased function', 'No function'], phenotype: 'Likely Poor Metabolizer' },
    ],
  },
  copyNumber: false,
  source:
    'CPIC CYP2C19 allele functionality and phenotype tables (Lee 2022) via PharmCAT phenotype/cpic/CYP2C19.json; ' +
    PHARMCAT_POSITIONS,
};
