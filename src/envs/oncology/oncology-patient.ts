/**
 * Virtual oncology patients for the OncologyCombo envs: a genomics Patient (drawn from
 * `generateCohort` or given) and its individual model parameters, drawn with between-subject
 * variability from the model specs:
 *
 * - 5-FU clearance and volume: fluorouracil-dpyd.ts (BSA, DPYD activity score, IIV on CL);
 * - erlotinib CL, V, ka: lu2006-erlotinib.ts (smoking, IIV);
 * - myelosuppression system Circ0, MTT, γ: friberg2002-docetaxel.ts (IIV on Circ0, MTT);
 * - tumour: tumour-sensitive-resistant.ts (IIV on growth, kill, baseline burden, resistant
 *   fraction).
 *
 * Draw order from the patient stream (fixed, so a seed gives the same patient whatever the
 * policy): cohort seed (and DPYD stratum when enriched), then the four specs' η in the order
 * above. DPYD missing from the patient's genotypes = not genotyped: the PK uses activity
 * score 2 (reference genotype) and the observation says "not genotyped".
 */
import { InputError } from '../../core/errors.js';
import type { RandomStream } from '../../core/random.js';
import { generateCohort } from '../../genomics/cohort.js';
import { ANCESTRY_GROUPS, type AncestryGroup, type Patient } from '../../genomics/patient.js';
import { callGene } from '../../genomics/phenotype.js';
import { fluorouracilClearance, fluorouracilDpyd, fluorouracilVolume } from '../../pkpd/models/fluorouracil-dpyd.js';
import { friberg2002Docetaxel } from '../../pkpd/models/friberg2002-docetaxel.js';
import { lu2006Erlotinib } from '../../pkpd/models/lu2006-erlotinib.js';
import { tumourSensitiveResistant } from '../../pkpd/models/tumour-sensitive-resistant.js';
import { sampleIndividual } from '../../pkpd/population.js';
import { paramIndex } from '../../pkpd/types.js';

/** How the DPYD genotype of drawn patients is distributed. */
export type DpydMix = 'population' | 'enriched';

/**
 * 'enriched' DPYD strata (for evaluating genotype-guided dosing on rare genotypes): normal
 * 50 %, intermediate (AS 1–1.5) 40 %, poor (AS 0–0.5) 10 %; a diplotype is drawn uniformly
 * within the stratum.
 */
export const DPYD_ENRICHED_STRATA: readonly { proportion: number; diplotypes: readonly string[] }[] = Object.freeze([
  { proportion: 0.5, diplotypes: ['Reference/Reference'] },
  { proportion: 0.4, diplotypes: ['Reference/c.1129-5923C>G, c.1236G>A (HapB3)', 'Reference/c.2846A>T', 'Reference/c.1905+1G>A (*2A)'] },
  { proportion: 0.1, diplotypes: ['c.2846A>T/c.1905+1G>A (*2A)', 'c.1905+1G>A (*2A)/c.1905+1G>A (*2A)'] },
]);

/** Options of patient drawing. */
export interface OncologyPatientOptions {
  /** Ancestry group of drawn patients (default 'european'). */
  ancestry: AncestryGroup;
  dpydMix: DpydMix;
}

/** One patient's individual parameters, as the kernel uses them. */
export interface OncologyPatientParameters {
  patient: Patient;
  /** Body-surface area, m². */
  bsa: number;
  /** DPYD activity score used by the PK (2 when not genotyped). */
  dpydActivityScore: number;
  dpydGenotyped: boolean;
  smoker: boolean;
  /** 5-FU clearance (L/h) and volume (L). */
  fuCl: number;
  fuV: number;
  /** Erlotinib CL/F (L/h), V/F (L), ka (1/h). */
  erlCl: number;
  erlV: number;
  erlKa: number;
  /** Friberg system: baseline ANC (10⁹/L), mean transit time (h), feedback γ. */
  circ0: number;
  mtt: number;
  gamma: number;
  /** Individual parameter vector of tumour-sensitive-resistant (inputs C_CYT, C_TGT = 0). */
  tumour: Float64Array;
}

const FRIBERG_CIRC0 = paramIndex(friberg2002Docetaxel, 'CIRC0');
const FRIBERG_MTT = paramIndex(friberg2002Docetaxel, 'MTT');
const FRIBERG_GAMMA = paramIndex(friberg2002Docetaxel, 'GAMMA');
const FU_DPYD_AS = paramIndex(fluorouracilDpyd, 'DPYD_AS');
const ERL_CL = paramIndex(lu2006Erlotinib, 'CL');
const ERL_V = paramIndex(lu2006Erlotinib, 'V');
const ERL_KA = paramIndex(lu2006Erlotinib, 'KA');

/** Validate the env options naming the field. */
export function oncologyPatientOptions(kwargs: { ancestry?: unknown; dpydMix?: unknown }, where: string): OncologyPatientOptions {
  const ancestry = kwargs.ancestry ?? 'european';
  if (typeof ancestry !== 'string' || !(ANCESTRY_GROUPS as readonly string[]).includes(ancestry)) {
    throw new InputError(`${where}: option 'ancestry' must be one of ${ANCESTRY_GROUPS.join(', ')}, got ${JSON.stringify(ancestry)}`, 'ancestry');
  }
  const dpydMix = kwargs.dpydMix ?? 'population';
  if (dpydMix !== 'population' && dpydMix !== 'enriched') {
    throw new InputError(`${where}: option 'dpydMix' must be 'population' or 'enriched', got ${JSON.stringify(dpydMix)}`, 'dpydMix');
  }
  return { ancestry: ancestry as AncestryGroup, dpydMix };
}

/** Draw a patient from `rng` (cohort seed, then the DPYD stratum when enriched). */
export function drawOncologyPatient(rng: RandomStream, options: OncologyPatientOptions): Patient {
  const seed = rng.seedInt();
  let genotypes: Record<string, string> | undefined;
  if (options.dpydMix === 'enriched') {
    const stratum = DPYD_ENRICHED_STRATA[rng.categorical(DPYD_ENRICHED_STRATA.map((s) => s.proportion))]!;
    genotypes = { DPYD: stratum.diplotypes[rng.int(stratum.diplotypes.length)]! };
  }
  return generateCohort({ n: 1, seed, ancestry: options.ancestry, genes: ['DPYD', 'UGT1A1'], ...(genotypes ? { genotypes } : {}), idPrefix: 'ONC' })[0]!;
}

/** The patient's individual parameters, with between-subject variability drawn from `rng`. */
export function oncologyPatientParameters(patient: Patient, rng: RandomStream): OncologyPatientParameters {
  const diplotype = patient.genotypes.DPYD;
  const dpydGenotyped = diplotype !== undefined;
  const score = dpydGenotyped ? callGene('DPYD', diplotype).activityScore : undefined;
  const dpydActivityScore = score ?? 2;

  const fu = sampleIndividual(fluorouracilDpyd, patient, rng);
  fu[FU_DPYD_AS] = dpydActivityScore;
  const erl = sampleIndividual(lu2006Erlotinib, patient, rng);
  const myelo = sampleIndividual(friberg2002Docetaxel, patient, rng);
  const tumour = sampleIndividual(tumourSensitiveResistant, patient, rng);
  const fr0 = paramIndex(tumourSensitiveResistant, 'FR0');
  if (tumour[fr0]! > 0.5) tumour[fr0] = 0.5; // a resistant majority is not a "sensitive" tumour

  return {
    patient,
    bsa: fu[paramIndex(fluorouracilDpyd, 'BSA')]!,
    dpydActivityScore,
    dpydGenotyped,
    smoker: patient.lifestyle.smoker,
    fuCl: fluorouracilClearance(fu),
    fuV: fluorouracilVolume(fu),
    erlCl: erl[ERL_CL]!,
    erlV: erl[ERL_V]!,
    erlKa: erl[ERL_KA]!,
    circ0: myelo[FRIBERG_CIRC0]!,
    mtt: myelo[FRIBERG_MTT]!,
    gamma: myelo[FRIBERG_GAMMA]!,
    tumour,
  };
}
