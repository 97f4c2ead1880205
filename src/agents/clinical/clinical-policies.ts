/**
 * Warfarin clinical protocols as batched {@link Policy} objects, registered as named
 * policies for `dosegym rollout --policy <name>` when this module is imported:
 *
 * | name | initial dose | titration |
 * |---|---|---|
 * | `fixed+nomogram` | 5 mg/day (fixed.ts) | Intermountain nomogram (nomogram.ts) |
 * | `iwpc-pg+nomogram` | IWPC 2009 pharmacogenetic | nomogram |
 * | `iwpc-clinical+nomogram` | IWPC 2009 clinical | nomogram |
 * | `gage-pg+nomogram` | Gage 2008 pharmacogenetic | nomogram |
 * | `gage-clinical+nomogram` | Gage 2008 clinical | nomogram |
 * | `eupact+nomogram` | EU-PACT 3-day loading (eupact.ts) | nomogram from day 3 |
 *
 * How it reads the env (as a clinician would): the patient of each sub-env from
 * `infos.patients[i]` (native warfarin vector env) or `infos.patient[i]` (a SyncVectorEnv of
 * single envs), mapped to *1/*2/*3 CYP2C9 alleles by activity value as the simulator does
 * (envs/warfarin/model-patient.ts); the day, the last measured INR and the days since it
 * from the observation (`metadata.observationLayout`). An INR is given to the nomogram only
 * on the morning it was measured (days since = 0): between visits the nomogram continues
 * its schedule.
 *
 * Per sub-env state: one `NomogramTitration` per episode. It is created at the first `act`
 * of an episode, which is recognised by `reset(mask)`, by a new patient object, or by the
 * day going back. The dose in mg becomes the Discrete index (nearest 0.5 mg, clipped to
 * 0–15 mg: the nomogram's one-off double doses above 15 mg are capped) or, for
 * WarfarinContinuous-v0, the dose in mg.
 */
import { InputError } from '../../core/errors.js';
import type { Patient } from '../../genomics/patient.js';
import { Discrete } from '../../envs/spaces/discrete.js';
import type { BatchedActions, VectorInfo } from '../../envs/vector/vector-env.js';
import { warfarinModelPatient } from '../../envs/warfarin/model-patient.js';
import { OBS } from '../../envs/warfarin/observation.js';
import { warfarinAction } from '../../envs/warfarin/warfarin-env.js';
import { observationFieldIndex } from '../observation-field.js';
import type { Policy, PolicyContext } from '../policy.js';
import { registerPolicy } from '../policy-registry.js';
import type { NomogramTitration } from './nomogram.js';
import { createTitration } from './protocols.js';

/** The registered protocol names. */
export const WARFARIN_PROTOCOL_POLICIES: readonly string[] = [
  'fixed+nomogram',
  'iwpc-pg+nomogram',
  'iwpc-clinical+nomogram',
  'gage-pg+nomogram',
  'gage-clinical+nomogram',
  'eupact+nomogram',
];

/** A warfarin protocol (initial-dose algorithm + nomogram) for N sub-envs. */
export class WarfarinProtocolPolicy implements Policy {
  readonly name: string;
  private readonly numEnvs: number;
  private readonly continuous: boolean;
  private readonly rowSize: number;
  private readonly dayIndex: number;
  private readonly inrIndex: number;
  private readonly sinceIndex: number;
  private readonly titrations: (NomogramTitration | null)[];
  private readonly patients: (Patient | null)[];
  private readonly lastDay: Float64Array;

  /**
   * @param protocol one of {@link WARFARIN_PROTOCOL_POLICIES} (any `createTitration` name works)
   * @throws InputError when the env is not a warfarin env (action space, observation layout)
   */
  constructor(protocol: string, ctx: PolicyContext) {
    this.name = protocol;
    this.numEnvs = ctx.numEnvs;
    const obs = ctx.observationSpace;
    const act = ctx.actionSpace;
    const discreteOk = act instanceof Discrete && act.n === 31;
    const boxOk = act.type === 'Box' && (act as unknown as { size: number }).size === 1;
    if (obs.type !== 'Box' || !(discreteOk || boxOk)) {
      throw new InputError(`policy '${protocol}' is for the warfarin envs (dosegym/Warfarin-v0, dosegym/WarfarinContinuous-v0)`, 'policy');
    }
    this.continuous = !discreteOk;
    this.rowSize = (obs as unknown as { size: number }).size;
    this.dayIndex = observationFieldIndex(ctx, 'day', OBS.day);
    this.inrIndex = observationFieldIndex(ctx, 'lastInr', OBS.lastInr);
    this.sinceIndex = observationFieldIndex(ctx, 'daysSinceInr', OBS.daysSinceInr);
    this.titrations = new Array<NomogramTitration | null>(this.numEnvs).fill(null);
    this.patients = new Array<Patient | null>(this.numEnvs).fill(null);
    this.lastDay = new Float64Array(this.numEnvs).fill(-1);
  }

  reset(mask?: Uint8Array): void {
    for (let i = 0; i < this.numEnvs; i++) {
      if (mask === undefined || mask[i]) {
        this.titrations[i] = null;
        this.patients[i] = null;
        this.lastDay[i] = -1;
      }
    }
  }

  act(observations: Float32Array, infos: VectorInfo): BatchedActions {
    const n = this.numEnvs;
    const patients = (infos.patients ?? infos.patient) as readonly (Patient | undefined)[] | undefined;
    const out = this.continuous ? new Float32Array(n) : new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const row = i * this.rowSize;
      const day = observations[row + this.dayIndex]!;
      const patient = patients?.[i];
      let titration = this.titrations[i];
      const newEpisode = titration === null || (patient !== undefined && patient !== this.patients[i]) || day <= this.lastDay[i]!;
      if (newEpisode) {
        if (patient === undefined || patient === null) {
          throw new InputError(`policy '${this.name}' needs the patient of sub-env ${i} in infos.patients (a warfarin env provides it)`, 'infos.patients');
        }
        titration = createTitration(this.name, warfarinModelPatient(patient));
        this.titrations[i] = titration;
        this.patients[i] = patient;
      }
      this.lastDay[i] = day;
      const inr = observations[row + this.sinceIndex] === 0 ? observations[row + this.inrIndex]! : null;
      out[i] = warfarinAction(this.continuous, titration!.dose(day, inr));
    }
    return out;
  }
}

for (const name of WARFARIN_PROTOCOL_POLICIES) {
  registerPolicy(name, (ctx, args) => {
    if (args !== undefined) throw new InputError(`policy '${name}' takes no arguments, got '${name}:${args}'`, 'policy');
    return new WarfarinProtocolPolicy(name, ctx);
  });
}
