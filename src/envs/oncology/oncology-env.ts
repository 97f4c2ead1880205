/**
 * OncologyCombo: choose, each 21-day cycle, the doses of a cytotoxic drug (5-fluorouracil,
 * whose exposure depends on the DPYD genotype) and a targeted oral drug (erlotinib, active on
 * the sensitive clone only) for a virtual patient whose tumour holds sensitive and resistant
 * cells, trading tumour control against neutropenia.
 *
 * - `dosegym/OncologyCombo-v0`: action MultiDiscrete [4, 4] = (5-FU level, erlotinib
 *   level), levels 0/50/75/100 % of the label dose ({@link DOSE_LEVELS}; 0 = holiday).
 * - `dosegym/OncologyComboContinuous-v0`: action Box [0, 1]² of label-dose fractions.
 *
 * Observation: 14 float32 values, layout and units in oncology-task.ts (measured, noisy
 * quantities only, plus the patient's DPYD activity score, smoking and BSA). Reward:
 * oncology-reward.ts. `info.cost` = 1 on a cycle with grade-4 neutropenia (ANC < 0.5 ×10⁹/L
 * at any time). Terminated on progression (RECIST-like, at imaging), lethal burden or
 * toxic death; never truncated by the env itself (`make` adds a 12-cycle TimeLimit).
 *
 * Patients: drawn from `generateCohort` by the episode's patient stream (ancestry and DPYD
 * mix are constructor options), or given with `reset({ options: { patient } })` (a genomics
 * Patient or patient input, validated). IIV on PK, myelosuppression and tumour parameters
 * is drawn from the same stream. Info also holds `event`, `grade`, `ancNadir`, `burden`,
 * `resistantFraction` (true simulator values, for evaluation) and `patientId`.
 */
import { InputError, StateError } from '../../core/errors.js';
import { createPatient, type Patient } from '../../genomics/patient.js';
import type { Env, EnvMetadata, EnvSpec, Info, ResetOptions, ResetResult, StepResult } from '../core.js';
import { Box } from '../spaces/box.js';
import { MultiDiscrete } from '../spaces/multi-discrete.js';
import { OncologySimulator } from './oncology-kernel.js';
import { oncologyPatientOptions, type DpydMix } from './oncology-patient.js';
import { DOSE_LEVELS, OBS_SIZE, OBSERVATION_HIGH, OBSERVATION_LABELS, OBSERVATION_UNITS, ONCOLOGY_EVENTS } from './oncology-task.js';

/** Discrete or continuous dose choice. */
export type OncologyActionMode = 'discrete' | 'continuous';

/** Constructor options of the OncologyCombo envs. */
export interface OncologyComboOptions {
  actionMode?: OncologyActionMode;
  /** Ancestry group of drawn patients (default 'european'). */
  ancestry?: string;
  /** 'population' (default): DPYD genotypes at population frequencies; 'enriched': 50/40/10 % normal/intermediate/poor. */
  dpydMix?: DpydMix;
}

/** The observation space: Box(0, high) float32 of 14 (see oncology-task.ts). */
export function oncologyObservationSpace(): Box {
  return new Box(new Array<number>(OBS_SIZE).fill(0), OBSERVATION_HIGH);
}

/** The action space of a mode. */
export function oncologyActionSpace(mode: OncologyActionMode): MultiDiscrete | Box {
  return mode === 'discrete' ? new MultiDiscrete([DOSE_LEVELS.length, DOSE_LEVELS.length]) : new Box(0, 1, [2]);
}

/** Env metadata shared by the single and vector envs. */
export function oncologyMetadata(mode: OncologyActionMode): EnvMetadata {
  return {
    renderModes: [],
    stochastic: true,
    observationLabels: OBSERVATION_LABELS,
    observationUnits: OBSERVATION_UNITS,
    actionLabels: ['fluorouracil', 'erlotinib'],
    actionMeaning: mode === 'discrete' ? `dose level index per drug: ${DOSE_LEVELS.map((f) => `${f * 100}%`).join('/')} of the label dose` : 'fraction of the label dose per drug',
    timeUnit: 'cycle (21 days)',
    citations: ['Friberg 2002 J Clin Oncol 20:4713', 'Lu 2006 Clin Pharmacol Ther 80:136', 'CPIC DPYD 2017 (Amstutz 2018)', 'Zhang 2017 Nat Commun 8:1816', 'Gatenby 2009 Cancer Res 69:4894'],
  };
}

/**
 * Validate and decode the action at `offset` of `a` (2 values) into dose fractions, written
 * to `out[0]`, `out[1]`. Throws an InputError naming `field` when invalid.
 */
export function decodeOncologyAction(mode: OncologyActionMode, a: ArrayLike<number>, offset: number, out: Float64Array, field: string): void {
  for (let d = 0; d < 2; d++) {
    const v = a[offset + d]!;
    if (mode === 'discrete') {
      if (!Number.isInteger(v) || v < 0 || v >= DOSE_LEVELS.length) {
        throw new InputError(`OncologyCombo action[${d}] must be a dose level 0–${DOSE_LEVELS.length - 1}, got ${v}`, field);
      }
      out[d] = DOSE_LEVELS[v]!;
    } else {
      if (!(v >= 0 && v <= 1)) throw new InputError(`OncologyComboContinuous action[${d}] must be a dose fraction in [0, 1], got ${v}`, field);
      out[d] = v;
    }
  }
}

/** Validate the constructor options. */
export function oncologyOptions(options: OncologyComboOptions, where: string): { mode: OncologyActionMode; patient: ReturnType<typeof oncologyPatientOptions> } {
  const mode = options.actionMode ?? 'discrete';
  if (mode !== 'discrete' && mode !== 'continuous') {
    throw new InputError(`${where}: actionMode must be 'discrete' or 'continuous', got ${JSON.stringify(mode)}`, 'actionMode');
  }
  return { mode, patient: oncologyPatientOptions(options, where) };
}

/** A patient from reset options: a Patient object (re-validated) or raw patient input. */
export function patientFromOptions(value: unknown, field: string): Patient | undefined {
  if (value === undefined) return undefined;
  return createPatient(value, field);
}

export class OncologyComboEnv implements Env<Float32Array, Int32Array | Float32Array> {
  readonly observationSpace = oncologyObservationSpace();
  readonly actionSpace: MultiDiscrete | Box;
  readonly metadata: EnvMetadata;
  spec: EnvSpec | undefined = undefined;
  readonly actionMode: OncologyActionMode;

  private readonly sim: OncologySimulator;
  private readonly fractions = new Float64Array(2);
  private seeded = false;
  private phase: 'new' | 'running' | 'terminated' | 'closed' = 'new';

  constructor(options: OncologyComboOptions = {}) {
    const { mode, patient } = oncologyOptions(options, 'OncologyCombo');
    this.actionMode = mode;
    this.actionSpace = oncologyActionSpace(mode);
    this.metadata = oncologyMetadata(mode);
    this.sim = new OncologySimulator(1, patient);
  }

  reset(options: ResetOptions = {}): ResetResult<Float32Array> {
    if (this.phase === 'closed') throw new StateError('OncologyComboEnv.reset called after close()');
    if (options.seed !== undefined) {
      this.sim.seed(0, options.seed);
      this.seeded = true;
    } else if (!this.seeded) {
      this.sim.seed(0, 0);
      this.seeded = true;
    }
    this.sim.reset(0, patientFromOptions(options.options?.patient, 'options.patient'));
    this.phase = 'running';
    const pp = this.sim.patients[0]!;
    return { observation: this.observe(), info: { patientId: pp.patient.id, dpydActivityScore: pp.dpydActivityScore } };
  }

  step(action: Int32Array | Float32Array): StepResult<Float32Array> {
    if (this.phase !== 'running') {
      throw new StateError(`OncologyComboEnv.step called ${this.phase === 'new' ? 'before reset()' : this.phase === 'closed' ? 'after close()' : 'after the episode terminated; call reset()'}`);
    }
    if (action === null || typeof action !== 'object' || action.length !== 2) {
      throw new InputError(`OncologyCombo action must be 2 values (fluorouracil, erlotinib), got ${String(action)}`, 'action');
    }
    decodeOncologyAction(this.actionMode, action, 0, this.fractions, 'action');
    this.sim.stepCycle(0, this.fractions[0]!, this.fractions[1]!);
    const o = this.sim.out;
    const terminated = o.terminated[0] === 1;
    if (terminated) this.phase = 'terminated';
    const info: Info = {
      cost: o.cost[0]!,
      event: ONCOLOGY_EVENTS[o.event[0]!],
      grade: o.grade[0]!,
      ancNadir: o.ancNadir[0]!,
      burden: o.burden[0]!,
      resistantFraction: o.resistantFraction[0]!,
      patientId: this.sim.patients[0]!.patient.id,
    };
    return { observation: this.observe(), reward: o.reward[0]!, terminated, truncated: false, info };
  }

  close(): void {
    this.phase = 'closed';
  }

  /** The current patient and its individual parameters (for evaluation and tests). */
  getPatient(): NonNullable<OncologySimulator['patients'][number]> | null {
    return this.sim.patients[0] ?? null;
  }

  /** The PK/PD state (a copy); see OncologySimulator.getState. */
  getState(): Float64Array {
    return this.sim.getState(0);
  }

  private observe(): Float32Array {
    const obs = new Float32Array(OBS_SIZE);
    this.sim.writeObservation(0, obs, 0);
    return obs;
  }
}
