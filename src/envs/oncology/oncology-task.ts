/**
 * The OncologyCombo task definition: treatment schedule, label doses, measurement schedule
 * and noise, clinical thresholds and the observation layout. Every number here is either a
 * cited clinical convention or a stated simulator assumption.
 *
 * Drugs (one cycle = 21 days):
 * - cytotoxic: 5-fluorouracil, label dose 1000 mg/m²/day as a 96-h continuous infusion on
 *   days 1–4 (4000 mg/m² per cycle), as in the q3w cisplatin/5-FU regimen (e.g. Vermorken
 *   JB et al., EXTREME trial, N Engl J Med 2008;359:1116–1127); PK fluorouracil-dpyd.ts;
 * - targeted: erlotinib, label dose 150 mg orally once daily on days 1–21 (Tarceva label,
 *   NSCLC); PK lu2006-erlotinib.ts; acts on the sensitive clone only.
 *
 * Myelosuppression: the Friberg 2002 system (friberg2002-docetaxel.ts, drug-independent
 * parameters Circ0, MTT, γ with their IIV) driven by the 5-FU concentration through a linear
 * effect E = FU_MYELO_SLOPE·C. The slope is an ASSUMPTION calibrated so that a DPYD normal
 * metabolizer at the label dose has mostly grade 0–2 neutropenia, while reduced DPD activity
 * (higher exposure) causes grade 3–4 (Friberg 2002 reports the system parameters to be
 * consistent across drugs; only the slope is drug-specific).
 *
 * Observation (Float32Array, {@link OBS_SIZE} entries; see {@link OBSERVATION_LABELS} and
 * {@link OBSERVATION_UNITS}):
 *
 * | i | label | unit | meaning |
 * |---|---|---|---|
 * | 0 | cycle | cycles | cycles completed |
 * | 1 | burdenRel | 1 | last imaged burden / baseline imaged burden (imaging every 2 cycles, held) |
 * | 2 | imagingAge | cycles | cycles since that imaging |
 * | 3 | markerRel | 1 | tumour marker / baseline marker (measured every cycle) |
 * | 4 | anc | 10⁹/L | ANC measured before the next cycle |
 * | 5 | ancMidCycle | 10⁹/L | ANC measured on day 11 of the last cycle (baseline ANC before cycle 1) |
 * | 6 | cumCytotoxic | label cycles | cumulative 5-FU dose in label-dose cycles |
 * | 7 | cumTargeted | label cycles | cumulative erlotinib dose in label-dose cycles |
 * | 8 | lastCytotoxic | fraction | 5-FU dose fraction of the last cycle |
 * | 9 | lastTargeted | fraction | erlotinib dose fraction of the last cycle |
 * | 10 | dpydActivityScore | 0–2 | DPYD activity score (2 when not genotyped) |
 * | 11 | dpydGenotyped | 0/1 | whether DPYD was genotyped |
 * | 12 | smoker | 0/1 | current smoker (erlotinib clearance +24 %) |
 * | 13 | bsa | m² | body-surface area (Mosteller) |
 */

/** Days per treatment cycle. */
export const CYCLE_DAYS = 21;
/** Hours per cycle. */
export const CYCLE_HOURS = CYCLE_DAYS * 24;
/** Integration step inside a cycle, h (sub-daily; PK exact, PD by RK4 — see oncology-kernel.ts). */
export const STEP_HOURS = 2;
/** Sub-steps per cycle. */
export const STEPS_PER_CYCLE = CYCLE_HOURS / STEP_HOURS;

/** 5-FU label dose rate: 1000 mg/m²/day. */
export const FU_LABEL_MG_PER_M2_PER_DAY = 1000;
/** 5-FU infusion duration per cycle, h (days 1–4). */
export const FU_INFUSION_HOURS = 96;
/** Erlotinib label dose, mg once daily. */
export const ERLOTINIB_LABEL_MG = 150;
/** Linear myelosuppressive effect of 5-FU, E = slope·C (L/mg). ASSUMPTION (see module doc). */
export const FU_MYELO_SLOPE = 0.45;

/** Dose levels of the discrete action, fractions of the label dose (0 = holiday). */
export const DOSE_LEVELS: readonly number[] = Object.freeze([0, 0.5, 0.75, 1]);

/** Imaging every this many cycles (RECIST restaging every 6 weeks). */
export const IMAGING_EVERY_CYCLES = 2;
/** Day of the mid-cycle blood count. */
export const MID_CYCLE_COUNT_DAY = 10;

/** Measurement noise, log-normal SDs (≈ CVs). ASSUMPTIONS. */
export const NOISE = Object.freeze({
  /** Imaged tumour diameter (inter-reader variability of RECIST measurements is of this order). */
  diameter: 0.05,
  /** Tumour marker assay. */
  marker: 0.1,
  /** Absolute neutrophil count. */
  anc: 0.05,
});

/** RECIST 1.1-like progression on imaged (equivalent-sphere) diameters: +20 % over nadir and ≥ 0.5 cm. */
export const PROGRESSION = Object.freeze({ relative: 0.2, absoluteCm: 0.5 });
/** True burden (cm³) at which the episode ends as a tumour death proxy. ASSUMPTION (10× the median baseline). */
export const LETHAL_BURDEN_CM3 = 500;
/** Neutropenia thresholds, 10⁹/L (CTCAE v5: grade 3 < 1.0, grade 4 < 0.5). */
export const ANC_GRADE3 = 1.0;
export const ANC_GRADE4 = 0.5;
/**
 * Hazard of a fatal febrile-neutropenia episode per day spent with ANC < 0.5 ×10⁹/L: the
 * probability of a toxic death in a cycle is 1 − exp(−hazard·days below 0.5). ASSUMPTION
 * (risk of infection rises with the duration of severe neutropenia, Bodey 1966).
 */
export const TOXIC_DEATH_HAZARD_PER_DAY = 0.02;

/** Default number of cycles per episode (the registered TimeLimit). */
export const ONCOLOGY_MAX_CYCLES = 12;

export const OBS_SIZE = 14;
export const OBSERVATION_LABELS: readonly string[] = Object.freeze([
  'cycle', 'burdenRel', 'imagingAge', 'markerRel', 'anc', 'ancMidCycle', 'cumCytotoxic', 'cumTargeted',
  'lastCytotoxic', 'lastTargeted', 'dpydActivityScore', 'dpydGenotyped', 'smoker', 'bsa',
]);
export const OBSERVATION_UNITS: readonly string[] = Object.freeze([
  'cycles', '1', 'cycles', '1', '10^9/L', '10^9/L', 'label cycles', 'label cycles',
  'fraction', 'fraction', '1', '0/1', '0/1', 'm^2',
]);
/** Index of each observation entry by label. */
export const OBS = Object.freeze({
  cycle: 0, burdenRel: 1, imagingAge: 2, markerRel: 3, anc: 4, ancMidCycle: 5, cumCytotoxic: 6, cumTargeted: 7,
  lastCytotoxic: 8, lastTargeted: 9, dpydActivityScore: 10, dpydGenotyped: 11, smoker: 12, bsa: 13,
});
/** Upper bounds of the observation Box (lower bounds are 0). */
export const OBSERVATION_HIGH: readonly number[] = Object.freeze([
  Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, 1, 1, 2, 1, 1, 5,
]);

/** Episode-ending events, as reported in `info.event`. */
export const ONCOLOGY_EVENTS = Object.freeze(['none', 'progression', 'lethal-burden', 'toxic-death'] as const);
export type OncologyEvent = (typeof ONCOLOGY_EVENTS)[number];
