/**
 * Warfarin clinical metrics: time in therapeutic range, time to the first therapeutic INR,
 * time outside safety bounds, and dose changes. Small pure functions.
 *
 * Sources:
 * - Rosendaal FR, Cannegieter SC, van der Meer FJ, Briët E. A method to determine the
 *   optimal intensity of oral anticoagulant therapy. Thromb Haemost 1993;69:236–239
 *   (linear interpolation between INR measurements; "PTTR", percent time in range).
 * - Safety bounds INR > 4 (bleeding) and < 1.5 (thrombosis) as used by the warfarin RL
 *   and virtual-trial literature (e.g. Ravvaz et al. 2017, Circ Cardiovasc Genet
 *   10:e001804; Anzabi Zadeh et al.); the bounds are parameters.
 *
 * Conventions:
 * - Ranges are closed: an INR of exactly 2 or 3 is in range.
 * - Results are fractions in [0, 1] (multiply by 100 for per cent).
 * - With no interval to interpolate (fewer than two measurements) or no days, a fraction
 *   is NaN, as date-fns returns NaN for an invalid date: "undefined", not 0.
 * - Rosendaal intervals are interpolated whatever their length (no gap cut-off).
 */
import { InputError } from '../../core/errors.js';

/** A closed INR range. */
export interface InrRange {
  low: number;
  high: number;
}

/** The standard therapeutic range for a target of 2.5. */
export const THERAPEUTIC_RANGE: Readonly<InrRange> = Object.freeze({ low: 2, high: 3 });

function checkSeries(times: ArrayLike<number>, inrs: ArrayLike<number>): void {
  if (times.length !== inrs.length) {
    throw new InputError(`times and INRs differ in length (${times.length} vs ${inrs.length})`, 'inrs');
  }
  for (let i = 0; i < times.length; i++) {
    if (!Number.isFinite(times[i]!) || !Number.isFinite(inrs[i]!)) throw new InputError(`times[${i}] or inrs[${i}] is not finite`, `inrs[${i}]`);
    if (i > 0 && !(times[i]! > times[i - 1]!)) {
      throw new InputError(`times must increase strictly: times[${i}] = ${times[i]} after ${times[i - 1]}`, `times[${i}]`);
    }
  }
}

/**
 * Fraction of a linear INR segment from `a` to `b` that lies in [low, high].
 * @example fractionOfSegmentInRange(1.5, 3.5, { low: 2, high: 3 }) // 0.5
 */
export function fractionOfSegmentInRange(a: number, b: number, range: InrRange = THERAPEUTIC_RANGE): number {
  if (a === b) return a >= range.low && a <= range.high ? 1 : 0;
  // Parameter s ∈ [0, 1] along the segment where the INR equals each bound.
  const sLow = (range.low - a) / (b - a);
  const sHigh = (range.high - a) / (b - a);
  const s0 = Math.max(0, Math.min(sLow, sHigh));
  const s1 = Math.min(1, Math.max(sLow, sHigh));
  return s1 > s0 ? s1 - s0 : 0;
}

/**
 * Rosendaal percent time in therapeutic range (as a fraction): the INR is interpolated
 * linearly between consecutive measurements, and the time in range summed over intervals
 * (an interval may cross one bound, both, or none).
 * @param times measurement times (any unit, strictly increasing)
 * @param inrs measured INRs
 * @example rosendaalTtr([0, 10], [1.5, 3.5]) // 0.5 (the line is in [2, 3] for days 2.5–7.5)
 * @example rosendaalTtr([0, 7, 14], [2.5, 2.5, 3.5]) // 0.75
 */
export function rosendaalTtr(times: ArrayLike<number>, inrs: ArrayLike<number>, range: InrRange = THERAPEUTIC_RANGE): number {
  checkSeries(times, inrs);
  if (times.length < 2) return Number.NaN;
  let inRange = 0;
  for (let i = 1; i < times.length; i++) {
    inRange += (times[i]! - times[i - 1]!) * fractionOfSegmentInRange(inrs[i - 1]!, inrs[i]!, range);
  }
  return inRange / (times[times.length - 1]! - times[0]!);
}

/**
 * True time in range: the fraction of daily (true, noise-free) INR values in range.
 * @example trueTtr([1.8, 2.2, 2.9, 3.1]) // 0.5
 */
export function trueTtr(dailyInrs: ArrayLike<number>, range: InrRange = THERAPEUTIC_RANGE): number {
  return fractionWhere(dailyInrs, (x) => x >= range.low && x <= range.high);
}

/**
 * Time of the first INR in range, or null if none.
 * @example timeToFirstTherapeuticInr([0, 3, 5, 7], [1.0, 1.6, 2.1, 2.6]) // 5
 */
export function timeToFirstTherapeuticInr(times: ArrayLike<number>, inrs: ArrayLike<number>, range: InrRange = THERAPEUTIC_RANGE): number | null {
  checkSeries(times, inrs);
  for (let i = 0; i < inrs.length; i++) if (inrs[i]! >= range.low && inrs[i]! <= range.high) return times[i]!;
  return null;
}

/**
 * Fraction of days with INR strictly above `bound` (default 4: bleeding risk).
 * @example fractionAbove([3, 4, 4.5, 5]) // 0.5
 */
export function fractionAbove(dailyInrs: ArrayLike<number>, bound = 4): number {
  return fractionWhere(dailyInrs, (x) => x > bound);
}

/**
 * Fraction of days with INR strictly below `bound` (default 1.5: thrombosis risk).
 * @example fractionBelow([1.2, 1.5, 2, 2.5]) // 0.25
 */
export function fractionBelow(dailyInrs: ArrayLike<number>, bound = 1.5): number {
  return fractionWhere(dailyInrs, (x) => x < bound);
}

/** Number of dose changes and their mean absolute size. */
export interface DoseChangeSummary {
  count: number;
  /** Mean |Δdose| over the changes (same unit as the doses); 0 when there are none. */
  meanAbsChange: number;
}

/**
 * Dose changes in a series of prescribed doses: consecutive values differing by more than
 * `tolerance`. Pass the series whose changes matter: prescribed weekly doses at each
 * decision, or daily doses (then the alternation of a weekly schedule, e.g. 5/5.5 mg,
 * counts as changes).
 * @example doseChanges([5, 5, 6, 6, 4.5]) // { count: 2, meanAbsChange: 1.25 }
 */
export function doseChanges(doses: ArrayLike<number>, tolerance = 1e-9): DoseChangeSummary {
  let count = 0;
  let total = 0;
  for (let i = 1; i < doses.length; i++) {
    const d = Math.abs(doses[i]! - doses[i - 1]!);
    if (d > tolerance) {
      count++;
      total += d;
    }
  }
  return { count, meanAbsChange: count === 0 ? 0 : total / count };
}

function fractionWhere(values: ArrayLike<number>, predicate: (x: number) => boolean): number {
  if (values.length === 0) return Number.NaN;
  let n = 0;
  for (let i = 0; i < values.length; i++) if (predicate(values[i]!)) n++;
  return n / values.length;
}
