/**
 * Hamberg 2010: the updated warfarin INR model, with allele-additive CYP2C9 clearance and
 * VKORC1 EC50, one-compartment S-warfarin PK and two three-compartment transit chains whose
 * mean is the INR driver. Structurally different from {@link hamberg2007Warfarin}
 * (one PK compartment; γ 1.15; no λ exponent; chains averaged instead of multiplied).
 *
 * Sources:
 * - Hamberg AK, Wadelius M, Lindh JD, et al. A pharmacometric model describing the
 *   relationship between warfarin dose and INR response with respect to variations in
 *   CYP2C9, VKORC1, and age. Clin Pharmacol Ther 2010;87:727–734. doi 10.1038/clpt.2010.37
 *   (Tables 2 and 4, dataset C).
 * - Values as transcribed in /work/shared/reference/pkpd-models.md §1.2 from
 *   anzabizadeh/ReiL `hamberg_pkpd_2010.py` and DavAug/mipd-warfarin
 *   `models/hamberg_warfarin_inr_model_parameters.csv` (Augustin et al., MIPD of warfarin).
 *
 * Structure (time in h; amounts in mg of S-warfarin):
 * ```
 * dAd/dt = −ka·Ad ;  dAc/dt = ka·Ad − CL/V·Ac ;  C = Ac/V
 * E      = C^γ / (EC50^γ + C^γ)
 * chain j ∈ {a, b}: dF1/dt = kj·((1 − E) − F1), dF2/dt = kj·(F1 − F2), dF3/dt = kj·(F2 − F3)
 *                   ka_chain = 3/MTT1, kb_chain = 3/MTT2, all F(0) = 1
 * INR    = BASE + INRmax·(1 − (F3a + F3b)/2)
 * CL     = (CL_allele1 + CL_allele2)·(1 − 0.00571·(age − 71))·co-medication factor
 * EC50   = EC50_allele1 + EC50_allele2
 * ```
 * Steady state: INR = BASE + INRmax·E(Css) with Css = 0.5·daily dose/(24·CL).
 */
import type { ModelSpec, ParameterSpec, Subject } from '../types.js';
import {
  WARFARIN_ORAL_DOSING,
  ageClearanceFactor,
  comedicationClearanceFactor,
  synthesisFraction,
  cyp2c9Alleles,
  warfarinGenotypes,
  type Vkorc1Genotype,
} from './warfarin-covariates.js';

const SRC = 'Hamberg 2010 Table 2 (via ReiL hamberg_pkpd_2010.py and DavAug parameters CSV; reference §1.2)';
const SRC_PD = 'Hamberg 2010 Table 4 (via ReiL and DavAug; reference §1.2)';

/** Clearance contribution (L/h) of each CYP2C9 allele at age 71 (Hamberg 2010 Table 2). */
export const HAMBERG2010_CL_PER_ALLELE: Readonly<Record<1 | 2 | 3, number>> = Object.freeze({ 1: 0.174, 2: 0.0879, 3: 0.0422 });

/** EC50 contribution (mg/L) of each VKORC1 −1639 allele (Hamberg 2010 Table 4). */
export const HAMBERG2010_EC50_PER_ALLELE: Readonly<Record<'G' | 'A', number>> = Object.freeze({ G: 2.05, A: 0.96 });

/** Parameters in vector order (typical values: CYP2C9 *1/*1, VKORC1 G/G, age 71 y). */
const parameters: readonly ParameterSpec[] = [
  { name: 'CL', value: 0.348, unit: 'L/h', description: 'apparent S-warfarin clearance, CYP2C9 *1/*1 (2 × 0.174), age 71 y', source: SRC },
  { name: 'V', value: 14.3, unit: 'L', description: 'apparent volume of distribution', source: SRC },
  { name: 'KA', value: 2.0, unit: '1/h', description: 'first-order absorption rate constant (fixed)', source: SRC },
  { name: 'EC50', value: 4.1, unit: 'mg/L', description: 'EC50, VKORC1 G/G (2 × 2.05); set by genotype', source: SRC_PD },
  { name: 'GAMMA', value: 1.15, unit: '1', description: 'Hill coefficient (Emax = 1)', source: SRC_PD },
  { name: 'MTT1', value: 28.6, unit: 'h', description: 'mean transit time of chain a (3 compartments, rate 3/MTT1)', source: SRC_PD },
  { name: 'MTT2', value: 118.3, unit: 'h', description: 'mean transit time of chain b (3 compartments, rate 3/MTT2)', source: SRC_PD },
  { name: 'INRMAX', value: 20, unit: '1', description: 'maximal INR increase', source: SRC_PD },
  { name: 'BASE', value: 1, unit: '1', description: 'baseline INR', source: 'Hamberg 2010 (fixed to 1, as in ReiL and DavAug)' },
  { name: 'AGE_CL', value: 0.00571, unit: '1/y', description: 'fractional decrease in CL per year of age above 71 y', source: SRC },
];

const names = parameters.map((q) => q.name);
const at = (name: string): number => names.indexOf(name);
const CL = at('CL'), V = at('V'), KA = at('KA'), EC50 = at('EC50'), GAMMA = at('GAMMA');
const MTT1 = at('MTT1'), MTT2 = at('MTT2'), INRMAX = at('INRMAX'), BASE = at('BASE'), AGE_CL = at('AGE_CL');

// State positions: 0 depot, 1 central, 2..4 chain a (F1a..F3a), 5..7 chain b (F1b..F3b).
const DEPOT = 0, CENTRAL = 1, FA = 2, FB = 5;

function concentration(x: Float64Array, p: Float64Array): number {
  const c = x[CENTRAL]! / p[V]!;
  return c > 0 ? c : 0;
}

function vkorc1Ec50(g: Vkorc1Genotype): number {
  const { G, A } = HAMBERG2010_EC50_PER_ALLELE;
  return g === 'G/G' ? 2 * G : g === 'G/A' ? G + A : 2 * A;
}

export const hamberg2010Warfarin: ModelSpec = {
  id: 'hamberg2010-warfarin',
  title: 'Hamberg 2010 warfarin INR model (allele-additive CYP2C9 clearance and VKORC1 EC50, age)',
  description:
    'One-compartment S-warfarin PK with first-order absorption; Emax inhibition (Hill γ = 1.15) of ' +
    'two three-compartment transit chains (MTT 28.6 h and 118.3 h); INR = BASE + INRmax·(1 − mean of ' +
    'the chain ends). Clearance and EC50 are sums of per-allele contributions; clearance falls ' +
    '0.571 %/year above 71 y. Time in hours.',
  citations: [
    {
      text: 'Hamberg AK, Wadelius M, Lindh JD, et al. A pharmacometric model describing the relationship between warfarin dose and INR response with respect to variations in CYP2C9, VKORC1, and age. Clin Pharmacol Ther 2010;87:727–734.',
      doi: '10.1038/clpt.2010.37',
    },
  ],
  timeUnit: 'h',
  conventions: [
    'Dose: the regimen amount is the racemic tablet dose in mg; 50 % of it enters as S-warfarin (amountScale 0.5), as in ReiL. The dose-rate (K-PD) form of the paper is written here in concentration form; at steady state the two agree (EDK50 = CL·EC50), and ReiL reports that the literal DR = KDE·A does not reproduce the expected INR.',
    'F = 1: clearance and volume are apparent oral parameters.',
    'Age lowers clearance, CL × (1 − 0.00571·(age − 71)), as in Hamberg 2007; ReiL\'s 2010 code has the opposite sign, which would make clearance rise with age against the 2007 finding and DavAug\'s "relative shift".',
    'Between-subject variability: DavAug\'s values, used as log-normal SDs: CL 0.089, V 0.054, EC50 0.240. Chosen because DavAug labels them explicitly as log-scale SDs of a log-normal model, which is exactly our VariabilitySpec, while ReiL\'s ω² set includes a KDE term that has no counterpart in the concentration form. DavAug puts the 0.089 on k = CL/V; we put it on CL (with V\'s own 0.054, k\'s log-SD is then 0.105).',
    'Residual errors: DavAug\'s exponential (log-scale) SDs, 0.099 on S-warfarin concentration and 0.190 on INR.',
    'No λ exponent in the 2010 INR equation (neither implementation has one).',
    'Missing genotype: CYP2C9 *1/*1 and VKORC1 G/G; unknown diplotypes are an InputError naming patient.genotype.<gene>; VKORC1 A/G reads as G/A.',
    'Co-medication: amiodarone and enzyme inducers scale CL (warfarin-covariates.ts).',
  ],
  parameters,
  states: [
    { name: 'depot', unit: 'mg', description: 'S-warfarin in the absorption depot' },
    { name: 'central', unit: 'mg', description: 'S-warfarin in the body' },
    { name: 'F1a', unit: '1', description: 'chain a (MTT1), compartment 1', initial: 1 },
    { name: 'F2a', unit: '1', description: 'chain a, compartment 2', initial: 1 },
    { name: 'F3a', unit: '1', description: 'chain a, compartment 3 (enters the INR)', initial: 1 },
    { name: 'F1b', unit: '1', description: 'chain b (MTT2), compartment 1', initial: 1 },
    { name: 'F2b', unit: '1', description: 'chain b, compartment 2', initial: 1 },
    { name: 'F3b', unit: '1', description: 'chain b, compartment 3 (enters the INR)', initial: 1 },
  ],
  dosing: [WARFARIN_ORAL_DOSING],
  outputs: [
    { name: 'Cs', unit: 'mg/L', description: 'S-warfarin plasma concentration', compute: (x, p) => concentration(x, p) },
    {
      name: 'INR',
      unit: '1',
      description: 'international normalised ratio',
      compute: (x, p) => p[BASE]! + p[INRMAX]! * (1 - 0.5 * (x[FA + 2]! + x[FB + 2]!)),
    },
  ],
  variability: {
    parameters: ['CL', 'V', 'EC50'],
    omega: [
      [0.089 ** 2, 0, 0],
      [0, 0.054 ** 2, 0],
      [0, 0, 0.24 ** 2],
    ],
    description: 'DavAug/mipd-warfarin log-scale SDs (see conventions); diagonal Ω = ω².',
  },
  residualError: [
    { output: 'Cs', model: { type: 'exponential', sd: 0.099 }, description: 'DavAug pooled "drug conc. sigma log"' },
    { output: 'INR', model: { type: 'exponential', sd: 0.19 }, description: 'DavAug pooled "INR sigma log"' },
  ],
  covariates(subject: Subject, p: Float64Array): void {
    const g = warfarinGenotypes(subject);
    const [a, b] = cyp2c9Alleles(g.cyp2c9 ?? '*1/*1');
    const clGenotype = HAMBERG2010_CL_PER_ALLELE[a as 1 | 2 | 3] + HAMBERG2010_CL_PER_ALLELE[b as 1 | 2 | 3];
    const clTypical = 2 * HAMBERG2010_CL_PER_ALLELE[1];
    p[CL] = p[CL]! * (clGenotype / clTypical) * ageClearanceFactor(subject.age, p[AGE_CL]!) * comedicationClearanceFactor(subject);
    p[EC50] = p[EC50]! * (vkorc1Ec50(g.vkorc1 ?? 'G/G') / vkorc1Ec50('G/G'));
  },
  rhs(_t: number, x: Float64Array, p: Float64Array, dxdt: Float64Array): void {
    const ka = p[KA]!;
    const ad = x[DEPOT]!;
    dxdt[DEPOT] = -ka * ad;
    dxdt[CENTRAL] = ka * ad - (p[CL]! / p[V]!) * x[CENTRAL]!;

    const inhibition = synthesisFraction(concentration(x, p), p[EC50]!, p[GAMMA]!); // 1 − E

    const ka3 = 3 / p[MTT1]!;
    const kb3 = 3 / p[MTT2]!;
    dxdt[FA] = ka3 * (inhibition - x[FA]!);
    dxdt[FA + 1] = ka3 * (x[FA]! - x[FA + 1]!);
    dxdt[FA + 2] = ka3 * (x[FA + 1]! - x[FA + 2]!);
    dxdt[FB] = kb3 * (inhibition - x[FB]!);
    dxdt[FB + 1] = kb3 * (x[FB]! - x[FB + 1]!);
    dxdt[FB + 2] = kb3 * (x[FB + 1]! - x[FB + 2]!);
  },
};
