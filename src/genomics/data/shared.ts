/**
 * Pieces shared by several gene tables: the PharmCAT positions file they all take their
 * GRCh38 positions from, and the TPMT/NUDT15 phenotype rule, which the two genes share in one
 * CPIC guideline (Relling et al. 2019, CPT 105:1095).
 */
import type { FunctionPairRule } from './types.js';

/** Where the GRCh38 defining positions come from. */
export const PHARMCAT_POSITIONS = 'PharmCAT pharmcat_positions.vcf 2021-09-27, GRCh38.p13';

/** CPIC TPMT and NUDT15: count the no-function alleles (0 NM, 1 IM, 2 PM). */
export const NO_FUNCTION_COUNT_RULE: readonly FunctionPairRule[] = [
  { functions: ['Normal function', 'Normal function'], phenotype: 'Normal Metabolizer' },
  { functions: ['Normal function', 'No function'], phenotype: 'Intermediate Metabolizer' },
  { functions: ['No function', 'No function'], phenotype: 'Poor Metabolizer' },
];
