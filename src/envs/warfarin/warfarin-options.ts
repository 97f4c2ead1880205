/**
 * Options of the warfarin envs (`dosegym/Warfarin-v0`, `dosegym/WarfarinContinuous-v0`),
 * checked and resolved once at construction. Also the registry kwargs.
 */
import { InputError } from '../../core/errors.js';
import type { CohortOptions, Stratification } from '../../genomics/cohort.js';
import { resolveInrSchedule, type InrSchedule, type InrScheduleSpec } from './schedule.js';
import { WARFARIN_MODELS, type WarfarinModelName, type WarfarinModelStructure } from './warfarin-kernel.js';
import type { WarfarinRewardOptions, WarfarinRewardWeights } from './reward.js';

/** The task constants. */
export const WARFARIN_TASK = Object.freeze({
  /** Episode length: 90 days (one step = one day), a time limit (truncation). */
  maxEpisodeSteps: 90,
  /** Dose grid: 0–15 mg in 0.5 mg steps (tablet-achievable; 31 discrete actions). */
  doseStepMg: 0.5,
  maxDoseMg: 15,
  discreteActions: 31,
});

/** Constructor options (registry kwargs). Every field is optional. */
export interface WarfarinEnvOptions {
  /** 'hamberg2007' (default) or 'hamberg2010'. */
  model?: WarfarinModelName;
  /** Between-subject variability of the PK/PD parameters (default true); false: each patient's typical values. */
  variability?: boolean;
  /** Dietary vitamin K day-to-day variation and missed doses from the patient's lifestyle (default true). */
  lifestyle?: boolean;
  /** INR measurement error from the model's residual error (default true). */
  measurementNoise?: boolean;
  /** When INR is measured: 'clinic' (default), 'daily' or a list of days (schedule.ts). */
  inrSchedule?: InrScheduleSpec;
  /** Append covariate and genotype features to the observation (default true; observation.ts). */
  includePatientFeatures?: boolean;
  /** Ancestry of drawn patients: one group or weights per group (default: the cohort default, 'european'). */
  ancestry?: CohortOptions['ancestry'];
  /** Stratify drawn patients on a gene over the episodes of each (sub-)env (genomics/cohort.ts). */
  stratify?: Stratification;
  /** Reward weights (reward.ts). */
  reward?: WarfarinRewardOptions;
  /** Box [0, 15] mg actions instead of Discrete(31) (WarfarinContinuous-v0). */
  continuous?: boolean;
}

/** Resolved options. */
export interface WarfarinConfig {
  model: WarfarinModelStructure;
  variability: boolean;
  lifestyle: boolean;
  measurementNoise: boolean;
  schedule: InrSchedule;
  includePatientFeatures: boolean;
  ancestry: CohortOptions['ancestry'];
  stratify: Stratification | undefined;
  reward: WarfarinRewardWeights;
  continuous: boolean;
}

const KEYS = ['model', 'variability', 'lifestyle', 'measurementNoise', 'inrSchedule', 'includePatientFeatures', 'ancestry', 'stratify', 'reward', 'continuous'];

function bool(options: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const v = options[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new InputError(`Warfarin: option '${key}' must be true or false, got ${JSON.stringify(v)}`, key);
  return v;
}

function weight(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InputError(`Warfarin: ${field} must be a finite number ≥ 0, got ${JSON.stringify(value)}`, field);
  }
  return value;
}

/**
 * Check and resolve the options. Unknown keys and bad values are an InputError naming the
 * option. Cohort options (ancestry, stratify) are checked by the first patient draw.
 */
export function resolveWarfarinOptions(options: Record<string, unknown> = {}): WarfarinConfig {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InputError(`Warfarin: options must be an object, got ${JSON.stringify(options)}`, 'options');
  }
  for (const key of Object.keys(options)) {
    if (!KEYS.includes(key)) throw new InputError(`Warfarin: unknown option '${key}' (known: ${KEYS.join(', ')})`, key);
  }
  const modelName = options.model ?? 'hamberg2007';
  if (typeof modelName !== 'string' || !(modelName in WARFARIN_MODELS)) {
    throw new InputError(`Warfarin: model must be one of ${Object.keys(WARFARIN_MODELS).join(', ')}, got ${JSON.stringify(modelName)}`, 'model');
  }
  const reward = options.reward ?? {};
  if (reward === null || typeof reward !== 'object' || Array.isArray(reward)) {
    throw new InputError(`Warfarin: reward must be an object { unsafePenalty?, doseChangePenalty? }, got ${JSON.stringify(reward)}`, 'reward');
  }
  for (const key of Object.keys(reward)) {
    if (key !== 'unsafePenalty' && key !== 'doseChangePenalty') {
      throw new InputError(`Warfarin: unknown reward option '${key}' (known: unsafePenalty, doseChangePenalty)`, `reward.${key}`);
    }
  }
  const r = reward as WarfarinRewardOptions;
  return {
    model: WARFARIN_MODELS[modelName as WarfarinModelName],
    variability: bool(options, 'variability', true),
    lifestyle: bool(options, 'lifestyle', true),
    measurementNoise: bool(options, 'measurementNoise', true),
    schedule: resolveInrSchedule(options.inrSchedule ?? 'clinic'),
    includePatientFeatures: bool(options, 'includePatientFeatures', true),
    ancestry: options.ancestry as CohortOptions['ancestry'],
    stratify: options.stratify as Stratification | undefined,
    reward: {
      unsafePenalty: weight(r.unsafePenalty, 'reward.unsafePenalty', 1),
      doseChangePenalty: weight(r.doseChangePenalty, 'reward.doseChangePenalty', 0),
    },
    continuous: bool(options, 'continuous', false),
  };
}
