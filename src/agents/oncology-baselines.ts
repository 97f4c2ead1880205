/**
 * Clinical baseline policies for the OncologyCombo envs (5-FU + erlotinib per 21-day cycle),
 * registered as named policies for `dosegym rollout --policy <name>`:
 *
 * | name | 5-FU | erlotinib |
 * |---|---|---|
 * | `onc-mtd-pgx` | label dose × CPIC DPYD factor | 100 % |
 * | `onc-mtd` | label dose (genotype ignored) | 100 % |
 * | `onc-adaptive` | Zhang 2017 rule on the marker, 5-FU × CPIC factor when on | 100 % when on |
 * | `onc-metronomic` | 50 % × CPIC factor every cycle | 75 % |
 *
 * All hold the 5-FU dose of a cycle when the pre-cycle ANC is below 1.5 ×10⁹/L (the usual
 * start-of-cycle criterion of chemotherapy protocols); erlotinib is not myelosuppressive.
 *
 * CPIC DPYD (Amstutz et al., Clin Pharmacol Ther 2018;103:210, the 2017 update), by the
 * activity score in the observation: AS 2 (normal) → 100 %; AS 1–1.5 (intermediate) → 50 %
 * starting dose; AS 0.5 → avoid, or a strongly reduced dose with drug monitoring; AS 0 →
 * avoid. Here "avoid" is 0 % (no fluoropyrimidine) and the AS 0.5 option of a strongly
 * reduced dose is not taken (no drug monitoring in the env). Not genotyped → 100 %.
 *
 * Zhang 2017 adaptive therapy (Nat Commun 8:1816): treatment is paused when the marker
 * (PSA there) falls below 50 % of its baseline and resumed when it returns to baseline. The
 * policy keeps one on/off state per sub-env (cleared by `reset(mask)`).
 *
 * Discrete action spaces get the highest dose level not above the wanted fraction (a dose
 * is never rounded up).
 */
import { InputError } from '../core/errors.js';
import { DOSE_LEVELS, OBS, OBS_SIZE } from '../envs/oncology/oncology-task.js';
import type { BatchedActions, VectorInfo } from '../envs/vector/vector-env.js';
import type { Policy, PolicyContext } from './policy.js';
import { registerPolicy } from './policy-registry.js';

/** Pre-cycle ANC (10⁹/L) below which the cytotoxic dose of the cycle is held. */
export const ANC_TREATMENT_THRESHOLD = 1.5;
/** Zhang 2017: pause below this fraction of the baseline marker, resume at 1. */
export const ADAPTIVE_PAUSE_FRACTION = 0.5;
export const ADAPTIVE_RESUME_FRACTION = 1;

/**
 * CPIC 2017 starting-dose fraction of a fluoropyrimidine for a DPYD activity score.
 * @example cpicDpydDoseFraction(2) // 1
 * @example cpicDpydDoseFraction(1.5) // 0.5
 * @example cpicDpydDoseFraction(0.5) // 0 (avoid)
 */
export function cpicDpydDoseFraction(activityScore: number): number {
  if (!Number.isFinite(activityScore) || activityScore < 0 || activityScore > 2) {
    throw new InputError(`DPYD activity score must be in [0, 2], got ${activityScore}`, 'dpydActivityScore');
  }
  if (activityScore >= 2) return 1;
  if (activityScore >= 1) return 0.5;
  return 0;
}

/** The highest discrete dose level index whose fraction is ≤ `fraction`. */
export function doseLevelAtMost(fraction: number): number {
  let level = 0;
  for (let k = 0; k < DOSE_LEVELS.length; k++) if (DOSE_LEVELS[k]! <= fraction + 1e-12) level = k;
  return level;
}

/** Which baseline rule. */
export type OncologyBaseline = 'mtd-pgx' | 'mtd' | 'adaptive' | 'metronomic';

/** A rule-based OncologyCombo policy (see the module doc for the rules). */
export class OncologyBaselinePolicy implements Policy {
  readonly name: string;
  private readonly rule: OncologyBaseline;
  private readonly numEnvs: number;
  private readonly discrete: boolean;
  private readonly actions: Int32Array | Float32Array;
  /** Adaptive rule: 1 = treating, 0 = paused. */
  private readonly treating: Uint8Array;

  constructor(ctx: PolicyContext, rule: OncologyBaseline) {
    const obsSize = (ctx.observationSpace as { size?: number }).size;
    const act = ctx.actionSpace as { type: string; nvec?: readonly number[]; size?: number };
    const discrete = act.type === 'MultiDiscrete' && act.nvec?.length === 2 && act.nvec.every((k) => k === DOSE_LEVELS.length);
    const continuous = act.type === 'Box' && act.size === 2;
    if (obsSize !== OBS_SIZE || !(discrete || continuous)) {
      throw new InputError(`policy 'onc-${rule}' needs an OncologyCombo env (observation of ${OBS_SIZE}, action MultiDiscrete [4, 4] or Box of 2)`, 'policy');
    }
    this.name = `onc-${rule}`;
    this.rule = rule;
    this.numEnvs = ctx.numEnvs;
    this.discrete = discrete;
    this.actions = discrete ? new Int32Array(2 * ctx.numEnvs) : new Float32Array(2 * ctx.numEnvs);
    this.treating = new Uint8Array(ctx.numEnvs).fill(1);
  }

  reset(mask?: Uint8Array): void {
    for (let i = 0; i < this.numEnvs; i++) if (!mask || mask[i]) this.treating[i] = 1;
  }

  act(observations: Float32Array, _infos: VectorInfo): BatchedActions {
    for (let i = 0; i < this.numEnvs; i++) {
      const o = i * OBS_SIZE;
      const pgx = observations[o + OBS.dpydGenotyped]! === 1 ? cpicDpydDoseFraction(observations[o + OBS.dpydActivityScore]!) : 1;
      let cyt: number;
      let tgt: number;
      switch (this.rule) {
        case 'mtd':
          cyt = 1;
          tgt = 1;
          break;
        case 'mtd-pgx':
          cyt = pgx;
          tgt = 1;
          break;
        case 'metronomic':
          cyt = 0.5 * pgx;
          tgt = 0.75;
          break;
        case 'adaptive': {
          const marker = observations[o + OBS.markerRel]!;
          if (this.treating[i] && marker < ADAPTIVE_PAUSE_FRACTION) this.treating[i] = 0;
          else if (!this.treating[i] && marker >= ADAPTIVE_RESUME_FRACTION) this.treating[i] = 1;
          cyt = this.treating[i] ? pgx : 0;
          tgt = this.treating[i] ? 1 : 0;
          break;
        }
      }
      if (observations[o + OBS.anc]! < ANC_TREATMENT_THRESHOLD) cyt = 0;
      if (this.discrete) {
        this.actions[2 * i] = doseLevelAtMost(cyt);
        this.actions[2 * i + 1] = doseLevelAtMost(tgt);
      } else {
        this.actions[2 * i] = cyt;
        this.actions[2 * i + 1] = tgt;
      }
    }
    return this.actions;
  }
}

for (const rule of ['mtd-pgx', 'mtd', 'adaptive', 'metronomic'] as const) {
  registerPolicy(`onc-${rule}`, (ctx, args) => {
    if (args !== undefined) throw new InputError(`policy 'onc-${rule}' takes no arguments, got 'onc-${rule}:${args}'`, 'policy');
    return new OncologyBaselinePolicy(ctx, rule);
  });
}
