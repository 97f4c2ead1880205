/**
 * CYP2C9 allele table.
 *
 * Sources: CPIC CYP2C9 allele functionality and phenotype tables (Theken et al. 2020,
 * CPT 108:191) as carried by PharmCAT `phenotype/cpic/CYP2C9.json`; defining variants from
 * PharmCAT `definition/alleles/pharmcat_positions.vcf` (2021-09-27, GRCh38.p13). CYP2C9 is on
 * the + strand: VCF REF/ALT equal the c. notation bases.
 */
import { PHARMCAT_POSITIONS } from './shared.js';
import type { GeneTable } from './types.js';

export const CYP2C9: GeneTable = {
  gene: 'CYP2C9',
  notation: 'star',
  chrom: 'chr10',
  strand: '+',
  alleles: [
    { name: '*1', function: 'Normal function', activityValue: 1, defining: {} },
    { name: '*2', function: 'Decreased function', activityValue: 0.5, defining: { rs1799853: 'T' } },
    { name: '*3', function: 'No function', activityValue: 0, defining: { rs1057910: 'C' } },
    { name: '*5', function: 'Decreased function', activityValue: 0.5, defining: { rs28371686: 'G' } },
    { name: '*6', function: 'No function', activityValue: 0, defining: { rs9332131: 'G' } },
    { name: '*8', function: 'Decreased function', activityValue: 0.5, defining: { rs7900194: 'A' } },
    { name: '*11', function: 'Decreased function', activityValue: 0.5, defining: { rs28371685: 'T' } },
  ],
  positions: [
    { rsid: 'rs1799853', chrom: 'chr10', pos: 94942290, ref: 'C', alts: ['T'], hgvs: 'c.430C>T (R144C)' },
    { rsid: 'rs7900194', chrom: 'chr10', pos: 94942309, ref: 'G', alts: ['A'], hgvs: 'c.449G>A (R150H)' },
    { rsid: 'rs9332131', chrom: 'chr10', pos: 94949281, ref: 'GA', alts: ['G'], hgvs: 'c.818delA' },
    { rsid: 'rs28371685', chrom: 'chr10', pos: 94981224, ref: 'C', alts: ['T'], hgvs: 'c.1003C>T (R335W)' },
    { rsid: 'rs1057910', chrom: 'chr10', pos: 94981296, ref: 'A', alts: ['C'], hgvs: 'c.1075A>C (I359L)' },
    { rsid: 'rs28371686', chrom: 'chr10', pos: 94981301, ref: 'C', alts: ['G'], hgvs: 'c.1080C>G (D360E)' },
  ],
  phenotypeRule: {
    kind: 'activity-score',
    ranges: [
      { min: 2, max: 2, phenotype: 'Normal Metabolizer' },
      { min: 1, max: 1.5, phenotype: 'Intermediate Metabolizer' },
      { min: 0, max: 0.5, phenotype: 'Poor Metabolizer' },
    ],
  },
  copyNumber: false,
  source:
    'CPIC CYP2C9 allele functionality and phenotype tables (Theken 2020) via PharmCAT phenotype/cpic/CYP2C9.json; ' +
    PHARMCAT_POSITIONS,
};
