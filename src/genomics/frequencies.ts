/**
 * Population allele frequencies per CPIC biogeographic group, and Hardy–Weinberg diplotype
 * sampling from them.
 *
 * Source: the CPIC/PharmGKB gene frequency tables ("<GENE>_frequency_table.xlsx",
 * https://files.cpicpgx.org/data/report/current/frequency/ and the guideline supplements,
 * e.g. warfarin/2017/CYP2C9_frequency_table.xlsx), biogeographic groups of Huddart et al.
 * 2019 (Clin Pharmacol Ther 105:1256). Version targeted: the CPIC tables current in 2023–2024.
 *
 * ⚠ Provenance, read before relying on a number. The xlsx tables themselves could not be
 * opened from the workplace where this file was written; each table's `provenance` says
 * which of its values were checked against stored public material and which are
 * approximations of the CPIC table to about ±0.01–0.02 (absolute) that must be verified
 * against the xlsx before any clinical-facing use. Values checked:
 * - CYP2D6*10 in all nine groups: CPIC CYP2D6 frequency table values reproduced in the
 *   BCyrius README (CPIC-derived population output; e.g. East Asian 0.42845, European 0.01571).
 * - CYP2C19*2 and *3 in Oceanian: Fricke-Galindo et al. 2016 (Pharmacogenomics J 16:113),
 *   "Native populations from Oceania" 0.613 and 0.1442.
 * - CYP2C9*2 and *3 in all nine groups: derived by Hardy–Weinberg inversion from the CPIC-group
 *   diplotype frequencies reproduced in matthiaskoenig/glimepiride-model (see the CYP2C9 table's
 *   `source`), e.g. European *2 0.1273, *3 0.0756; Central/South Asian *2 0.1138, *3 0.1098.
 * - CYP2C9, VKORC1 carrier rates for European, East Asian and African American were
 *   cross-checked against the CPIC-based summary in Adv Chronic Kidney Dis 2016;23:82 (Table 2):
 *   VKORC1 AA ≈ 15 % European / 83 % Asian, CYP2C9*8 carriers ≈ 12 % African American.
 *
 * What could not be sourced, and the assumption used:
 * - Groups with sparse CPIC data (American, Oceanian, partly Near Eastern) for CYP4F2, TPMT,
 *   DPYD, UGT1A1 and CYP2D6: values near the closest well-sampled group, marked in `notes`.
 * - Alleles not listed are folded into the reference allele (its frequency is 1 − the sum of
 *   the listed variants). So the tables are "listed alleles vs the rest", not complete spectra.
 * - CYP2D6 duplications are represented by one allele, `*2x2` (a duplicated normal-function
 *   allele, activity 2), carrying the total normal-function duplication frequency; hybrid
 *   alleles (*13, *36, *68) are not modelled (*36+*10 tandems are counted as *10).
 * - DPYD c.557A>G (Y186C, ≈ 1.4 % in African American) is not listed because the genotype
 *   caller does not define it.
 */
import { InputError, NotFoundError } from '../core/errors.js';
import type { RandomStream } from '../core/random.js';
import { ANCESTRY_GROUPS, type AncestryGroup } from './patient.js';

/** The allele frequencies of one gene in each biogeographic group. */
export interface AlleleFrequencyTable {
  gene: string;
  /** The reference (normal-function) allele; its frequency is 1 − Σ variants. */
  reference: string;
  /** Listed variant alleles, in the order of the numbers in `frequencies`. */
  variants: readonly string[];
  /** Variant allele frequency per group, same order as `variants`. */
  frequencies: Readonly<Record<AncestryGroup, readonly number[]>>;
  /** Source table and version. */
  source: string;
  /** What was checked and what is approximate (see the file header). */
  provenance: string;
  notes?: readonly string[];
}

const CPIC = (gene: string) => `CPIC ${gene}_frequency_table.xlsx (CPIC/PharmGKB, tables current 2023–2024)`;
const APPROX = 'approximation of the CPIC table (±0.01–0.02 absolute); not checked against the xlsx here: verify';

/* Group order in every row below:
   african-american, american, central-south-asian, east-asian, european, latino, near-eastern, oceanian, sub-saharan-african */
function byGroup(rows: readonly (readonly number[])[]): Record<AncestryGroup, readonly number[]> {
  const out = {} as Record<AncestryGroup, readonly number[]>;
  ANCESTRY_GROUPS.forEach((g, i) => (out[g] = rows[i]!));
  return out;
}

/** The frequency tables, by gene. */
export const ALLELE_FREQUENCIES: Readonly<Record<string, AlleleFrequencyTable>> = {
  CYP2C9: {
    gene: 'CYP2C9',
    reference: '*1',
    variants: ['*2', '*3', '*5', '*6', '*8', '*11'],
    frequencies: byGroup([
      /* african-american    */ [0.0224, 0.0135, 0.012, 0.008, 0.056, 0.024],
      /* american            */ [0.0334, 0.0300, 0, 0, 0, 0],
      /* central-south-asian */ [0.1138, 0.1098, 0, 0, 0, 0.001],
      /* east-asian          */ [0.0021, 0.0376, 0.001, 0, 0, 0.001],
      /* european            */ [0.1273, 0.0756, 0, 0, 0.002, 0.002],
      /* latino              */ [0.0763, 0.0401, 0.001, 0, 0.003, 0.001],
      /* near-eastern        */ [0.1298, 0.0825, 0, 0, 0, 0.001],
      /* oceanian            */ [0.0293, 0.0156, 0, 0, 0, 0],
      /* sub-saharan-african */ [0.0131, 0.0112, 0.006, 0.007, 0.057, 0.023],
    ]),
    source:
      `${CPIC('CYP2C9')}; warfarin guideline 2017 supplement. *2 and *3 in all nine groups derived from the CPIC-group ` +
      'CYP2C9 diplotype frequencies (*1/*1, *1/*2, *1/*3, *3/*3, %) reproduced in matthiaskoenig/glimepiride-model, ' +
      'src/pkdb_models/models/glimepiride/experiments/cyp2c9/cyp2c9_ethnicity_pictogram/generate_pictogram.py ' +
      '(commit f005bc8c2f89e7c2be86f4a5896caef04436833f; Elias & König 2025, Front Pharmacol 16:1686415, ClinPGx/CPIC table)',
    provenance:
      '*2, *3: derived, not read directly from the xlsx. The reproduced diplotype percentages are Hardy–Weinberg (CPIC method), ' +
      'so p(*1) = √(*1/*1), p(*2) = (*1/*2)/(2·p(*1)), p(*3) = (*1/*3)/(2·p(*1)); the check √(*3/*3) ≈ p(*3) holds in every ' +
      'group (e.g. European 0.0755 vs 0.0756). Rounding of the source (0.01 %) gives about ±0.0001 on *2/*3. ' +
      `*5, *6, *8, *11: ${APPROX}; African American *8 cross-checked only as carrier rate (≈ 12 %, Adv Chronic Kidney Dis 2016;23:82, Table 2)`,
    notes: [
      'African American: the same source implies 1 − p(*1) − p(*2) − p(*3) = 0.093 for all other alleles, less than the listed ' +
        '*5 + *6 + *8 + *11 = 0.100, so these four values are too high by ≥ 0.007 in total; unverified, left unchanged.',
      'Sub-Saharan African: the source implies 0.25 for alleles other than *1/*2/*3 (listed *5–*11 sum to 0.093); the rest ' +
        '(e.g. *9) is folded into *1 here.',
    ],
  },
  VKORC1: {
    gene: 'VKORC1',
    reference: 'G',
    variants: ['A'],
    frequencies: byGroup([
      /* african-american    */ [0.106],
      /* american            */ [0.50],
      /* central-south-asian */ [0.146],
      /* east-asian          */ [0.888],
      /* european            */ [0.388],
      /* latino              */ [0.445],
      /* near-eastern        */ [0.520],
      /* oceanian            */ [0.350],
      /* sub-saharan-african */ [0.022],
    ]),
    source: `${CPIC('VKORC1')} (−1639G>A, rs9923231); warfarin guideline 2017 supplement`,
    provenance:
      `${APPROX}; European and East Asian AA frequency cross-checked (≈ 15 % / 83 %, Adv Chronic Kidney Dis 2016;23:82); ` +
      'no CPIC VKORC1 table value found in stored material. European 0.388 equals 1000 Genomes EUR (38.8 %, Shendre et al. ' +
      '2018, Pharmacogenomics 19:1357, Table 1; EAS there 88.5 %, AFR 5.4 %) — a different source from CPIC',
    notes: ['American and Oceanian: sparse data; assumption 0.50 and 0.35.'],
  },
  CYP2C19: {
    gene: 'CYP2C19',
    reference: '*1',
    variants: ['*2', '*3', '*17'],
    frequencies: byGroup([
      /* african-american    */ [0.180, 0.003, 0.208],
      /* american            */ [0.109, 0, 0.050],
      /* central-south-asian */ [0.302, 0.011, 0.165],
      /* east-asian          */ [0.284, 0.089, 0.015],
      /* european            */ [0.147, 0.002, 0.215],
      /* latino              */ [0.101, 0.001, 0.148],
      /* near-eastern        */ [0.122, 0.010, 0.211],
      /* oceanian            */ [0.613, 0.144, 0.030],
      /* sub-saharan-african */ [0.151, 0.005, 0.235],
    ]),
    source: `${CPIC('CYP2C19')}; Oceanian *2/*3 from Fricke-Galindo et al. 2016, Pharmacogenomics J 16:113`,
    provenance: `${APPROX}; Oceanian *2 and *3 checked (Fricke-Galindo 2016 abstract)`,
    notes: ['Oceanian *17 and American *17: sparse data; assumption 0.03 and 0.05.'],
  },
  CYP4F2: {
    gene: 'CYP4F2',
    reference: '*1',
    variants: ['*3'],
    frequencies: byGroup([[0.085], [0.200], [0.376], [0.212], [0.291], [0.225], [0.345], [0.170], [0.069]]),
    source: `${CPIC('CYP4F2')}; warfarin guideline 2017 supplement (rs2108622, V433M)`,
    provenance: APPROX,
    notes: ['American and Oceanian: assumption 0.20 and 0.17.'],
  },
  TPMT: {
    gene: 'TPMT',
    reference: '*1',
    variants: ['*2', '*3A', '*3B', '*3C'],
    frequencies: byGroup([
      /* african-american    */ [0.004, 0.008, 0, 0.024],
      /* american            */ [0, 0.040, 0, 0.010],
      /* central-south-asian */ [0, 0.006, 0, 0.006],
      /* east-asian          */ [0, 0, 0, 0.016],
      /* european            */ [0.002, 0.034, 0.0003, 0.005],
      /* latino              */ [0.001, 0.035, 0, 0.005],
      /* near-eastern        */ [0, 0.010, 0, 0.008],
      /* oceanian            */ [0, 0, 0, 0.020],
      /* sub-saharan-african */ [0, 0.001, 0, 0.038],
    ]),
    source: `${CPIC('TPMT')} (thiopurines guideline 2018 update)`,
    provenance: APPROX,
    notes: ['American (high *3A in some Indigenous populations) and Oceanian: sparse data; assumptions.'],
  },
  DPYD: {
    gene: 'DPYD',
    reference: 'Reference',
    variants: ['c.1905+1G>A (*2A)', 'c.1679T>G (*13)', 'c.2846A>T', 'c.1129-5923C>G, c.1236G>A (HapB3)'],
    frequencies: byGroup([
      /* african-american    */ [0.001, 0, 0.001, 0.003],
      /* american            */ [0.001, 0, 0.002, 0.010],
      /* central-south-asian */ [0.004, 0.0001, 0.001, 0.003],
      /* east-asian          */ [0, 0, 0, 0.0003],
      /* european            */ [0.008, 0.0007, 0.0045, 0.0236],
      /* latino              */ [0.002, 0, 0.002, 0.010],
      /* near-eastern        */ [0.004, 0, 0.002, 0.015],
      /* oceanian            */ [0, 0, 0, 0.005],
      /* sub-saharan-african */ [0.0005, 0, 0, 0.001],
    ]),
    source: `${CPIC('DPYD')} (fluoropyrimidines guideline 2017, 2024 update)`,
    provenance: APPROX,
    notes: ['c.557A>G (Y186C) not modelled (see header).', 'American and Oceanian: assumptions.'],
  },
  UGT1A1: {
    gene: 'UGT1A1',
    reference: '*1',
    variants: ['*28', '*6'],
    frequencies: byGroup([
      /* african-american    */ [0.370, 0],
      /* american            */ [0.350, 0.005],
      /* central-south-asian */ [0.390, 0.010],
      /* east-asian          */ [0.120, 0.130],
      /* european            */ [0.326, 0.005],
      /* latino              */ [0.400, 0.005],
      /* near-eastern        */ [0.350, 0.005],
      /* oceanian            */ [0.200, 0.020],
      /* sub-saharan-african */ [0.400, 0],
    ]),
    source: `${CPIC('UGT1A1')} (atazanavir guideline 2015, irinotecan content)`,
    provenance: APPROX,
    notes: ['*37 (TA8) and *36 (TA5), ≈ 1–4 % in African ancestry, are folded into *28 and *1 respectively.'],
  },
  CYP2D6: {
    gene: 'CYP2D6',
    reference: '*1',
    variants: ['*2', '*3', '*4', '*5', '*6', '*9', '*10', '*17', '*29', '*41', '*2x2'],
    frequencies: byGroup([
      /* african-american    */ [0.200, 0.003, 0.060, 0.060, 0.002, 0.003, 0.03816, 0.180, 0.070, 0.020, 0.020],
      /* american            */ [0.200, 0.005, 0.100, 0.020, 0.005, 0.005, 0.0145, 0.005, 0.002, 0.030, 0.010],
      /* central-south-asian */ [0.300, 0.001, 0.110, 0.025, 0.001, 0.003, 0.07559, 0.002, 0.001, 0.110, 0.015],
      /* east-asian          */ [0.120, 0.0005, 0.005, 0.057, 0.0005, 0.001, 0.42845, 0.001, 0.001, 0.020, 0.005],
      /* european            */ [0.270, 0.016, 0.185, 0.030, 0.011, 0.028, 0.01571, 0.004, 0.001, 0.092, 0.021],
      /* latino              */ [0.250, 0.005, 0.120, 0.025, 0.005, 0.010, 0.02629, 0.010, 0.005, 0.040, 0.030],
      /* near-eastern        */ [0.220, 0.002, 0.080, 0.020, 0.002, 0.010, 0.06769, 0.020, 0.010, 0.180, 0.060],
      /* oceanian            */ [0.100, 0, 0.020, 0.050, 0, 0, 0.05713, 0.005, 0.005, 0.010, 0.020],
      /* sub-saharan-african */ [0.150, 0, 0.030, 0.060, 0, 0, 0.04869, 0.190, 0.090, 0.030, 0.040],
    ]),
    source: `${CPIC('CYP2D6')} (CYP2D6 frequency table, 2023); *10 as reproduced in the BCyrius README`,
    provenance: `*10 checked (CPIC values via BCyrius README); all other alleles: ${APPROX}`,
    notes: ['Duplications: one allele *2x2 (see header).', 'Hybrids (*13, *36, *68) not modelled.'],
  },
};

/** Genes with a frequency table. */
export const FREQUENCY_GENES: readonly string[] = Object.keys(ALLELE_FREQUENCIES);

/** The table of `gene`, or a NotFoundError listing the known genes. */
export function frequencyTable(gene: string): AlleleFrequencyTable {
  const t = ALLELE_FREQUENCIES[gene];
  if (t === undefined) throw new NotFoundError('gene with allele frequencies', gene, FREQUENCY_GENES);
  return t;
}

/** An allele with its frequency in one group. */
export interface AlleleFrequency {
  allele: string;
  frequency: number;
}

/**
 * All alleles of `gene` with their frequencies in `group`, reference first (1 − Σ variants).
 * @example alleleFrequencies('VKORC1', 'european') // [{ allele: 'G', frequency: 0.612 }, { allele: 'A', frequency: 0.388 }]
 */
export function alleleFrequencies(gene: string, group: AncestryGroup): AlleleFrequency[] {
  const t = frequencyTable(gene);
  const row = t.frequencies[group];
  if (row === undefined) throw new NotFoundError('ancestry group', String(group), ANCESTRY_GROUPS);
  const variantSum = row.reduce((a, b) => a + b, 0);
  return [
    { allele: t.reference, frequency: 1 - variantSum },
    ...t.variants.map((allele, i) => ({ allele, frequency: row[i]! })),
  ];
}

/** A diplotype with its Hardy–Weinberg probability. */
export interface DiplotypeProbability {
  diplotype: string;
  /** Allele indices into {@link alleleFrequencies}' order (i ≤ j); `diplotype` is written in that order. */
  alleles: [number, number];
  probability: number;
}

/**
 * Hardy–Weinberg diplotype distribution of `gene` in `group`: p_i² for homozygotes,
 * 2·p_i·p_j for heterozygotes. Diplotypes of probability 0 are omitted.
 */
export function diplotypeDistribution(gene: string, group: AncestryGroup): DiplotypeProbability[] {
  const alleles = alleleFrequencies(gene, group);
  const out: DiplotypeProbability[] = [];
  for (let i = 0; i < alleles.length; i++) {
    for (let j = i; j < alleles.length; j++) {
      const pi = alleles[i]!.frequency;
      const pj = alleles[j]!.frequency;
      const probability = i === j ? pi * pi : 2 * pi * pj;
      if (probability > 0) out.push({ diplotype: `${alleles[i]!.allele}/${alleles[j]!.allele}`, alleles: [i, j], probability });
    }
  }
  return out;
}

/**
 * Draw a diplotype under Hardy–Weinberg equilibrium: two independent allele draws from the
 * group's allele frequencies (two `categorical` draws from `rng`), written in the table's
 * allele order (reference first), e.g. '*1/*3', 'G/A'.
 */
export function sampleDiplotype(gene: string, group: AncestryGroup, rng: RandomStream): string {
  const alleles = alleleFrequencies(gene, group);
  const weights = alleles.map((a) => a.frequency);
  const i = rng.categorical(weights);
  const j = rng.categorical(weights);
  return `${alleles[Math.min(i, j)]!.allele}/${alleles[Math.max(i, j)]!.allele}`;
}

/** Check every table: frequencies in [0, 1] summing to ≤ 1 per group. Throws InputError naming the cell. */
export function checkFrequencyTables(tables: Readonly<Record<string, AlleleFrequencyTable>> = ALLELE_FREQUENCIES): void {
  for (const [gene, t] of Object.entries(tables)) {
    for (const group of ANCESTRY_GROUPS) {
      const row = t.frequencies[group];
      const field = `ALLELE_FREQUENCIES.${gene}.${group}`;
      if (row?.length !== t.variants.length) throw new InputError(`${field}: needs ${t.variants.length} values`, field);
      if (row.some((f) => !(f >= 0 && f <= 1))) throw new InputError(`${field}: values must be in [0, 1]`, field);
      if (row.reduce((a, b) => a + b, 0) > 1) throw new InputError(`${field}: variant frequencies sum to more than 1`, field);
    }
  }
}
