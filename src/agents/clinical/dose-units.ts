/**
 * Warfarin dose units shared by the clinical protocols: weekly ↔ daily doses, tablet
 * rounding, and the spreading of a weekly dose over the days of a week.
 *
 * Conventions:
 * - Algorithms report an unrounded weekly dose and its seventh as the daily dose (IWPC
 *   2009 predicts the weekly dose; Gage 2008 the daily dose, × 7 for the week).
 * - Doses actually given are multiples of a 0.5 mg step (half of a 1 mg tablet; warfarin
 *   tablets are 1, 2, 2.5, 3, 4, 5, 6, 7.5 and 10 mg, all scored).
 * - A weekly dose W becomes daily doses the way anticoagulation clinics write schedules
 *   ("5 mg daily except 7.5 mg on Mon and Thu"): W is rounded to the step; each day gets
 *   the base b = ⌊W/7 / step⌋·step and the n = (W − 7b)/step remaining steps go to n
 *   days spread evenly over the week (day d gets one when ⌊(d+1)·n/7⌋ > ⌊d·n/7⌋). The
 *   seven days then sum exactly to the rounded W and differ by at most one step.
 */

/** The result of an initial-dose algorithm. */
export interface InitialDose {
  /** Predicted maintenance dose, mg per week (unrounded). */
  weeklyDoseMg: number;
  /** weeklyDoseMg / 7, mg per day (unrounded). */
  dailyDoseMg: number;
}

/** The dose step of the tablet schedule, mg. */
export const TABLET_STEP_MG = 0.5;

/** @example fromWeekly(35) // { weeklyDoseMg: 35, dailyDoseMg: 5 } */
export function fromWeekly(weeklyDoseMg: number): InitialDose {
  return { weeklyDoseMg, dailyDoseMg: weeklyDoseMg / 7 };
}

/** @example fromDaily(5) // { weeklyDoseMg: 35, dailyDoseMg: 5 } */
export function fromDaily(dailyDoseMg: number): InitialDose {
  return { weeklyDoseMg: dailyDoseMg * 7, dailyDoseMg };
}

/**
 * Round to the nearest multiple of `step` (halves up), never negative.
 * @example roundToStep(4.39) // 4.5
 * @example roundToStep(4.2) // 4
 */
export function roundToStep(mg: number, step = TABLET_STEP_MG): number {
  // The small epsilon makes x.25 round up despite binary representation (4.25 → 4.5).
  return Math.max(0, Math.round(mg / step + 1e-9) * step);
}

/**
 * The dose of day `day` (any integer; the weekday is day mod 7) in the schedule spreading
 * `weeklyDoseMg` over a week (see the header).
 * @example [0, 1, 2, 3, 4, 5, 6].map((d) => scheduledDailyDose(31, d)) // [4, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5] (sum 31)
 * @example [0, 1, 2, 3, 4, 5, 6].map((d) => scheduledDailyDose(30, d)) // [4, 4.5, 4, 4.5, 4, 4.5, 4.5] (sum 30)
 */
export function scheduledDailyDose(weeklyDoseMg: number, day: number, step = TABLET_STEP_MG): number {
  const steps = Math.round(roundToStep(weeklyDoseMg, step) / step);
  const base = Math.floor(steps / 7);
  const extra = steps - 7 * base;
  const d = ((day % 7) + 7) % 7;
  const gets = Math.floor(((d + 1) * extra) / 7) > Math.floor((d * extra) / 7) ? 1 : 0;
  return (base + gets) * step;
}
