/**
 * Warfarin covariates shared by the Hamberg 2007 and 2010 models, the clinical dosing
 * algorithms and the warfarin env: genotype reading (CYP2C9, VKORC1), co-medication
 * effects on S-warfarin clearance, and the env-level lifestyle helpers (dietary vitamin K
 * variation, adherence).
 *
 * Sources:
 * - CYP2C9 *2/*3 and VKORC1 −1639G>A (rs9923231): Hamberg et al. 2007, Clin Pharmacol
 *   Ther 81:529 (doi 10.1038/sj.clpt.6100084); IWPC 2009, N Engl J Med 360:753.
 * - Amiodarone: Heimark LD, Wienkers L, Kunze K, et al. The mechanism of the interaction
 *   between amiodarone and warfarin in humans. Clin Pharmacol Ther 1992;51:398–407
 *   (S-warfarin clearance −55 % on amiodarone); Sanoski CA, Bauman JL. Clinical
 *   observations with the amiodarone/warfarin interaction: dosing relationships with
 *   long-term therapy. Chest 2002;121:19–23 (warfarin dose −25/−30/−35/−40 % at amiodarone
 *   100/200/300/400 mg/day).
 * - Enzyme inducers: Heimark LD, Gibaldi M, Trager WF, et al. The effect of rifampin on
 *   warfarin enantiomers. Clin Pharmacol Ther 1987;42:388–394 (clearance of both
 *   enantiomers increased about two- to threefold); Holbrook AM, et al. Systematic overview
 *   of warfarin and its drug and food interactions. Arch Intern Med 2005;165:1095–1106
 *   (carbamazepine and phenytoin: "highly probable" potentiators of warfarin clearance,
 *   no pooled effect size).
 * - Vitamin K: Khan T, et al. Dietary vitamin K influences intra-individual variability in
 *   anticoagulant response to warfarin. Br J Haematol 2004;124:348–354; Lubetsky A, et al.
 *   Thromb Haemost 1999;81:396–399.
 *
 * Conventions (simulator assumptions, stated because the literature gives no single value):
 * 1. Amiodarone multiplies S-warfarin clearance by 0.65 (−35 %): the middle of the dose
 *    reductions Sanoski & Bauman report for maintenance amiodarone 100–400 mg/day, below
 *    Heimark's −55 % measured after loading. One factor for any amiodarone dose.
 * 2. Inducers multiply clearance by: rifampin 2.0 (lower end of Heimark 1987),
 *    carbamazepine 1.5 and phenytoin 1.5 (assumption: Holbrook 2005 gives direction, not
 *    size). Several inducers do not multiply (induction saturates): the largest factor
 *    applies. Phenytoin's early transient potentiation is not modelled.
 * 3. Dietary vitamin K is a multiplicative EC50 perturbation EC50·exp(v_t) with v_t an
 *    AR(1) process on the day scale: v_t = ρ·v_{t−1} + √(1−ρ²)·σ·ε_t, stationary SD σ.
 *    σ = 0.2 × the patient's `lifestyle.vitaminKVariability` (the CV of daily vitamin K
 *    intake, genomics/patient.ts), so the median patient of genomics/demographics (CV 0.5)
 *    gets σ = 0.10 (±10 % EC50); ρ = 0.7 (diets are habitual). An assumption chosen to give
 *    INR day-to-day variation of a few per cent at a stable dose, the size reported by
 *    Khan 2004. Higher intake (v > 0) raises EC50 and lowers the INR.
 * 4. Adherence: each scheduled dose is taken with probability `adherence`, independently
 *    (Bernoulli per dose, one uniform draw per dose whatever the adherence, so that arms
 *    compared on common random numbers miss the same days); a missed dose is not doubled
 *    up later.
 */
import { InputError } from '../../core/errors.js';
import type { RandomStream } from '../../core/random.js';
import { asRecord, parseSubject, readBoolean, readNumber } from '../subject-input.js';
import type { DosingSpec, Subject } from '../types.js';

/** CYP2C9 diplotypes with published warfarin effects (alleles *1, *2, *3). */
export type Cyp2c9Diplotype = '*1/*1' | '*1/*2' | '*1/*3' | '*2/*2' | '*2/*3' | '*3/*3';
/** VKORC1 −1639G>A (rs9923231) genotype; the A allele lowers the warfarin requirement. */
export type Vkorc1Genotype = 'G/G' | 'G/A' | 'A/A';

export const CYP2C9_DIPLOTYPES: readonly Cyp2c9Diplotype[] = ['*1/*1', '*1/*2', '*1/*3', '*2/*2', '*2/*3', '*3/*3'];
export const VKORC1_GENOTYPES: readonly Vkorc1Genotype[] = ['G/G', 'G/A', 'A/A'];

/** Field name used in errors about a patient's genotype (the JSON key is `genotype`). */
export function genotypeField(gene: string): string {
  return `patient.genotype.${gene}`;
}

/**
 * Canonical CYP2C9 diplotype: accepts either allele order and an optional star.
 * @example normaliseCyp2c9('*3/*1') // '*1/*3'
 * @example normaliseCyp2c9('*1/*8') // throws InputError naming patient.genotype.CYP2C9
 */
export function normaliseCyp2c9(value: string, field = genotypeField('CYP2C9')): Cyp2c9Diplotype {
  const m = /^\s*\*?(\d+)\s*\/\s*\*?(\d+)\s*$/.exec(value);
  if (m) {
    const a = Math.min(Number(m[1]), Number(m[2]));
    const b = Math.max(Number(m[1]), Number(m[2]));
    const d = `*${a}/*${b}` as Cyp2c9Diplotype;
    if (CYP2C9_DIPLOTYPES.includes(d)) return d;
  }
  throw new InputError(
    `${field}: unknown CYP2C9 diplotype '${value}' (expected one of ${CYP2C9_DIPLOTYPES.join(', ')}; warfarin models know alleles *1, *2, *3 only)`,
    field,
  );
}

/**
 * Canonical VKORC1 −1639G>A genotype: 'A/G', 'GA', 'g/a' all read as 'G/A'.
 * @example normaliseVkorc1('A/G') // 'G/A'
 */
export function normaliseVkorc1(value: string, field = genotypeField('VKORC1')): Vkorc1Genotype {
  const s = value.trim().toUpperCase().replace('/', '');
  if (s === 'GG') return 'G/G';
  if (s === 'GA' || s === 'AG') return 'G/A';
  if (s === 'AA') return 'A/A';
  throw new InputError(`${field}: unknown VKORC1 -1639G>A genotype '${value}' (expected G/G, G/A or A/A)`, field);
}

/** The two CYP2C9 allele numbers of a canonical diplotype, e.g. '*1/*3' → [1, 3]. */
export function cyp2c9Alleles(d: Cyp2c9Diplotype): [number, number] {
  return [Number(d[1]), Number(d[4])];
}

/** Number of copies of CYP2C9 allele `*n` (0, 1 or 2). */
export function countCyp2c9Allele(d: Cyp2c9Diplotype, n: 2 | 3): number {
  const [a, b] = cyp2c9Alleles(d);
  return (a === n ? 1 : 0) + (b === n ? 1 : 0);
}

/** Number of VKORC1 −1639A alleles (0, 1 or 2). */
export function countVkorc1A(g: Vkorc1Genotype): number {
  return g === 'G/G' ? 0 : g === 'G/A' ? 1 : 2;
}

/** The warfarin genotypes of a subject, `undefined` where not typed. Throws on unknown values. */
export function warfarinGenotypes(subject: Subject): { cyp2c9?: Cyp2c9Diplotype; vkorc1?: Vkorc1Genotype } {
  const c = subject.genotypes.CYP2C9;
  const v = subject.genotypes.VKORC1;
  return {
    cyp2c9: c === undefined ? undefined : normaliseCyp2c9(c),
    vkorc1: v === undefined ? undefined : normaliseVkorc1(v),
  };
}

// ---------------------------------------------------------------------------------------
// Shared model pieces
// ---------------------------------------------------------------------------------------

/**
 * Oral racemic warfarin into a depot of S-warfarin: half of the tablet dose is the
 * S-enantiomer (the Hamberg models are fitted on S-warfarin); F = 1 because the models'
 * clearances and volumes are apparent (CL/F, V/F).
 */
export const WARFARIN_ORAL_DOSING: DosingSpec = Object.freeze({
  drug: 'warfarin',
  cmt: 'depot',
  doseUnit: 'mg',
  amountScale: 0.5,
  bioavailability: 1,
  description: 'oral racemic warfarin tablet dose in mg; 0.5 of it is S-warfarin',
});

/**
 * 1 − E of the sigmoid Emax model (Emax = 1): the remaining fraction of coagulation-factor
 * synthesis at S-warfarin concentration `c` (negative `c` from a solver undershoot reads as 0).
 * @example synthesisFraction(4.61, 4.61, 0.424) // 0.5
 */
export function synthesisFraction(c: number, ec50: number, gamma: number): number {
  if (!(c > 0)) return 1;
  const cg = Math.pow(c, gamma);
  return 1 - cg / (Math.pow(ec50, gamma) + cg);
}

// ---------------------------------------------------------------------------------------
// The patient as warfarin dosing algorithms see it
// ---------------------------------------------------------------------------------------

/**
 * A subject plus what warfarin algorithms read besides demographics. genomics' `Patient`
 * satisfies it structurally (`lifestyle.smoker`, `indication.targetInr`, `indication.dvtPe`).
 * Defaults where absent: non-smoker, target INR 2.5, indication not DVT/PE.
 */
export interface WarfarinPatient extends Subject {
  lifestyle?: { readonly smoker?: boolean };
  indication?: { readonly targetInr?: number; readonly dvtPe?: boolean };
}

/** Default target INR (range 2–3) where the indication does not say. */
export const DEFAULT_TARGET_INR = 2.5;

/**
 * Parse patient JSON for warfarin dosing: {@link parseSubject}'s rules, plus the genotype
 * check (CYP2C9 and VKORC1, when given, must be known diplotypes, normalised to canonical
 * form), `smoker` (top level or `lifestyle.smoker`), `targetInr` and `dvtPe` (top level or
 * under `indication`). Target INR must lie in [1.5, 4.5].
 * @example parseWarfarinPatient({ age: 65, genotype: { VKORC1: 'A/G' } }).genotypes // { VKORC1: 'G/A' }
 */
export function parseWarfarinPatient(json: unknown, field = 'patient'): WarfarinPatient {
  const subject = parseSubject(json, field);
  const obj = asRecord(json, field);
  const genotypes: Record<string, string> = { ...subject.genotypes };
  if (genotypes.CYP2C9 !== undefined) genotypes.CYP2C9 = normaliseCyp2c9(genotypes.CYP2C9, `${field}.genotype.CYP2C9`);
  if (genotypes.VKORC1 !== undefined) genotypes.VKORC1 = normaliseVkorc1(genotypes.VKORC1, `${field}.genotype.VKORC1`);
  const life = obj.lifestyle === undefined ? {} : asRecord(obj.lifestyle, `${field}.lifestyle`);
  const ind = obj.indication === undefined ? {} : asRecord(obj.indication, `${field}.indication`);
  const smoker = readBoolean(obj, 'smoker', field, readBoolean(life, 'smoker', `${field}.lifestyle`, false));
  const tr = { min: 1.5, max: 4.5, unit: '(INR)' };
  const targetInr = readNumber(obj, 'targetInr', field, tr, readNumber(ind, 'targetInr', `${field}.indication`, tr, DEFAULT_TARGET_INR));
  const dvtPe = readBoolean(obj, 'dvtPe', field, readBoolean(ind, 'dvtPe', `${field}.indication`, false));
  return { ...subject, genotypes, lifestyle: { smoker }, indication: { targetInr, dvtPe } };
}

// ---------------------------------------------------------------------------------------
// Co-medications
// ---------------------------------------------------------------------------------------

/** S-warfarin clearance multiplier on amiodarone (convention 1). */
export const AMIODARONE_CL_FACTOR = 0.65;

/** Enzyme inducers of warfarin clearance named by IWPC 2009, with clearance multipliers (convention 2). */
export const INDUCER_CL_FACTORS: Readonly<Record<string, number>> = Object.freeze({
  rifampin: 2.0,
  carbamazepine: 1.5,
  phenytoin: 1.5,
});

function takes(subject: Subject, drug: string): boolean {
  return subject.comedications.some((c) => c.toLowerCase() === drug || (drug === 'rifampin' && c.toLowerCase() === 'rifampicin'));
}

/** True when the subject takes amiodarone. */
export function takesAmiodarone(subject: Subject): boolean {
  return takes(subject, 'amiodarone');
}

/** True when the subject takes an IWPC enzyme inducer (carbamazepine, phenytoin, rifampin). */
export function takesEnzymeInducer(subject: Subject): boolean {
  return Object.keys(INDUCER_CL_FACTORS).some((d) => takes(subject, d));
}

/**
 * Multiplier on S-warfarin clearance from co-medications: amiodarone × the largest inducer
 * factor (conventions 1–2). 1 with none.
 * @example comedicationClearanceFactor({ ...DEFAULT_SUBJECT, comedications: ['amiodarone'] }) // 0.65
 */
export function comedicationClearanceFactor(subject: Subject): number {
  let inducer = 1;
  for (const [drug, f] of Object.entries(INDUCER_CL_FACTORS)) if (takes(subject, drug)) inducer = Math.max(inducer, f);
  return (takesAmiodarone(subject) ? AMIODARONE_CL_FACTOR : 1) * inducer;
}

/** Multiplicative clearance factor for age: 1 − slope·(age − 71), floored at 0.05 so that extreme ages stay positive. */
export function ageClearanceFactor(age: number, slopePerYear: number): number {
  return Math.max(0.05, 1 - slopePerYear * (age - 71));
}

// ---------------------------------------------------------------------------------------
// Env-level lifestyle helpers
// ---------------------------------------------------------------------------------------

/** Dietary vitamin K variation (convention 3). */
export interface VitaminKOptions {
  /** Stationary SD of the log EC50 shift per unit of intake CV. */
  sdPerUnitVariability: number;
  /** Day-to-day autocorrelation, in [0, 1). */
  rho: number;
}

export const VITAMIN_K_DEFAULTS: Readonly<VitaminKOptions> = Object.freeze({ sdPerUnitVariability: 0.2, rho: 0.7 });

/**
 * The next day's log EC50 shift from dietary vitamin K (AR(1), convention 3). Draws one
 * normal per call whatever the variability (common random numbers).
 * @param previous yesterday's shift (0 before the first day)
 * @param variability the patient's `lifestyle.vitaminKVariability` (intake CV; 0 = steady diet)
 * @example const v1 = nextVitaminKShift(0, rng, 0.5); const ec50Today = ec50 * vitaminKEc50Factor(v1);
 */
export function nextVitaminKShift(previous: number, rng: RandomStream, variability = 1, options: VitaminKOptions = VITAMIN_K_DEFAULTS): number {
  if (!(variability >= 0) || !Number.isFinite(variability)) {
    throw new InputError(`vitamin K variability must be a finite number ≥ 0, got ${variability}`, 'patient.lifestyle.vitaminKVariability');
  }
  if (!(options.rho >= 0 && options.rho < 1)) throw new InputError(`vitamin K rho must be in [0, 1), got ${options.rho}`, 'rho');
  const sd = options.sdPerUnitVariability * variability;
  return options.rho * previous + Math.sqrt(1 - options.rho * options.rho) * rng.normal(0, sd);
}

/** EC50 multiplier for a log shift: exp(shift). */
export function vitaminKEc50Factor(shift: number): number {
  return Math.exp(shift);
}

/**
 * Whether a scheduled dose is taken (Bernoulli with probability `adherence`, convention 4).
 * @example doseTaken(rng, 0.9) // true about 90 % of the time
 */
export function doseTaken(rng: RandomStream, adherence: number): boolean {
  if (!(adherence >= 0 && adherence <= 1)) {
    throw new InputError(`adherence must be in [0, 1], got ${adherence}`, 'patient.lifestyle.adherence');
  }
  // Always one draw per dose, whatever the adherence: common random numbers across arms.
  return rng.uniform() < adherence;
}
