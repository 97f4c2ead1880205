/**
 * The OncologyCombo simulator for N patients in structure-of-arrays form: one 21-day cycle
 * of 5-FU + erlotinib PK, Friberg neutropenia and the sensitive/resistant tumour per call,
 * then the clinic's measurements, the episode-ending events and the reward.
 *
 * The single env ({@link OncologyComboEnv}) is a batch of one over this class and the vector
 * env a batch of N, so sub-env i of a vector env seeded s reproduces a single env seeded
 * s + i bit for bit.
 *
 * **Integration of a cycle** (time in hours, {@link STEP_HOURS} = 2 h sub-steps, 252 per
 * cycle; every dose and the end of the 96-h infusion fall on the grid):
 * - PK is linear and advanced EXACTLY over each sub-step (ADVAN-style steps, reference
 *   §7): 5-FU `A ← A·e^(−kΔ) + R/k·(1 − e^(−kΔ))`; erlotinib depot/central with the
 *   first-order-absorption recursion; the daily erlotinib dose enters the depot at the
 *   start of its sub-step. The MEAN concentration over the sub-step is computed exactly
 *   from mass balance (∫A dt = (RΔ − ΔA)/k), which matters for 5-FU (t½ ≈ 7 min ≪ Δ).
 * - The PD states (Friberg: Prol, Transit1–3, Circ; tumour: S, R, M) take RK4 steps with
 *   those mean concentrations held constant over the sub-step (operator splitting). The
 *   right-hand sides are the model files': `fribergMyelosuppressionRhs` (per h) and
 *   `tumourSensitiveResistant.rhs` (per day, divided by 24).
 *
 * **Measurements** (after each cycle, log-normal noise from the sub-env's measurement stream,
 * always drawn in the same order so that policies see common random numbers): marker; ANC
 * before the next cycle; ANC on day 11; imaging of the equivalent-sphere diameter every
 * {@link IMAGING_EVERY_CYCLES} cycles; a uniform for the toxic-death draw.
 *
 * **Events** (checked in this order, first wins): toxic death (febrile neutropenia,
 * probability 1 − exp(−hazard·days with ANC < 0.5)); lethal burden (true burden ≥
 * {@link LETHAL_BURDEN_CM3}); progression at an imaging (diameter ≥ 1.2 × nadir and
 * ≥ nadir + 0.5 cm, RECIST 1.1-like).
 *
 * Nothing is allocated per cycle: states, parameters and scratch vectors are preallocated.
 */
import { RandomStream } from '../../core/random.js';
import { fribergMyelosuppressionRhs } from '../../pkpd/models/friberg2002-docetaxel.js';
import { TUMOUR_SR_INPUT, tumourSensitiveResistant } from '../../pkpd/models/tumour-sensitive-resistant.js';
import { initialState } from '../../pkpd/types.js';
import type { Patient } from '../../genomics/patient.js';
import {
  drawOncologyPatient,
  oncologyPatientParameters,
  type OncologyPatientOptions,
  type OncologyPatientParameters,
} from './oncology-patient.js';
import { oncologyReward } from './oncology-reward.js';
import {
  ANC_GRADE3,
  ANC_GRADE4,
  CYCLE_HOURS,
  ERLOTINIB_LABEL_MG,
  FU_INFUSION_HOURS,
  FU_LABEL_MG_PER_M2_PER_DAY,
  FU_MYELO_SLOPE,
  IMAGING_EVERY_CYCLES,
  LETHAL_BURDEN_CM3,
  MID_CYCLE_COUNT_DAY,
  NOISE,
  OBS,
  OBS_SIZE,
  ONCOLOGY_EVENTS,
  PROGRESSION,
  STEP_HOURS,
  STEPS_PER_CYCLE,
  TOXIC_DEATH_HAZARD_PER_DAY,
} from './oncology-task.js';

/** Names of the random streams of a sub-env seeded `seed` (forked from `fromSeed(seed)`). */
export const ONCOLOGY_STREAMS = Object.freeze({ patient: 'oncology/patient', measurement: 'oncology/measurement', toxicity: 'oncology/toxicity' });

// State layout of one patient: PK amounts, then the PD states integrated by RK4.
const FU = 0, ERL_DEPOT = 1, ERL_CENTRAL = 2, PROL = 3, CIRC = 7, S = 8, R = 9, M = 10;
const N_STATES = 11;
const PD_FIRST = PROL;
const N_TUMOUR_PARAMS = tumourSensitiveResistant.parameters.length;
const MID_CYCLE_STEP = (MID_CYCLE_COUNT_DAY * 24) / STEP_HOURS;
const FU_INFUSION_STEPS = FU_INFUSION_HOURS / STEP_HOURS;
const DOSE_EVERY_STEPS = 24 / STEP_HOURS;
const EVENT_CODE = Object.freeze({ none: 0, progression: 1, 'lethal-burden': 2, 'toxic-death': 3 });

/** Equivalent-sphere diameter (cm) of a volume (cm³). */
export function sphereDiameter(volumeCm3: number): number {
  return Math.cbrt((6 * (volumeCm3 > 0 ? volumeCm3 : 0)) / Math.PI);
}

/** Per-step outcome columns (one entry per sub-env), rewritten by each {@link OncologySimulator.stepCycle}. */
export interface OncologyStepColumns {
  reward: Float64Array;
  /** 1 on a cycle with grade-4 neutropenia (constrained-MDP cost). */
  cost: Float64Array;
  terminated: Uint8Array;
  /** Index into ONCOLOGY_EVENTS. */
  event: Uint8Array;
  /** Worst neutropenia grade of the cycle: 0, 3 or 4. */
  grade: Uint8Array;
  /** True minimum ANC in the cycle, 10⁹/L. */
  ancNadir: Float64Array;
  /** True tumour burden at the end of the cycle, cm³. */
  burden: Float64Array;
  /** True resistant fraction R/(S + R) at the end of the cycle. */
  resistantFraction: Float64Array;
}

export class OncologySimulator {
  readonly n: number;
  readonly options: OncologyPatientOptions;
  /** Outcome of the last cycle of each sub-env. */
  readonly out: OncologyStepColumns;
  /** The current patient of each sub-env (set by reset). */
  readonly patients: (OncologyPatientParameters | null)[];

  // PK/PD state, structure of arrays: column k of sub-env i at state[k·n + i].
  private readonly state: Float64Array;
  // Patient parameters (columns).
  private readonly bsa: Float64Array;
  private readonly fuRatePerFraction: Float64Array;
  private readonly fuK: Float64Array;
  private readonly fuDecay: Float64Array;
  private readonly fuV: Float64Array;
  private readonly erlKa: Float64Array;
  private readonly erlKe: Float64Array;
  private readonly erlDecayDepot: Float64Array;
  private readonly erlDecayCentral: Float64Array;
  private readonly erlV: Float64Array;
  private readonly circ0: Float64Array;
  private readonly ktr: Float64Array;
  private readonly gamma: Float64Array;
  /** Tumour parameters, patient-major (n × N_TUMOUR_PARAMS), with a view per sub-env for the model rhs. */
  private readonly tumourParams: Float64Array;
  private readonly tumourViews: Float64Array[];
  // Clinic state (columns).
  private readonly cycle: Float64Array;
  private readonly baselineDiameter: Float64Array;
  private readonly nadirDiameter: Float64Array;
  private readonly lastDiameter: Float64Array;
  private readonly imagingAge: Float64Array;
  private readonly baselineMarker: Float64Array;
  private readonly marker: Float64Array;
  private readonly anc: Float64Array;
  private readonly ancMid: Float64Array;
  private readonly cumCyt: Float64Array;
  private readonly cumTgt: Float64Array;
  private readonly lastCyt: Float64Array;
  private readonly lastTgt: Float64Array;
  private readonly dpydScore: Float64Array;
  private readonly dpydGenotyped: Float64Array;
  private readonly smoker: Float64Array;
  // Random streams of each sub-env.
  private readonly patientRngs: RandomStream[];
  private readonly measurementRngs: RandomStream[];
  private readonly toxicityRngs: RandomStream[];
  // Scratch for one patient's integration (with tumour views at S..M).
  private readonly x = new Float64Array(N_STATES);
  private readonly xt = new Float64Array(N_STATES);
  private readonly k1 = new Float64Array(N_STATES);
  private readonly k2 = new Float64Array(N_STATES);
  private readonly k3 = new Float64Array(N_STATES);
  private readonly k4 = new Float64Array(N_STATES);
  private readonly tumourX0 = new Float64Array(3);
  // Views of the scratch vectors at the tumour states S..M, so the model's rhs (which
  // indexes S, R, M from 0) runs on them without allocation.
  private readonly xTumour = this.x.subarray(S, M + 1);
  private readonly xtTumour = this.xt.subarray(S, M + 1);
  private readonly k1Tumour = this.k1.subarray(S, M + 1);
  private readonly k2Tumour = this.k2.subarray(S, M + 1);
  private readonly k3Tumour = this.k3.subarray(S, M + 1);
  private readonly k4Tumour = this.k4.subarray(S, M + 1);

  constructor(n: number, options: OncologyPatientOptions) {
    this.n = n;
    this.options = options;
    const col = () => new Float64Array(n);
    this.state = new Float64Array(N_STATES * n);
    this.bsa = col();
    this.fuRatePerFraction = col();
    this.fuK = col();
    this.fuDecay = col();
    this.fuV = col();
    this.erlKa = col();
    this.erlKe = col();
    this.erlDecayDepot = col();
    this.erlDecayCentral = col();
    this.erlV = col();
    this.circ0 = col();
    this.ktr = col();
    this.gamma = col();
    this.tumourParams = new Float64Array(N_TUMOUR_PARAMS * n);
    this.tumourViews = Array.from({ length: n }, (_, i) => this.tumourParams.subarray(i * N_TUMOUR_PARAMS, (i + 1) * N_TUMOUR_PARAMS));
    this.cycle = col();
    this.baselineDiameter = col();
    this.nadirDiameter = col();
    this.lastDiameter = col();
    this.imagingAge = col();
    this.baselineMarker = col();
    this.marker = col();
    this.anc = col();
    this.ancMid = col();
    this.cumCyt = col();
    this.cumTgt = col();
    this.lastCyt = col();
    this.lastTgt = col();
    this.dpydScore = col();
    this.dpydGenotyped = col();
    this.smoker = col();
    this.patients = new Array<OncologyPatientParameters | null>(n).fill(null);
    this.patientRngs = new Array<RandomStream>(n);
    this.measurementRngs = new Array<RandomStream>(n);
    this.toxicityRngs = new Array<RandomStream>(n);
    this.out = {
      reward: col(),
      cost: col(),
      terminated: new Uint8Array(n),
      event: new Uint8Array(n),
      grade: new Uint8Array(n),
      ancNadir: col(),
      burden: col(),
      resistantFraction: col(),
    };
  }

  /** (Re)create sub-env i's random streams from `seed`. */
  seed(i: number, seed: number): void {
    const root = RandomStream.fromSeed(seed);
    this.patientRngs[i] = root.fork(ONCOLOGY_STREAMS.patient);
    this.measurementRngs[i] = root.fork(ONCOLOGY_STREAMS.measurement);
    this.toxicityRngs[i] = root.fork(ONCOLOGY_STREAMS.toxicity);
  }

  /**
   * Start a new episode in sub-env i: draw (or take) the patient, its parameters, the
   * initial state, and the baseline measurements (imaging, marker, ANC).
   */
  reset(i: number, patient?: Patient): void {
    const rng = this.patientRngs[i]!;
    const who = patient ?? drawOncologyPatient(rng, this.options);
    const pp = oncologyPatientParameters(who, rng);
    this.patients[i] = pp;
    const n = this.n;

    this.bsa[i] = pp.bsa;
    this.fuRatePerFraction[i] = (FU_LABEL_MG_PER_M2_PER_DAY * pp.bsa) / 24; // mg/h at the label dose
    this.fuK[i] = pp.fuCl / pp.fuV;
    this.fuDecay[i] = Math.exp(-this.fuK[i]! * STEP_HOURS);
    this.fuV[i] = pp.fuV;
    this.erlKa[i] = pp.erlKa;
    this.erlKe[i] = pp.erlCl / pp.erlV;
    this.erlDecayDepot[i] = Math.exp(-pp.erlKa * STEP_HOURS);
    this.erlDecayCentral[i] = Math.exp(-this.erlKe[i]! * STEP_HOURS);
    this.erlV[i] = pp.erlV;
    this.circ0[i] = pp.circ0;
    this.ktr[i] = 4 / pp.mtt;
    this.gamma[i] = pp.gamma;
    const tp = this.tumourViews[i]!;
    tp.set(pp.tumour);
    tp[TUMOUR_SR_INPUT.C_CYT] = 0;
    tp[TUMOUR_SR_INPUT.C_TGT] = 0;
    this.dpydScore[i] = pp.dpydActivityScore;
    this.dpydGenotyped[i] = pp.dpydGenotyped ? 1 : 0;
    this.smoker[i] = pp.smoker ? 1 : 0;

    this.state[FU * n + i] = 0;
    this.state[ERL_DEPOT * n + i] = 0;
    this.state[ERL_CENTRAL * n + i] = 0;
    for (let k = PROL; k <= CIRC; k++) this.state[k * n + i] = pp.circ0;
    initialState(tumourSensitiveResistant, tp, this.tumourX0);
    this.state[S * n + i] = this.tumourX0[0]!;
    this.state[R * n + i] = this.tumourX0[1]!;
    this.state[M * n + i] = this.tumourX0[2]!;

    // Baseline clinic: imaging, marker and ANC, with the measurement stream.
    const mr = this.measurementRngs[i]!;
    const d0 = sphereDiameter(this.tumourX0[0]! + this.tumourX0[1]!) * Math.exp(NOISE.diameter * mr.normal());
    this.baselineDiameter[i] = d0;
    this.nadirDiameter[i] = d0;
    this.lastDiameter[i] = d0;
    this.imagingAge[i] = 0;
    const m0 = this.tumourX0[2]! * Math.exp(NOISE.marker * mr.normal());
    this.baselineMarker[i] = m0;
    this.marker[i] = m0;
    const a0 = pp.circ0 * Math.exp(NOISE.anc * mr.normal());
    this.anc[i] = a0;
    this.ancMid[i] = a0;
    this.cycle[i] = 0;
    this.cumCyt[i] = 0;
    this.cumTgt[i] = 0;
    this.lastCyt[i] = 0;
    this.lastTgt[i] = 0;
  }

  /**
   * Run one 21-day cycle of sub-env i with dose fractions `fCyt` (5-FU) and `fTgt`
   * (erlotinib) in [0, 1] of the label doses; writes `out` at i.
   */
  stepCycle(i: number, fCyt: number, fTgt: number): void {
    const n = this.n;
    const x = this.x;
    for (let k = 0; k < N_STATES; k++) x[k] = this.state[k * n + i]!;
    const tp = this.tumourViews[i]!;
    const burdenStart = x[S]! + x[R]!;

    const fuRate = fCyt * this.fuRatePerFraction[i]!;
    const fuK = this.fuK[i]!, fuDecay = this.fuDecay[i]!, fuV = this.fuV[i]!;
    const ka = this.erlKa[i]!, ke = this.erlKe[i]!, edD = this.erlDecayDepot[i]!, edC = this.erlDecayCentral[i]!, erlV = this.erlV[i]!;
    const erlDose = fTgt * ERLOTINIB_LABEL_MG;
    const circ0 = this.circ0[i]!, ktr = this.ktr[i]!, gamma = this.gamma[i]!;
    const h = STEP_HOURS;

    let ancMin = x[CIRC]!;
    let hoursGrade4 = 0;
    let ancMidTrue = x[CIRC]!;
    for (let step = 0; step < STEPS_PER_CYCLE; step++) {
      // --- PK, exact over [t, t + h], with the mean concentration over the step.
      const rate = step < FU_INFUSION_STEPS ? fuRate : 0;
      const a0 = x[FU]!;
      const a1 = a0 * fuDecay + (rate / fuK) * (1 - fuDecay);
      const cFu = (rate * h - (a1 - a0)) / fuK / (fuV * h);
      x[FU] = a1;
      if (erlDose > 0 && step % DOSE_EVERY_STEPS === 0) x[ERL_DEPOT] = x[ERL_DEPOT]! + erlDose;
      const d0 = x[ERL_DEPOT]!, c0 = x[ERL_CENTRAL]!;
      const d1 = d0 * edD;
      const c1 = c0 * edC + ((d0 * ka) / (ka - ke)) * (edC - edD);
      const depotIntegral = (d0 - d1) / ka;
      const centralIntegral = (ka * depotIntegral - (c1 - c0)) / ke;
      const cErl = centralIntegral / (erlV * h);
      x[ERL_DEPOT] = d1;
      x[ERL_CENTRAL] = c1;

      // --- PD, RK4 with the step-mean concentrations.
      tp[TUMOUR_SR_INPUT.C_CYT] = cFu > 0 ? cFu : 0;
      tp[TUMOUR_SR_INPUT.C_TGT] = cErl > 0 ? cErl : 0;
      const effect = FU_MYELO_SLOPE * (cFu > 0 ? cFu : 0);
      this.rk4Step(effect, circ0, ktr, gamma, tp, h);

      const anc = x[CIRC]!;
      if (anc < ancMin) ancMin = anc;
      if (anc < ANC_GRADE4) hoursGrade4 += h;
      if (step + 1 === MID_CYCLE_STEP) ancMidTrue = anc;
    }
    tp[TUMOUR_SR_INPUT.C_CYT] = 0;
    tp[TUMOUR_SR_INPUT.C_TGT] = 0;
    for (let k = 0; k < N_STATES; k++) this.state[k * n + i] = x[k]!;

    // --- Clinic after the cycle.
    const cycle = this.cycle[i]! + 1;
    this.cycle[i] = cycle;
    this.cumCyt[i] = this.cumCyt[i]! + fCyt;
    this.cumTgt[i] = this.cumTgt[i]! + fTgt;
    this.lastCyt[i] = fCyt;
    this.lastTgt[i] = fTgt;
    const burden = x[S]! + x[R]!;
    const mr = this.measurementRngs[i]!;
    const zMarker = mr.normal();
    const zAnc = mr.normal();
    const zAncMid = mr.normal();
    const zDiameter = mr.normal();
    const uToxicity = this.toxicityRngs[i]!.uniform();
    this.marker[i] = x[M]! * Math.exp(NOISE.marker * zMarker);
    this.anc[i] = x[CIRC]! * Math.exp(NOISE.anc * zAnc);
    this.ancMid[i] = ancMidTrue * Math.exp(NOISE.anc * zAncMid);

    let event: (typeof ONCOLOGY_EVENTS)[number] = 'none';
    const pToxicDeath = 1 - Math.exp((-TOXIC_DEATH_HAZARD_PER_DAY * hoursGrade4) / 24);
    if (uToxicity < pToxicDeath) event = 'toxic-death';
    else if (burden >= LETHAL_BURDEN_CM3) event = 'lethal-burden';
    if (cycle % IMAGING_EVERY_CYCLES === 0) {
      const d = sphereDiameter(burden) * Math.exp(NOISE.diameter * zDiameter);
      const nadir = this.nadirDiameter[i]!;
      if (event === 'none' && d >= (1 + PROGRESSION.relative) * nadir && d - nadir >= PROGRESSION.absoluteCm) event = 'progression';
      this.lastDiameter[i] = d;
      this.imagingAge[i] = 0;
      if (d < nadir) this.nadirDiameter[i] = d;
    } else {
      this.imagingAge[i] = this.imagingAge[i]! + 1;
    }

    const grade = ancMin < ANC_GRADE4 ? 4 : ancMin < ANC_GRADE3 ? 3 : 0;
    const out = this.out;
    out.reward[i] = oncologyReward(Math.log(burden / burdenStart), grade, event);
    out.cost[i] = grade === 4 ? 1 : 0;
    out.terminated[i] = event === 'none' ? 0 : 1;
    out.event[i] = EVENT_CODE[event];
    out.grade[i] = grade;
    out.ancNadir[i] = ancMin;
    out.burden[i] = burden;
    out.resistantFraction[i] = burden > 0 ? x[R]! / burden : 0;
  }

  /** Write sub-env i's observation (see oncology-task.ts for the layout) into `out` at `offset`. */
  writeObservation(i: number, out: Float32Array, offset = OBS_SIZE * i): void {
    const rel = this.lastDiameter[i]! / this.baselineDiameter[i]!;
    out[offset + OBS.cycle] = this.cycle[i]!;
    out[offset + OBS.burdenRel] = rel * rel * rel;
    out[offset + OBS.imagingAge] = this.imagingAge[i]!;
    out[offset + OBS.markerRel] = this.marker[i]! / this.baselineMarker[i]!;
    out[offset + OBS.anc] = this.anc[i]!;
    out[offset + OBS.ancMidCycle] = this.ancMid[i]!;
    out[offset + OBS.cumCytotoxic] = this.cumCyt[i]!;
    out[offset + OBS.cumTargeted] = this.cumTgt[i]!;
    out[offset + OBS.lastCytotoxic] = this.lastCyt[i]!;
    out[offset + OBS.lastTargeted] = this.lastTgt[i]!;
    out[offset + OBS.dpydActivityScore] = this.dpydScore[i]!;
    out[offset + OBS.dpydGenotyped] = this.dpydGenotyped[i]!;
    out[offset + OBS.smoker] = this.smoker[i]!;
    out[offset + OBS.bsa] = this.bsa[i]!;
  }

  /** Sub-env i's PK/PD state (a copy): fu, erlDepot, erlCentral, prol, transit1–3, circ, S, R, M. */
  getState(i: number): Float64Array {
    const s = new Float64Array(N_STATES);
    for (let k = 0; k < N_STATES; k++) s[k] = this.state[k * this.n + i]!;
    return s;
  }

  /** One RK4 step of the PD states of the scratch patient `this.x`. */
  private rk4Step(effect: number, circ0: number, ktr: number, gamma: number, tp: Float64Array, h: number): void {
    const { x, xt, k1, k2, k3, k4 } = this;
    fribergMyelosuppressionRhs(x, PROL, effect, circ0, ktr, gamma, k1);
    tumourRhsPerHour(this.xTumour, this.k1Tumour, tp);
    for (let k = PD_FIRST; k < N_STATES; k++) xt[k] = x[k]! + 0.5 * h * k1[k]!;
    fribergMyelosuppressionRhs(xt, PROL, effect, circ0, ktr, gamma, k2);
    tumourRhsPerHour(this.xtTumour, this.k2Tumour, tp);
    for (let k = PD_FIRST; k < N_STATES; k++) xt[k] = x[k]! + 0.5 * h * k2[k]!;
    fribergMyelosuppressionRhs(xt, PROL, effect, circ0, ktr, gamma, k3);
    tumourRhsPerHour(this.xtTumour, this.k3Tumour, tp);
    for (let k = PD_FIRST; k < N_STATES; k++) xt[k] = x[k]! + h * k3[k]!;
    fribergMyelosuppressionRhs(xt, PROL, effect, circ0, ktr, gamma, k4);
    tumourRhsPerHour(this.xtTumour, this.k4Tumour, tp);
    for (let k = PD_FIRST; k < N_STATES; k++) x[k] = x[k]! + (h / 6) * (k1[k]! + 2 * k2[k]! + 2 * k3[k]! + k4[k]!);
  }
}

/** The tumour model's rhs on the tumour states `x` (S, R, M), converted from per day to per hour. */
function tumourRhsPerHour(x: Float64Array, dxdt: Float64Array, tp: Float64Array): void {
  tumourSensitiveResistant.rhs(0, x, tp, dxdt);
  dxdt[0] = dxdt[0]! / 24;
  dxdt[1] = dxdt[1]! / 24;
  dxdt[2] = dxdt[2]! / 24;
}
