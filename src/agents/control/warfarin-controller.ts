/**
 * What the closed-loop warfarin controllers (PID, MPC, MAP-Bayes) share: reading the warfarin
 * env (observation layout, action space, the model it simulates), recognising a new
 * episode per sub-env, and turning a dose in mg into an action.
 *
 * How a controller sees the env, as a clinician would (and as the clinical protocols do,
 * agents/clinical/clinical-policies.ts): the day, the last measured INR and the days since
 * it from the observation (`metadata.observationLayout`); the patient of each sub-env from
 * `infos.patients[i]` (native vector env) or `infos.patient[i]` (a SyncVectorEnv of single
 * envs), mapped to *1/*2/*3 CYP2C9 alleles as the simulator does (model-patient.ts). An INR
 * is "measured today" when the days since it are 0. Controllers never read the true INR,
 * the patient's η, adherence or diet.
 *
 * A new episode of sub-env i is recognised by `reset(mask)`, by a new patient object, or
 * by the day going back; the subclass is then asked to start it (`startEpisode`) before the
 * day's `chooseDose`. Doses are rounded to the 0.5 mg grid and clipped to 0–15 mg
 * (`warfarinAction`); the rounded dose is what the subclass is told it prescribed.
 */
import { InputError } from '../../core/errors.js';
import type { Patient } from '../../genomics/patient.js';
import { Discrete } from '../../envs/spaces/discrete.js';
import type { BatchedActions, VectorInfo } from '../../envs/vector/vector-env.js';
import { warfarinModelPatient } from '../../envs/warfarin/model-patient.js';
import { OBS } from '../../envs/warfarin/observation.js';
import { warfarinAction } from '../../envs/warfarin/warfarin-env.js';
import { WARFARIN_MODELS, type WarfarinModelStructure } from '../../envs/warfarin/warfarin-kernel.js';
import { WARFARIN_TASK } from '../../envs/warfarin/warfarin-options.js';
import { observationFieldIndex } from '../observation-field.js';
import type { Policy, PolicyContext } from '../policy.js';

/** Target INR of the controllers (centre of the 2–3 range). */
export const WARFARIN_TARGET_INR = 2.5;

/**
 * The warfarin model the env simulates (`metadata.model`, a spec id), Hamberg 2007 when the
 * metadata does not say: the controllers' internal model uses the same structure.
 */
export function envWarfarinModel(ctx: PolicyContext): WarfarinModelStructure {
  const id = ctx.envMetadata?.model;
  const found = Object.values(WARFARIN_MODELS).find((m) => m.spec.id === id);
  return found ?? WARFARIN_MODELS.hamberg2007;
}

/**
 * The dose (mg) a prescription of `doseMg` becomes in the env: nearest 0.5 mg, clipped to
 * 0–15 mg.
 * @example gridDose(4.3) // 4.5
 */
export function gridDose(doseMg: number): number {
  return warfarinAction(false, doseMg) * WARFARIN_TASK.doseStepMg;
}

/** Base class of the warfarin controllers (see the module doc). */
export abstract class WarfarinController implements Policy {
  readonly name: string;
  protected readonly numEnvs: number;
  /** The env's warfarin model (for internal predictions). */
  protected readonly model: WarfarinModelStructure;
  private readonly continuous: boolean;
  private readonly rowSize: number;
  private readonly dayIndex: number;
  private readonly inrIndex: number;
  private readonly sinceIndex: number;
  private readonly patients: (Patient | null)[];
  private readonly lastDay: Float64Array;
  private readonly started: Uint8Array;
  private readonly out: Int32Array | Float32Array;

  /** @throws InputError when the env is not a warfarin env (action space, observation layout) */
  constructor(name: string, ctx: PolicyContext) {
    this.name = name;
    this.numEnvs = ctx.numEnvs;
    const obs = ctx.observationSpace;
    const act = ctx.actionSpace;
    const discreteOk = act instanceof Discrete && act.n === WARFARIN_TASK.discreteActions;
    const boxOk = act.type === 'Box' && (act as unknown as { size: number }).size === 1;
    if (obs.type !== 'Box' || !(discreteOk || boxOk)) {
      throw new InputError(`policy '${name}' is for the warfarin envs (dosegym/Warfarin-v0, dosegym/WarfarinContinuous-v0)`, 'policy');
    }
    this.continuous = !discreteOk;
    this.model = envWarfarinModel(ctx);
    this.rowSize = (obs as unknown as { size: number }).size;
    this.dayIndex = observationFieldIndex(ctx, 'day', OBS.day);
    this.inrIndex = observationFieldIndex(ctx, 'lastInr', OBS.lastInr);
    this.sinceIndex = observationFieldIndex(ctx, 'daysSinceInr', OBS.daysSinceInr);
    this.patients = new Array<Patient | null>(this.numEnvs).fill(null);
    this.lastDay = new Float64Array(this.numEnvs).fill(-1);
    this.started = new Uint8Array(this.numEnvs);
    this.out = this.continuous ? new Float32Array(this.numEnvs) : new Int32Array(this.numEnvs);
  }

  reset(mask?: Uint8Array): void {
    for (let i = 0; i < this.numEnvs; i++) {
      if (mask === undefined || mask[i]) {
        this.started[i] = 0;
        this.patients[i] = null;
        this.lastDay[i] = -1;
      }
    }
  }

  /** Actions for the batch. The returned array is reused by the next call. */
  act(observations: Float32Array, infos: VectorInfo): BatchedActions {
    const patients = (infos.patients ?? infos.patient) as readonly (Patient | undefined)[] | undefined;
    for (let i = 0; i < this.numEnvs; i++) {
      const row = i * this.rowSize;
      const day = observations[row + this.dayIndex]!;
      const patient = patients?.[i];
      if (!this.started[i] || (patient !== undefined && patient !== this.patients[i]) || day <= this.lastDay[i]!) {
        if (patient === undefined || patient === null) {
          throw new InputError(`policy '${this.name}' needs the patient of sub-env ${i} in infos.patients (a warfarin env provides it)`, 'infos.patients');
        }
        this.startEpisode(i, warfarinModelPatient(patient));
        this.patients[i] = patient;
        this.started[i] = 1;
      }
      this.lastDay[i] = day;
      const measured = observations[row + this.sinceIndex] === 0 ? observations[row + this.inrIndex]! : null;
      const dose = gridDose(this.chooseDose(i, day, measured));
      this.prescribed(i, day, dose);
      this.out[i] = warfarinAction(this.continuous, dose);
    }
    return this.out;
  }

  /** Start sub-env i's episode for `patient` (CYP2C9 already mapped to *1/*2/*3). */
  protected abstract startEpisode(i: number, patient: Patient): void;

  /** The dose (mg, any real; it is put on the grid) for sub-env i on `day`, given this morning's measured INR or null. */
  protected abstract chooseDose(i: number, day: number, measuredInr: number | null): number;

  /** Told the grid dose actually prescribed for sub-env i on `day` (default: nothing). */
  protected prescribed(_i: number, _day: number, _doseMg: number): void {}
}
