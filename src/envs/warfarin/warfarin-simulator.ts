/**
 * The warfarin care process for N (sub-)envs, shared by the single env (N = 1) and the
 * native vector env, so that both produce identical trajectories by construction.
 *
 * One slot = one (sub-)env: its patient, its random streams, its day counter, the last
 * measured INR and the dose history, on top of {@link WarfarinKernel} (the PK/PD).
 *
 * **Patients and streams.** A slot seeded with s runs episodes k = 0, 1, 2, … (reset
 * without a seed and autoresets continue k). Episode k:
 * - patient: `generateCohort({ n: 1, seed: s, start: k, ancestry, stratify, genes: ['CYP2C9',
 *   'VKORC1'] })[0]`, i.e. patient k of the virtual cohort with seed s (only the two warfarin
 *   genes are sampled: the other fields do not depend on the gene list), unless a patient
 *   is given in the reset options;
 * - random streams forked from `RandomStream.fromSeed(s).fork('warfarin-episode').fork(k)`:
 *   'parameters' (between-subject variability), 'measurement' (INR residual error),
 *   'adherence' (one uniform per day), 'vitamin-k' (one normal per day). Each draws a fixed
 *   number of numbers per day whatever the actions, so two policies run on the same seeds
 *   meet the same patients, the same missed days, diets and measurement errors (common
 *   random numbers).
 *
 * **One day (`step`).** The prescribed dose is given at the start of the day unless
 * missed (lifestyle: Bernoulli(adherence), warfarin-covariates.ts `doseTaken`); today's
 * EC50 carries the dietary vitamin K shift (AR(1), `nextVitaminKShift`); the kernel
 * advances 24 h; the true INR is read the next morning, measured if that morning is on the
 * schedule (× exp(σ·ε), the model's residual error), and scored (reward.ts).
 */
import { InputError } from '../../core/errors.js';
import { RandomStream } from '../../core/random.js';
import { generateCohort } from '../../genomics/cohort.js';
import { createPatient, type Patient } from '../../genomics/patient.js';
import { sampleIndividual } from '../../pkpd/population.js';
import { applyResidualError } from '../../pkpd/population.js';
import { doseTaken, nextVitaminKShift, vitaminKEc50Factor } from '../../pkpd/models/warfarin-covariates.js';
import { warfarinModelPatient } from './model-patient.js';
import { DOSE_HISTORY_DAYS, DYNAMIC_SIZE, OBS, PATIENT_FEATURE_SIZE, writePatientFeatures } from './observation.js';
import { warfarinCost, warfarinReward } from './reward.js';
import { WarfarinKernel } from './warfarin-kernel.js';
import type { WarfarinConfig } from './warfarin-options.js';

/** Genes sampled for drawn patients. */
export const WARFARIN_GENES: readonly string[] = ['CYP2C9', 'VKORC1'];

/** The streams of one episode. */
interface EpisodeStreams {
  measurement: RandomStream;
  adherence: RandomStream;
  vitaminK: RandomStream;
}

/**
 * Read a patient given in reset options: a `Patient` or patient input for `createPatient`.
 * @throws InputError naming `field` for invalid patient data
 */
export function readPatientOption(value: unknown, field: string): Patient {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`${field} must be a patient object, got ${JSON.stringify(value)}`, field);
  }
  return createPatient(value, field);
}

/** N warfarin slots (see the module doc). Per-slot outputs of the last step are public arrays. */
export class WarfarinSimulator {
  readonly size: number;
  readonly config: WarfarinConfig;
  readonly kernel: WarfarinKernel;
  /** Observation length. */
  readonly observationSize: number;

  /** Current patient of each slot (as drawn or given, original genotypes). */
  readonly patients: Patient[];
  // Outputs of the last step (or the reset, for trueInr/measuredInr).
  readonly reward: Float64Array;
  readonly cost: Float64Array;
  readonly trueInr: Float64Array;
  /** NaN when the INR was not measured. */
  readonly measuredInr: Float64Array;
  readonly doseGiven: Float64Array;
  readonly dosePrescribed: Float64Array;
  readonly day: Int32Array;

  private readonly seeds: Float64Array;
  private readonly episodeIndex: Int32Array;
  private readonly lastInr: Float64Array;
  private readonly lastInrDay: Int32Array;
  /** doses[k·N + i]: dose prescribed k+1 days ago. */
  private readonly doses: Float64Array;
  private readonly vitaminKShift: Float64Array;
  private readonly adherence: Float64Array;
  private readonly vitaminKVariability: Float64Array;
  /** Patient features, row-major (PATIENT_FEATURE_SIZE per slot). */
  private readonly features: Float64Array;
  private readonly streams: EpisodeStreams[];

  constructor(config: WarfarinConfig, size: number) {
    this.config = config;
    this.size = size;
    this.kernel = new WarfarinKernel(config.model, size);
    this.observationSize = DYNAMIC_SIZE + (config.includePatientFeatures ? PATIENT_FEATURE_SIZE : 0);
    this.patients = new Array<Patient>(size);
    this.reward = new Float64Array(size);
    this.cost = new Float64Array(size);
    this.trueInr = new Float64Array(size);
    this.measuredInr = new Float64Array(size);
    this.doseGiven = new Float64Array(size);
    this.dosePrescribed = new Float64Array(size);
    this.day = new Int32Array(size);
    this.seeds = new Float64Array(size);
    this.episodeIndex = new Int32Array(size);
    this.lastInr = new Float64Array(size);
    this.lastInrDay = new Int32Array(size);
    this.doses = new Float64Array(DOSE_HISTORY_DAYS * size);
    this.vitaminKShift = new Float64Array(size);
    this.adherence = new Float64Array(size);
    this.vitaminKVariability = new Float64Array(size);
    this.features = new Float64Array(PATIENT_FEATURE_SIZE * size);
    this.streams = new Array<EpisodeStreams>(size);
  }

  /** Seed slot i: its next episode is episode 0 of seed `seed`. */
  seed(i: number, seed: number): void {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new InputError(`seed must be a non-negative safe integer, got ${String(seed)}`, 'seed');
    this.seeds[i] = seed;
    this.episodeIndex[i] = 0;
  }

  /**
   * Start slot i's next episode: draw (or take) the patient and its parameters, set the
   * initial state and measure the baseline INR (day 0).
   */
  reset(i: number, patient?: Patient): void {
    const cfg = this.config;
    const seed = this.seeds[i]!;
    const k = this.episodeIndex[i]!;
    this.episodeIndex[i] = k + 1;
    const p =
      patient ??
      generateCohort({ n: 1, seed, start: k, genes: WARFARIN_GENES, ...(cfg.ancestry === undefined ? {} : { ancestry: cfg.ancestry }), ...(cfg.stratify === undefined ? {} : { stratify: cfg.stratify }) })[0]!;
    this.patients[i] = p;
    const modelPatient = warfarinModelPatient(p);
    const root = RandomStream.fromSeed(seed).fork('warfarin-episode').fork(k);
    const params = sampleIndividual(cfg.model.spec, modelPatient, root.fork('parameters'), { variability: cfg.variability ? 'sampled' : 'typical' });
    this.kernel.setPatient(i, params);
    this.streams[i] = { measurement: root.fork('measurement'), adherence: root.fork('adherence'), vitaminK: root.fork('vitamin-k') };
    this.adherence[i] = cfg.lifestyle ? p.lifestyle.adherence : 1;
    this.vitaminKVariability[i] = cfg.lifestyle ? p.lifestyle.vitaminKVariability : 0;
    this.vitaminKShift[i] = 0;
    writePatientFeatures(modelPatient, this.features, PATIENT_FEATURE_SIZE * i);
    const n = this.size;
    for (let d = 0; d < DOSE_HISTORY_DAYS; d++) this.doses[d * n + i] = 0;
    this.day[i] = 0;
    this.reward[i] = 0;
    this.cost[i] = 0;
    this.doseGiven[i] = 0;
    this.dosePrescribed[i] = 0;
    const inr = this.kernel.inr(i);
    this.trueInr[i] = inr;
    const measured = this.measure(i, inr);
    this.measuredInr[i] = measured;
    this.lastInr[i] = measured;
    this.lastInrDay[i] = 0;
  }

  /**
   * One day of slot i with the prescribed dose `doseMg` (already on the 0.5 mg grid,
   * 0–15 mg): dose (unless missed), 24 h, next morning's INR, reward and cost.
   */
  step(i: number, doseMg: number): void {
    const cfg = this.config;
    const n = this.size;
    const s = this.streams[i]!;
    const day = this.day[i]!;
    const changed = day > 0 && doseMg !== this.doses[i]!;
    let given = doseMg;
    if (cfg.lifestyle) {
      if (!doseTaken(s.adherence, this.adherence[i]!)) given = 0;
      const shift = nextVitaminKShift(this.vitaminKShift[i]!, s.vitaminK, this.vitaminKVariability[i]!);
      this.vitaminKShift[i] = shift;
      this.kernel.setEc50Factor(i, vitaminKEc50Factor(shift));
    }
    this.kernel.dose(i, given);
    this.kernel.advanceDay(i);
    for (let d = DOSE_HISTORY_DAYS - 1; d > 0; d--) this.doses[d * n + i] = this.doses[(d - 1) * n + i]!;
    this.doses[i] = doseMg;
    const today = day + 1;
    this.day[i] = today;
    const inr = this.kernel.inr(i);
    this.trueInr[i] = inr;
    this.doseGiven[i] = given;
    this.dosePrescribed[i] = doseMg;
    this.reward[i] = warfarinReward(inr, changed, cfg.reward);
    this.cost[i] = warfarinCost(inr);
    if (cfg.schedule.measures(today)) {
      const measured = this.measure(i, inr);
      this.measuredInr[i] = measured;
      this.lastInr[i] = measured;
      this.lastInrDay[i] = today;
    } else {
      this.measuredInr[i] = Number.NaN;
    }
  }

  /** Write slot i's observation (observation.ts layout) into `out` from `offset`. */
  writeObservation(i: number, out: Float32Array, offset: number): void {
    const n = this.size;
    out[offset + OBS.day] = this.day[i]!;
    out[offset + OBS.lastInr] = this.lastInr[i]!;
    out[offset + OBS.daysSinceInr] = this.day[i]! - this.lastInrDay[i]!;
    for (let d = 0; d < DOSE_HISTORY_DAYS; d++) out[offset + OBS.doses + d] = this.doses[d * n + i]!;
    if (this.config.includePatientFeatures) {
      const f = PATIENT_FEATURE_SIZE * i;
      for (let k = 0; k < PATIENT_FEATURE_SIZE; k++) out[offset + DYNAMIC_SIZE + k] = this.features[f + k]!;
    }
  }

  /** The measured value of a true INR (with the model's residual error unless noise is off). */
  private measure(i: number, inr: number): number {
    return this.config.measurementNoise ? applyResidualError(this.config.model.inrError, inr, this.streams[i]!.measurement) : inr;
  }
}
