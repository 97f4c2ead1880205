/**
 * DPYD variant table. CPIC names DPYD alleles by their variant, and PharmCAT's names are
 * used as canonical names here; the short forms (*2A, *13, HapB3, Reference as *1) are
 * accepted as aliases.
 *
 * Sources: CPIC DPYD activity values and activity-score phenotype ranges (Amstutz et al.
 * 2018, CPT 103:210) as carried by PharmCAT `phenotype/cpic/DPYD.json` (e.g.
 * Reference/HapB3 = 1.5 IM); defining variants from PharmCAT `pharmcat_positions.vcf`
 * (2021-09-27, GRCh38.p13). DPYD is on the − strand: VCF REF/ALT are the reverse complement
 * of the c. notation (c.1905+1G>A is C>T).
 */
import { PHARMCAT_POSITIONS } from './shared.js';
import type { GeneTable } from './types.js';

export const DPYD: GeneTable = {
  gene: 'DPYD',
  notation: 'star',
  chrom: 'chr1',
  strand: '-',
  alleles: [
    { name: 'Reference', aliases: ['*1'], function: 'Normal function', activityValue: 1, defining: {} },
    {
      name: 'c.1129-5923C>G, c.1236G>A (HapB3)',
      aliases: ['HapB3', 'c.1129-5923C>G', 'c.1236G>A'],
      function: 'Decreased function',
      activityValue: 0.5,
      defining: { rs75017182: 'C', rs56038477: 'T' },
    },
    { name: 'c.2846A>T', aliases: ['D949V'], function: 'Decreased function', activityValue: 0.5, defining: { rs67376798: 'A' } },
    {
      name: 'c.1905+1G>A (*2A)',
      aliases: ['*2A', 'c.1905+1G>A'],
      function: 'No function',
      activityValue: 0,
      defining: { rs3918290: 'T' },
    },
    {
      name: 'c.1679T>G (*13)',
      aliases: ['*13', 'c.1679T>G'],
      function: 'No function',
      activityValue: 0,
      defining: { rs55886062: 'C' },
    },
  ],
  positions: [
    { rsid: 'rs67376798', chrom: 'chr1', pos: 97082391, ref: 'T', alts: ['A'], hgvs: 'c.2846A>T (D949V)' },
    { rsid: 'rs3918290', chrom: 'chr1', pos: 97450058, ref: 'C', alts: ['T'], hgvs: 'c.1905+1G>A (*2A)' },
    { rsid: 'rs55886062', chrom: 'chr1', pos: 97515787, ref: 'A', alts: ['C'], hgvs: 'c.1679T>G (*13, I560S)' },
    { rsid: 'rs56038477', chrom: 'chr1', pos: 97573863, ref: 'C', alts: ['T'], hgvs: 'c.1236G>A (HapB3)' },
    { rsid: 'rs75017182', chrom: 'chr1', pos: 97579893, ref: 'G', alts: ['C'], hgvs: 'c.1129-5923C>G (HapB3)' },
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
    'CPIC DPYD activity values and phenotype ranges (Amstutz 2018) via PharmCAT phenotype/cpic/DPYD.json; ' +
    PHARMCAT_POSITIONS,
};
