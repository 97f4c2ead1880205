/**
 * Reward and safety cost of the warfarin env, on the TRUE INR at the end of each day (the
 * next morning, before that day's measurement error).
 *
 * Shape (per day):
 * ```
 * r = 1[2 ≤ INR ≤ 3] − unsafePenalty · 1[INR > 4 or INR < 1.5] − doseChangePenalty · 1[dose ≠ yesterday's]
 * cost = 1[INR > 4 or INR < 1.5]
 * ```
 * - +1 per day in the therapeutic range 2–3 (target 2.5): the sum over an episode is the
 *   number of days in range, i.e. 90 × the true time in range.
 * - −`unsafePenalty` (default 1) per day above 4 (bleeding risk) or below 1.5 (thrombosis
 *   risk), the bounds of the warfarin RL literature (Ravvaz 2017; Anzabi Zadeh et al.).
 *   Days between 1.5 and 2 or between 3 and 4 earn 0. During initiation the INR starts at
 *   the baseline (≈ 1), so every policy pays the penalty for the first few days.
 * - −`doseChangePenalty` (default 0, off) when the prescribed dose differs from the
 *   previous day's prescribed dose (day 0 never counts as a change). Note that weekly
 *   schedules such as "4 mg, 4.5 mg on Mon/Thu" change the daily dose by design.
 * - `cost` is the constraint signal for constrained RL: the unsafe-day indicator alone.
 */

/** Reward weights (the env's `reward` option). */
export interface WarfarinRewardOptions {
  /** Penalty per day with INR > 4 or < 1.5 (default 1). */
  unsafePenalty?: number;
  /** Penalty per day whose prescribed dose differs from the previous day's (default 0). */
  doseChangePenalty?: number;
}

/** Resolved weights. */
export interface WarfarinRewardWeights {
  unsafePenalty: number;
  doseChangePenalty: number;
}

/** Therapeutic range and safety bounds (INR). */
export const WARFARIN_INR_BOUNDS = Object.freeze({ low: 2, high: 3, unsafeLow: 1.5, unsafeHigh: 4 });

/** 1 on a day whose INR is above 4 or below 1.5, else 0. */
export function warfarinCost(inr: number): number {
  return inr > WARFARIN_INR_BOUNDS.unsafeHigh || inr < WARFARIN_INR_BOUNDS.unsafeLow ? 1 : 0;
}

/**
 * The day's reward (see the module doc).
 * @example warfarinReward(2.5, false, { unsafePenalty: 1, doseChangePenalty: 0 }) // 1
 * @example warfarinReward(4.2, true, { unsafePenalty: 1, doseChangePenalty: 0.1 }) // -1.1
 */
export function warfarinReward(inr: number, doseChanged: boolean, w: WarfarinRewardWeights): number {
  const inRange = inr >= WARFARIN_INR_BOUNDS.low && inr <= WARFARIN_INR_BOUNDS.high ? 1 : 0;
  return inRange - w.unsafePenalty * warfarinCost(inr) - (doseChanged ? w.doseChangePenalty : 0);
}
