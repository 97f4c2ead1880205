/**
 * The warfarin starting-dose bandit of the contextual-bandit literature (Bastani & Bayati
 * 2020, "Online decision making with high-dimensional covariates", Oper Res 68:276; also
 * the Stanford CS234 warfarin project), on simulated patients.
 *
 * Round t is patient t of a reproducible cohort (`generateCohort`). The agent sees the
 * patient's covariates and genotypes and picks a dose band:
 *
 * | arm | band | daily dose |
 * |---|---|---|
 * | 0 | low | < 3 mg/day |
 * | 1 | medium | 3–7 mg/day |
 * | 2 | high | > 7 mg/day |
 *
 * and gets reward 1 when the band holds the patient's true stable dose, 0 otherwise (so
 * regret = number of wrong bands). The literature uses the real stable doses of the
 * PharmGKB/IWPC cohort; here the "true" dose is simulated from the IWPC pharmacogenetic
 * model (src/agents/clinical/iwpc.ts) with residual noise:
 *
 *     √(true weekly dose) = IWPC linear predictor + N(0, σ²),   σ = 0.98 by default
 *
 * σ is calibrated so that the IWPC prediction's mean absolute error against the simulated
 * true dose is ≈ 8.5 mg/week, the pharmacogenetic algorithm's MAE in the IWPC 2009
 * validation cohort (measured here: 8.5 mg/week on 5,000 patients). With it, band shares are
 * ≈ 27 % low / 60 % medium / 13 % high and the IWPC formula itself picks the right band
 * ≈ 68 % of the time, close to the PharmGKB figures Bastani & Bayati report (fixed
 * medium dose ≈ 61 %). The noise is drawn per patient from `seed` ('dose-noise' stream),
 * so the truth is fixed for a given seed.
 *
 * Cohort defaults: ancestry mix 55 % European, 30 % East Asian, 9 % African American,
 * 6 % Latino (roughly IWPC's race mix); CYP2C9 alleles other than *1, *2, *3 (e.g. *8, *11)
 * count as IWPC's "unknown" CYP2C9 genotype, since the model has no term for them.
 *
 * Context (18 features, {@link WARFARIN_BANDIT_FEATURES}): bias; age in decades/10;
 * height/200 cm; weight/100 kg; race Asian, Black, other (White reference); enzyme inducer;
 * amiodarone; VKORC1 G/A, A/A, unknown (G/G reference); CYP2C9 *1/*2, *1/*3, *2/*2, *2/*3,
 * *3/*3, unknown (*1/*1 reference). The IWPC covariates, scaled to O(1).
 */
import { InputError } from '../../core/errors.js';
import { RandomStream } from '../../core/random.js';
import { generateCohort, type CohortOptions } from '../../genomics/cohort.js';
import type { Patient } from '../../genomics/patient.js';
import { takesAmiodarone, takesEnzymeInducer, warfarinGenotypes, type WarfarinPatient } from '../../pkpd/models/warfarin-covariates.js';
import { iwpcSqrtWeeklyDose, IWPC_PHARMACOGENETIC } from '../clinical/iwpc.js';
import { checkArm, type BanditEnv } from './bandit-env.js';

export const WARFARIN_DOSE_BANDS = ['low', 'medium', 'high'] as const;
/** Band edges in mg/day: low < 3 ≤ medium ≤ 7 < high. */
export const WARFARIN_BAND_EDGES_MG_DAY = [3, 7] as const;
/** Default residual SD on √(weekly mg) (see the module doc for the calibration). */
export const WARFARIN_BANDIT_NOISE_SD = 0.98;
/** Medium dose arm: the fixed-dose baseline (5 mg/day). */
export const MEDIUM_DOSE_ARM = 1;

export const WARFARIN_BANDIT_FEATURES = [
  'bias',
  'ageDecades/10',
  'height/200cm',
  'weight/100kg',
  'race:asian',
  'race:black',
  'race:other',
  'enzymeInducer',
  'amiodarone',
  'VKORC1:G/A',
  'VKORC1:A/A',
  'VKORC1:unknown',
  'CYP2C9:*1/*2',
  'CYP2C9:*1/*3',
  'CYP2C9:*2/*2',
  'CYP2C9:*2/*3',
  'CYP2C9:*3/*3',
  'CYP2C9:unknown',
] as const;

/** Band index of a daily dose. */
export function doseBand(dailyDoseMg: number): number {
  return dailyDoseMg < WARFARIN_BAND_EDGES_MG_DAY[0] ? 0 : dailyDoseMg <= WARFARIN_BAND_EDGES_MG_DAY[1] ? 1 : 2;
}

/** The patient as IWPC sees it: CYP2C9 diplotypes outside *1/*2/*3 become "unknown" (untyped). */
function iwpcView(p: Patient): WarfarinPatient {
  const c = p.genotypes.CYP2C9;
  if (c === undefined || knownAfterNormalising(c)) return p;
  const { CYP2C9: _dropped, ...rest } = p.genotypes;
  void _dropped;
  return { ...p, genotypes: rest };
}

/** Whether a CYP2C9 diplotype has only alleles *1, *2, *3 (either order, star optional). */
function knownAfterNormalising(c: string): boolean {
  const m = /^\s*\*?(\d+)\s*\/\s*\*?(\d+)\s*$/.exec(c);
  return m !== null && ['1', '2', '3'].includes(m[1]!) && ['1', '2', '3'].includes(m[2]!);
}

export interface WarfarinDoseBanditOptions {
  /** Number of patients (rounds). Default 2000. */
  n?: number;
  /** Seed of the cohort and of the dose noise. */
  seed: number;
  /** Residual SD on √(weekly mg); default {@link WARFARIN_BANDIT_NOISE_SD}. */
  noiseSd?: number;
  /** Cohort ancestry (default: the IWPC-like mix in the module doc). */
  ancestry?: CohortOptions['ancestry'];
}

export class WarfarinDoseBandit implements BanditEnv {
  readonly nArms = 3;
  readonly contextDim = WARFARIN_BANDIT_FEATURES.length;
  readonly horizon: number;
  readonly armNames = WARFARIN_DOSE_BANDS;
  readonly patients: readonly Patient[];
  /** Simulated true stable daily dose (mg/day) per patient. */
  readonly trueDailyDoseMg: Float64Array;
  /** IWPC pharmacogenetic daily dose (mg/day) per patient, the model's prediction. */
  readonly iwpcDailyDoseMg: Float64Array;
  private readonly contexts: Float64Array;

  constructor(options: WarfarinDoseBanditOptions) {
    const n = options.n ?? 2000;
    if (!Number.isInteger(n) || n < 1) throw new InputError(`n must be a positive integer, got ${n}`, 'n');
    const sd = options.noiseSd ?? WARFARIN_BANDIT_NOISE_SD;
    if (!(sd >= 0)) throw new InputError(`noiseSd must be ≥ 0, got ${sd}`, 'noiseSd');
    this.horizon = n;
    this.patients = generateCohort({
      n,
      seed: options.seed,
      ancestry: options.ancestry ?? { european: 0.55, 'east-asian': 0.3, 'african-american': 0.09, latino: 0.06 },
      genes: ['CYP2C9', 'VKORC1'],
    });
    const noise = RandomStream.fromSeed(options.seed).fork('dose-noise');
    const d = this.contextDim;
    this.trueDailyDoseMg = new Float64Array(n);
    this.iwpcDailyDoseMg = new Float64Array(n);
    this.contexts = new Float64Array(n * d);
    this.patients.forEach((p, t) => {
      const view = iwpcView(p);
      const y = iwpcSqrtWeeklyDose(view, IWPC_PHARMACOGENETIC);
      this.iwpcDailyDoseMg[t] = Math.max(0, y) ** 2 / 7;
      this.trueDailyDoseMg[t] = Math.max(0, y + sd * noise.fork(t).normal()) ** 2 / 7;
      this.writeFeatures(view, this.contexts.subarray(t * d, (t + 1) * d));
    });
  }

  private writeFeatures(p: WarfarinPatient, x: Float64Array): void {
    const g = warfarinGenotypes(p);
    const race = p.race ?? 'other';
    const vk = g.vkorc1 ?? 'unknown';
    const cyp = g.cyp2c9 ?? 'unknown';
    const values = [
      1,
      Math.floor(p.age / 10) / 10,
      p.height / 200,
      p.weight / 100,
      race === 'asian' ? 1 : 0,
      race === 'black' ? 1 : 0,
      race === 'other' ? 1 : 0,
      takesEnzymeInducer(p) ? 1 : 0,
      takesAmiodarone(p) ? 1 : 0,
      vk === 'G/A' ? 1 : 0,
      vk === 'A/A' ? 1 : 0,
      vk === 'unknown' ? 1 : 0,
      ...(['*1/*2', '*1/*3', '*2/*2', '*2/*3', '*3/*3', 'unknown'] as const).map((c) => (cyp === c ? 1 : 0)),
    ];
    x.set(values);
  }

  /** Correct band (arm) of patient t. */
  correctArm(t: number): number {
    return doseBand(this.trueDailyDoseMg[t]!);
  }

  context(t: number, out: Float64Array): Float64Array {
    this.checkRound(t);
    const d = this.contextDim;
    out.set(this.contexts.subarray(t * d, (t + 1) * d));
    return out;
  }

  reward(t: number, arm: number): number {
    this.checkRound(t);
    checkArm(arm, this.nArms);
    return arm === this.correctArm(t) ? 1 : 0;
  }

  expectedRewards(t: number, out: Float64Array): Float64Array {
    this.checkRound(t);
    const c = this.correctArm(t);
    for (let a = 0; a < this.nArms; a++) out[a] = a === c ? 1 : 0;
    return out;
  }

  private checkRound(t: number): void {
    if (!Number.isInteger(t) || t < 0 || t >= this.horizon) throw new InputError(`round must be an integer in [0, ${this.horizon - 1}], got ${t}`, 'round');
  }
}
