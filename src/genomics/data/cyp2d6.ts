/**
 * CYP2D6 allele table: activity values only, for diplotypes given as input (an "outside
 * call", as PharmCAT takes them). dosegym does not call CYP2D6 from a VCF.
 *
 * Source: CPIC CYP2D6 activity values and activity-score phenotype ranges (Caudle et al.
 * 2020, CTS 13:116) as carried by PharmCAT `phenotype/cpic/CYP2D6.json` (commit 0c6123b6):
 * *9, *10 and *41 = 0.25. Older CPIC tables (before the 2019 consensus) gave *10 = 0.5 and
 * some gave *9/*41 = 0.5; PharmCAT's current copy uses 0.25 for all three, and so do we.
 * A duplicated allele `*NxK` contributes K × its activity value (PharmCAT: *10x2 = 0.5,
 * *41x3 = 0.75).
 */
import type { GeneTable } from './types.js';

export const CYP2D6: GeneTable = {
  gene: 'CYP2D6',
  notation: 'star',
  chrom: 'chr22',
  strand: '-',
  alleles: [
    { name: '*1', function: 'Normal function', activityValue: 1, defining: {} },
    { name: '*2', function: 'Normal function', activityValue: 1, defining: {} },
    { name: '*3', function: 'No function', activityValue: 0, defining: {} },
    { name: '*4', function: 'No function', activityValue: 0, defining: {} },
    { name: '*5', function: 'No function', activityValue: 0, defining: {}, note: 'whole-gene deletion' },
    { name: '*6', function: 'No function', activityValue: 0, defining: {} },
    { name: '*7', function: 'No function', activityValue: 0, defining: {} },
    { name: '*8', function: 'No function', activityValue: 0, defining: {} },
    { name: '*9', function: 'Decreased function', activityValue: 0.25, defining: {} },
    { name: '*10', function: 'Decreased function', activityValue: 0.25, defining: {} },
    { name: '*14', function: 'Decreased function', activityValue: 0.5, defining: {} },
    { name: '*17', function: 'Decreased function', activityValue: 0.5, defining: {} },
    { name: '*29', function: 'Decreased function', activityValue: 0.5, defining: {} },
    { name: '*35', function: 'Normal function', activityValue: 1, defining: {} },
    { name: '*36', function: 'No function', activityValue: 0, defining: {}, note: 'CYP2D6/2D7 hybrid' },
    { name: '*41', function: 'Decreased function', activityValue: 0.25, defining: {} },
  ],
  positions: [],
  phenotypeRule: {
    kind: 'activity-score',
    ranges: [
      { min: 0, max: 0, phenotype: 'Poor Metabolizer' },
      { min: 0.25, max: 1, phenotype: 'Intermediate Metabolizer' },
      { min: 1.25, max: 2.25, phenotype: 'Normal Metabolizer' },
      { min: 2.5, max: Number.POSITIVE_INFINITY, phenotype: 'Ultrarapid Metabolizer' },
    ],
  },
  copyNumber: true,
  notCalledFromVcf:
    'CYP2D6 is not called from a VCF (structural variants, CYP2D7 hybrids and copy number are not in an ordinary VCF); ' +
    'give it as a diplotype, e.g. --diplotype CYP2D6=*1/*4',
  source: 'CPIC CYP2D6 activity values and phenotype ranges (Caudle 2020) via PharmCAT phenotype/cpic/CYP2D6.json',
};
