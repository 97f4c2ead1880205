/**
 * Hamberg 2007: S-warfarin two-compartment PK with first-order absorption and an INR
 * response through two transit chains, with CYP2C9 (clearance), VKORC1 (EC50) and age.
 *
 * Sources:
 * - Hamberg AK, Dahl ML, Barban M, et al. A PK-PD model for predicting the impact of age,
 *   CYP2C9, and VKORC1 genotype on individualization of warfarin therapy. Clin Pharmacol
 *   Ther 2007;81:529–538. doi 10.1038/sj.clpt.6100084 (Tables 2 and 4).
 * - Ravvaz K, Weissert JA, Ruff CT, Chi CL, Tonellato PJ. Personalized anticoagulation:
 *   optimizing warfarin management using genetics and simulated clinical trials. Circ
 *   Cardiovasc Genet 2017;10:e001804 (the virtual-trial implementation: transit-rate
 *   convention, BASE = 1).
 * - Values as transcribed in /work/shared/reference/pkpd-models.md §1.1 from
 *   anzabizadeh/ReiL `reil/healthcare/mathematical_models/hamberg_pkpd.py`.
 *
 * Structure (time in h; amounts in mg of S-warfarin):
 * ```
 * dAd/dt = −ka·Ad
 * dAc/dt =  ka·Ad − (CL + Q)/V1·Ac + Q/V2·Ap          Cs = Ac/V1 (mg/L)
 * dAp/dt =  Q/V1·Ac − Q/V2·Ap
 * E      = Cs^γ / (EC50^γ + Cs^γ)
 * dA1/dt = ktr1·((1 − E) − A1),  dAi/dt = ktr1·(A(i−1) − Ai), i = 2..6,  ktr1 = 6/MTT1
 * dA7/dt = ktr2·((1 − E) − A7),                                            ktr2 = 1/MTT2
 * INR    = BASE + INRmax·(1 − A6·A7)^λ,   A1..A7(0) = 1
 * CL     = CL_*1/*1 · (1 − Δ_CYP2C9) · (1 − 0.0091·(age − 71)) · co-medication factor
 * ```
 */
import type { ModelSpec, ParameterSpec, Subject } from '../types.js';
import {
  WARFARIN_ORAL_DOSING,
  ageClearanceFactor,
  comedicationClearanceFactor,
  synthesisFraction,
  warfarinGenotypes,
  type Cyp2c9Diplotype,
  type Vkorc1Genotype,
} from './warfarin-covariates.js';

const SRC = 'Hamberg 2007 Table 2 (via ReiL hamberg_pkpd.py; reference §1.1)';
const SRC_PD = 'Hamberg 2007 Table 4 (via ReiL hamberg_pkpd.py; reference §1.1)';

/** Parameters in vector order (typical values: CYP2C9 *1/*1, VKORC1 G/G, age 71 y, no co-medication). */
const parameters: readonly ParameterSpec[] = [
  { name: 'CL', value: 0.314, unit: 'L/h', description: 'apparent S-warfarin clearance CL/F, CYP2C9 *1/*1, age 71 y', source: SRC },
  { name: 'V1', value: 13.8, unit: 'L', description: 'apparent central volume', source: SRC },
  { name: 'V2', value: 6.59, unit: 'L', description: 'apparent peripheral volume', source: SRC },
  { name: 'Q', value: 0.131, unit: 'L/h', description: 'inter-compartmental clearance', source: SRC },
  { name: 'KA', value: 2.0, unit: '1/h', description: 'first-order absorption rate constant (fixed in the paper)', source: SRC },
  { name: 'EC50', value: 4.61, unit: 'mg/L', description: 'S-warfarin concentration for half-maximal inhibition of coagulation-factor synthesis; VKORC1 G/G (set by genotype)', source: SRC_PD },
  { name: 'GAMMA', value: 0.424, unit: '1', description: 'Hill coefficient of the Emax model (Emax = 1)', source: SRC_PD },
  { name: 'MTT1', value: 11.6, unit: 'h', description: 'mean transit time of chain 1 (six compartments, ktr1 = 6/MTT1)', source: SRC_PD },
  { name: 'MTT2', value: 120, unit: 'h', description: 'mean transit time of chain 2 (one compartment, ktr2 = 1/MTT2)', source: SRC_PD },
  { name: 'INRMAX', value: 20, unit: '1', description: 'maximal INR increase', source: SRC_PD },
  { name: 'BASE', value: 1, unit: '1', description: 'baseline INR (measured in the paper; fixed to 1 as in Ravvaz 2017)', source: 'Ravvaz 2017' },
  { name: 'LAMBDA', value: 3.61, unit: '1', description: 'shape factor λ of the INR function', source: SRC_PD },
  { name: 'AGE_CL', value: 0.0091, unit: '1/y', description: 'fractional decrease in CL per year of age above 71 y', source: SRC },
];

/**
 * Fractional reduction Δ of S-warfarin clearance by CYP2C9 diplotype (Hamberg 2007 Table 2,
 * reference §1.1): CL = CL_*1/*1 · (1 − Δ).
 */
export const HAMBERG2007_CYP2C9_CL_REDUCTION: Readonly<Record<Cyp2c9Diplotype, number>> = Object.freeze({
  '*1/*1': 0,
  '*1/*2': 0.315,
  '*1/*3': 0.453,
  '*2/*2': 0.722,
  '*2/*3': 0.69,
  '*3/*3': 0.852,
});

/** EC50 (mg/L) by VKORC1 −1639G>A genotype (Hamberg 2007 Table 4, reference §1.1). */
export const HAMBERG2007_EC50_BY_VKORC1: Readonly<Record<Vkorc1Genotype, number>> = Object.freeze({
  'G/G': 4.61,
  'G/A': 3.02,
  'A/A': 2.2,
});

const names = parameters.map((q) => q.name);
const at = (name: string): number => names.indexOf(name);
const CL = at('CL'), V1 = at('V1'), V2 = at('V2'), Q = at('Q'), KA = at('KA'), EC50 = at('EC50');
const GAMMA = at('GAMMA'), MTT1 = at('MTT1'), MTT2 = at('MTT2'), INRMAX = at('INRMAX');
const BASE = at('BASE'), LAMBDA = at('LAMBDA'), AGE_CL = at('AGE_CL');

// State positions: 0 depot, 1 central, 2 peripheral, 3..8 chain 1 (A1..A6), 9 chain 2 (A7).
const DEPOT = 0, CENTRAL = 1, PERIPHERAL = 2, A1 = 3, A6 = 8, A7 = 9;

function concentration(x: Float64Array, p: Float64Array): number {
  const c = x[CENTRAL]! / p[V1]!;
  return c > 0 ? c : 0; // guards a solver undershoot below zero
}

export const hamberg2007Warfarin: ModelSpec = {
  id: 'hamberg2007-warfarin',
  title: 'Hamberg 2007 warfarin PK/PD (S-warfarin, INR; CYP2C9, VKORC1, age)',
  description:
    'S-warfarin two-compartment PK with first-order absorption; inhibition of coagulation-factor ' +
    'synthesis by an Emax model (Hill γ) feeding two transit chains (6 compartments with mean ' +
    'transit time MTT1, 1 compartment with MTT2); INR = BASE + INRmax·(1 − A6·A7)^λ. CYP2C9 lowers ' +
    'clearance, VKORC1 −1639A lowers EC50, clearance falls 0.91 %/year above 71 y. Time in hours.',
  citations: [
    {
      text: 'Hamberg AK, Dahl ML, Barban M, et al. A PK-PD model for predicting the impact of age, CYP2C9, and VKORC1 genotype on individualization of warfarin therapy. Clin Pharmacol Ther 2007;81:529–538.',
      doi: '10.1038/sj.clpt.6100084',
    },
    {
      text: 'Ravvaz K, Weissert JA, Ruff CT, Chi CL, Tonellato PJ. Personalized anticoagulation: optimizing warfarin management using genetics and simulated clinical trials. Circ Cardiovasc Genet 2017;10:e001804.',
      doi: '10.1161/CIRCGENETICS.117.001804',
    },
  ],
  timeUnit: 'h',
  conventions: [
    'Dose: the regimen amount is the racemic tablet dose in mg; 50 % of it enters the depot as S-warfarin (dosing amountScale 0.5), the model being fitted on S-warfarin.',
    'F = 1: CL, V1, V2 and Q are apparent oral parameters (CL/F…), so no further bioavailability applies. ReiL applies F = 0.9 on top, which double-counts F; its steady-state concentrations are therefore 10 % lower than ours.',
    'Transit rates: ktr1 = 6/MTT1 (the six-compartment chain has mean transit time MTT1) and ktr2 = 1/MTT2, as in Ravvaz 2017 and ReiL; the paper appendix writes ktr = 1/MTT.',
    'BASE = 1 (Ravvaz 2017); the paper estimated a measured baseline INR per patient.',
    'Between-subject variability: the Table values (CL 0.310, V1 0.262, V2 0.991, MTT1 0.141, MTT2 1.020, EC50 0.409) are read as CVs and used as log-normal SDs (ω = value, Ω = ω²); ReiL reads them as ω² instead.',
    'Residual error on Cs: the single-dose study value 0.0908 (exponential); the steady-state cohort value 0.301 also contains unrecorded dose times and adherence, which the simulator models explicitly.',
    'Missing genotype: CYP2C9 *1/*1 and VKORC1 G/G, the reference genotypes whose typical values the parameter table holds. Unknown diplotypes are an InputError naming patient.genotype.<gene>. VKORC1 A/G reads as G/A.',
    'Co-medication: amiodarone and enzyme inducers scale CL (see warfarin-covariates.ts for effect sizes and sources).',
    'Age: CL × (1 − 0.0091·(age − 71)), floored at 5 % of the typical value.',
  ],
  parameters,
  states: [
    { name: 'depot', unit: 'mg', description: 'S-warfarin in the absorption depot' },
    { name: 'central', unit: 'mg', description: 'S-warfarin in the central compartment' },
    { name: 'peripheral', unit: 'mg', description: 'S-warfarin in the peripheral compartment' },
    { name: 'A1', unit: '1', description: 'chain 1, compartment 1 (relative coagulation-factor activity)', initial: 1 },
    { name: 'A2', unit: '1', description: 'chain 1, compartment 2', initial: 1 },
    { name: 'A3', unit: '1', description: 'chain 1, compartment 3', initial: 1 },
    { name: 'A4', unit: '1', description: 'chain 1, compartment 4', initial: 1 },
    { name: 'A5', unit: '1', description: 'chain 1, compartment 5', initial: 1 },
    { name: 'A6', unit: '1', description: 'chain 1, compartment 6 (enters the INR)', initial: 1 },
    { name: 'A7', unit: '1', description: 'chain 2, single compartment (enters the INR)', initial: 1 },
  ],
  dosing: [WARFARIN_ORAL_DOSING],
  outputs: [
    { name: 'Cs', unit: 'mg/L', description: 'S-warfarin plasma concentration', compute: (x, p) => concentration(x, p) },
    {
      name: 'INR',
      unit: '1',
      description: 'international normalised ratio',
      compute: (x, p) => {
        const d = 1 - x[A6]! * x[A7]!;
        return p[BASE]! + p[INRMAX]! * Math.pow(d > 0 ? d : 0, p[LAMBDA]!);
      },
    },
  ],
  variability: {
    parameters: ['CL', 'V1', 'V2', 'MTT1', 'MTT2', 'EC50'],
    omega: [
      [0.31 ** 2, 0, 0, 0, 0, 0],
      [0, 0.262 ** 2, 0, 0, 0, 0],
      [0, 0, 0.991 ** 2, 0, 0, 0],
      [0, 0, 0, 0.141 ** 2, 0, 0],
      [0, 0, 0, 0, 1.02 ** 2, 0],
      [0, 0, 0, 0, 0, 0.409 ** 2],
    ],
    description: 'Hamberg 2007 Tables 2 and 4 IIV read as CVs, used as log-normal SDs (ω = CV); diagonal Ω = ω².',
  },
  residualError: [
    { output: 'Cs', model: { type: 'exponential', sd: 0.0908 }, description: 'Hamberg 2007, single-dose study (see conventions)' },
    { output: 'INR', model: { type: 'exponential', sd: 0.0325 }, description: 'Hamberg 2007 Table 4' },
  ],
  covariates(subject: Subject, p: Float64Array): void {
    const g = warfarinGenotypes(subject);
    const cyp = g.cyp2c9 ?? '*1/*1';
    const vk = g.vkorc1 ?? 'G/G';
    p[CL] = p[CL]! * (1 - HAMBERG2007_CYP2C9_CL_REDUCTION[cyp]) * ageClearanceFactor(subject.age, p[AGE_CL]!) * comedicationClearanceFactor(subject);
    p[EC50] = p[EC50]! * (HAMBERG2007_EC50_BY_VKORC1[vk] / HAMBERG2007_EC50_BY_VKORC1['G/G']);
  },
  rhs(_t: number, x: Float64Array, p: Float64Array, dxdt: Float64Array): void {
    const ka = p[KA]!, cl = p[CL]!, v1 = p[V1]!, v2 = p[V2]!, q = p[Q]!;
    const ad = x[DEPOT]!, ac = x[CENTRAL]!, ap = x[PERIPHERAL]!;
    dxdt[DEPOT] = -ka * ad;
    dxdt[CENTRAL] = ka * ad - ((cl + q) / v1) * ac + (q / v2) * ap;
    dxdt[PERIPHERAL] = (q / v1) * ac - (q / v2) * ap;

    const inhibition = synthesisFraction(concentration(x, p), p[EC50]!, p[GAMMA]!); // 1 − E

    const k1 = 6 / p[MTT1]!;
    dxdt[A1] = k1 * (inhibition - x[A1]!);
    for (let i = A1 + 1; i <= A6; i++) dxdt[i] = k1 * (x[i - 1]! - x[i]!);
    dxdt[A7] = (inhibition - x[A7]!) / p[MTT2]!;
  },
};
