/**
 * Distributions of demographics, co-medications, lifestyle and indication for virtual
 * anticoagulated adults. Each draw uses its own named fork of the patient's stream, so adding
 * a field later does not change the others.
 *
 * Sources and assumptions (values are population summaries, not individual data):
 * - Height and BMI by sex: NHANES 2015–2018 adults ≥ 20 y (Fryar CD et al., "Anthropometric
 *   reference data for children and adults: United States, 2015–2018", Vital Health Stat 3(46),
 *   2021): mean height 175.4 cm (men) / 161.7 cm (women), mean BMI 29.1 / 29.6 kg/m² (all races);
 *   non-Hispanic Asian adults 171.5 / 158.3 cm, BMI 25.0 / 24.3. SDs (7.5 / 7.0 cm for height,
 *   log-SD 0.21 for BMI, ≈ 6 kg/m²) are approximations of the NHANES percentiles: ⚠ approximate.
 * - Weight = BMI × height², which keeps the height–weight correlation of real adults.
 *   East Asian and Central/South Asian groups use the NHANES non-Hispanic Asian means; every
 *   other group uses the all-race means (assumption: no group-specific source at hand).
 * - Age: Normal(62, 14²) truncated to [18, 100] years (inside the 18–110 adult range). Assumption approximating the IWPC cohort
 *   (IWPC 2009, NEJM 360:753: most patients in the 50–79 decades).
 * - Sex: P(male) = 0.55 (assumption close to the IWPC cohort's sex ratio).
 * - Co-medications, independent draws: amiodarone 5 % (assumption; IWPC and Gage cohorts
 *   report a few percent); enzyme inducers carbamazepine 0.4 %, phenytoin 0.4 %, rifampin
 *   0.2 % (assumption: ≈ 1 % in total, as in IWPC).
 * - Adherence: Beta(8.5, 1.5), mean 0.85 (assumption: about 15 % of doses missed on average,
 *   in line with pill-bottle studies of warfarin adherence, e.g. Kimmel et al. 2007,
 *   Arch Intern Med 167:229, where 1 in 5 days had an adherence error).
 * - Smoking: 12.5 % (CDC, adult cigarette smoking 2020, MMWR 71:397).
 * - Activity low / moderate / high = 0.40 / 0.45 / 0.15 (assumption).
 * - Vitamin K intake variability (SD/mean of daily intake): log-normal with median 0.5 and
 *   log-SD 0.4, capped at 3 (assumption: day-to-day phylloquinone intake varies widely;
 *   Booth et al. 1997, J Am Diet Assoc 97:1170).
 * - Indication: DVT/PE 30 % (assumption near the Gage 2008 cohort); target INR 3.0 for 8 %
 *   (mechanical valves; assumption), otherwise 2.5.
 */
import type { RandomStream } from '../core/random.js';
import type { ActivityLevel, AncestryGroup, Indication, Lifestyle } from './patient.js';

/** Sex-specific body-size parameters. */
export interface BodySize {
  /** Mean height, cm. */
  heightMean: number;
  /** SD of height, cm. */
  heightSd: number;
  /** Mean BMI, kg/m² (the log-normal is parameterised to have this mean). */
  bmiMean: number;
  /** SD of log BMI. */
  bmiLogSd: number;
}

/** NHANES 2015–2018 all-race adult means (see header). */
export const BODY_SIZE_ALL: Readonly<Record<'male' | 'female', BodySize>> = {
  male: { heightMean: 175.4, heightSd: 7.5, bmiMean: 29.1, bmiLogSd: 0.21 },
  female: { heightMean: 161.7, heightSd: 7.0, bmiMean: 29.6, bmiLogSd: 0.21 },
};

/** NHANES 2015–2018 non-Hispanic Asian adult means (see header). */
export const BODY_SIZE_ASIAN: Readonly<Record<'male' | 'female', BodySize>> = {
  male: { heightMean: 171.5, heightSd: 7.0, bmiMean: 25.0, bmiLogSd: 0.17 },
  female: { heightMean: 158.3, heightSd: 6.5, bmiMean: 24.3, bmiLogSd: 0.18 },
};

/** Body-size parameters used for a group and sex. */
export function bodySizeOf(group: AncestryGroup | undefined, sex: 'male' | 'female'): BodySize {
  return group === 'east-asian' || group === 'central-south-asian' ? BODY_SIZE_ASIAN[sex] : BODY_SIZE_ALL[sex];
}

/** The demographic and lifestyle distribution parameters (see the header for sources). */
export const DEMOGRAPHICS = {
  age: { mean: 62, sd: 14, min: 18, max: 100 },
  pMale: 0.55,
  comedications: { amiodarone: 0.05, carbamazepine: 0.004, phenytoin: 0.004, rifampin: 0.002 } as Readonly<Record<string, number>>,
  adherence: { alpha: 8.5, beta: 1.5 },
  pSmoker: 0.125,
  activity: { low: 0.4, moderate: 0.45, high: 0.15 } as Readonly<Record<ActivityLevel, number>>,
  vitaminK: { median: 0.5, logSd: 0.4, max: 3 },
  pDvtPe: 0.3,
  pHighTargetInr: 0.08,
} as const;

/** Normal(mean, sd²) truncated to [min, max] by rejection (min/max well inside the bulk). */
function truncatedNormal(rng: RandomStream, mean: number, sd: number, min: number, max: number): number {
  for (;;) {
    const x = rng.normal(mean, sd);
    if (x >= min && x <= max) return x;
  }
}

/** Gamma(shape, 1) by Marsaglia–Tsang (shape ≥ 1). */
function gamma(rng: RandomStream, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = rng.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Beta(α, β) from two gamma draws (α, β ≥ 1). */
export function sampleBeta(rng: RandomStream, alpha: number, beta: number): number {
  const x = gamma(rng, alpha);
  const y = gamma(rng, beta);
  return x / (x + y);
}

/** Round to `digits` decimals so saved cohorts stay readable (exactly representable in JSON/CSV either way). */
function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Demographic draw: age (y, 0.1), sex, height (cm, 0.1) and weight (kg, 0.1). */
export interface Demographics {
  age: number;
  sex: 'male' | 'female';
  height: number;
  weight: number;
}

/** Draw age, sex, height and weight for a patient of `group` from `rng`. */
export function sampleDemographics(rng: RandomStream, group: AncestryGroup | undefined): Demographics {
  const a = DEMOGRAPHICS.age;
  const age = round(truncatedNormal(rng.fork('age'), a.mean, a.sd, a.min, a.max), 1);
  const sex = rng.fork('sex').bernoulli(DEMOGRAPHICS.pMale) ? 'male' : 'female';
  const body = bodySizeOf(group, sex);
  const height = round(truncatedNormal(rng.fork('height'), body.heightMean, body.heightSd, 130, 215), 1);
  // Log-normal with mean bmiMean: mu = ln(mean) − σ²/2.
  const bmiRng = rng.fork('bmi');
  const mu = Math.log(body.bmiMean) - (body.bmiLogSd * body.bmiLogSd) / 2;
  let bmi = bmiRng.logNormal(mu, body.bmiLogSd);
  while (bmi < 14 || bmi > 70) bmi = bmiRng.logNormal(mu, body.bmiLogSd);
  const weight = round(bmi * (height / 100) ** 2, 1);
  return { age, sex, height, weight };
}

/** Draw co-medications (independent Bernoulli per drug, in the order of DEMOGRAPHICS.comedications). */
export function sampleComedications(rng: RandomStream): string[] {
  const out: string[] = [];
  for (const [drug, p] of Object.entries(DEMOGRAPHICS.comedications)) if (rng.fork(drug).bernoulli(p)) out.push(drug);
  return out;
}

/** Draw lifestyle factors. */
export function sampleLifestyle(rng: RandomStream): Lifestyle {
  const { alpha, beta } = DEMOGRAPHICS.adherence;
  const adherence = round(sampleBeta(rng.fork('adherence'), alpha, beta), 3);
  const vk = DEMOGRAPHICS.vitaminK;
  const vitaminKVariability = round(Math.min(vk.max, rng.fork('vitamin-k').logNormal(Math.log(vk.median), vk.logSd)), 3);
  const smoker = rng.fork('smoking').bernoulli(DEMOGRAPHICS.pSmoker);
  const levels = Object.keys(DEMOGRAPHICS.activity) as ActivityLevel[];
  const activity = levels[rng.fork('activity').categorical(levels.map((l) => DEMOGRAPHICS.activity[l]))]!;
  return { adherence, vitaminKVariability, smoker, activity };
}

/** Draw the warfarin indication (target INR, DVT/PE flag). */
export function sampleIndication(rng: RandomStream): Indication {
  const dvtPe = rng.fork('dvt-pe').bernoulli(DEMOGRAPHICS.pDvtPe);
  const targetInr = rng.fork('target-inr').bernoulli(DEMOGRAPHICS.pHighTargetInr) ? 3 : 2.5;
  return { targetInr, dvtPe };
}
