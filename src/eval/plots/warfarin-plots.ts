/**
 * The standard plots of a warfarin evaluation, from its recorded trajectories: INR and
 * dose trajectories per policy (median and 10–90 % band over patients) and the policy map.
 */
import type { Evaluation } from '../evaluate.js';
import { dosingDecisionRows, warfarinDailyRows, type WarfarinSubgroups } from '../warfarin-evaluation.js';
import { policyMapSpec } from './policy-map.js';
import type { VegaLiteSpec } from './spec.js';
import { quantileBands, trajectoryBandSpec } from './trajectory-band.js';

/**
 * True INR over days per policy, with the therapeutic range shaded.
 * @example inrTrajectorySpec(evaluation) // evaluated with WARFARIN_EVALUATE_OPTIONS
 */
export function inrTrajectorySpec(evaluation: Evaluation): VegaLiteSpec {
  const rows = warfarinDailyRows(evaluation);
  const bands = quantileBands(rows, (r) => r.policy, (r) => r.day, (r) => r.trueInr);
  return trajectoryBandSpec(bands, { title: 'INR trajectories', xTitle: 'Day', yTitle: 'INR', targetRange: [2, 3] });
}

/**
 * Daily dose over days per policy.
 * @example doseTrajectorySpec(evaluation)
 */
export function doseTrajectorySpec(evaluation: Evaluation): VegaLiteSpec {
  const rows = warfarinDailyRows(evaluation);
  const bands = quantileBands(rows, (r) => r.policy, (r) => r.day, (r) => r.dose);
  return trajectoryBandSpec(bands, { title: 'Dose trajectories', xTitle: 'Day', yTitle: 'Dose (mg/day)' });
}

/**
 * Dose chosen vs last measured INR per genotype group (default CYP2C9 diplotype).
 * @example warfarinPolicyMapSpec(evaluation, 'vkorc1')
 */
export function warfarinPolicyMapSpec(evaluation: Evaluation, groupKey: keyof WarfarinSubgroups = 'cyp2c9'): VegaLiteSpec {
  const labels: Record<keyof WarfarinSubgroups, string> = { cyp2c9: 'CYP2C9', vkorc1: 'VKORC1', cyp2c9Phenotype: 'CYP2C9 phenotype', ancestry: 'Ancestry' };
  return policyMapSpec(dosingDecisionRows(evaluation, groupKey), { groupTitle: labels[groupKey], doseTitle: 'Dose (mg/day)' });
}
