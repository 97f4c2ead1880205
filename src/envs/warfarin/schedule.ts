/**
 * INR measurement schedules of the warfarin env: on which mornings the INR is measured.
 *
 * Day d is the morning before dose d (day 0 = the baseline, before the first dose). The
 * baseline INR is always measured, whatever the schedule. Named schedules:
 * - `'daily'`: every morning (an inpatient or self-testing setting);
 * - `'clinic'` (default): days 0, 1, 2, 3, 4, 5 and 7, then weekly (14, 21, 28, …) — the
 *   initiation phase tested daily, then the weekly visits of an anticoagulation clinic in
 *   the first months (ACCP 2012 and the COUMAGEN/EU-PACT protocols test every 1–2 weeks
 *   during maintenance titration; weekly is the conservative end).
 * - an explicit list of days (integers ≥ 0), e.g. `[0, 3, 7, 14, 28]`.
 *
 * The schedule does not depend on the policy's actions, so arms compared on the same seeds
 * are measured on the same days and see the same measurement noise (common random numbers).
 */
import { InputError } from '../../core/errors.js';

/** What the `inrSchedule` option accepts. */
export type InrScheduleSpec = 'daily' | 'clinic' | readonly number[];

/** Days of the clinic schedule before the weekly visits. */
export const CLINIC_INITIATION_DAYS: readonly number[] = [0, 1, 2, 3, 4, 5, 7];

/** A resolved schedule. */
export interface InrSchedule {
  /** 'daily', 'clinic' or 'custom'. */
  readonly name: 'daily' | 'clinic' | 'custom';
  /** True when the INR is measured on the morning of `day` (integer ≥ 0). */
  measures(day: number): boolean;
  /** The measured days in [0, lastDay], for documentation and tests. */
  daysUpTo(lastDay: number): number[];
}

function fromPredicate(name: InrSchedule['name'], measures: (day: number) => boolean): InrSchedule {
  return {
    name,
    measures,
    daysUpTo(lastDay: number): number[] {
      const out: number[] = [];
      for (let d = 0; d <= lastDay; d++) if (measures(d)) out.push(d);
      return out;
    },
  };
}

/**
 * Resolve an `inrSchedule` option.
 * @throws InputError naming `inrSchedule` for anything else than 'daily', 'clinic' or a list of integer days ≥ 0
 * @example resolveInrSchedule('clinic').daysUpTo(21) // [0, 1, 2, 3, 4, 5, 7, 14, 21]
 * @example resolveInrSchedule([3, 10]).daysUpTo(14) // [0, 3, 10] (the baseline is always measured)
 */
export function resolveInrSchedule(spec: unknown = 'clinic'): InrSchedule {
  if (spec === 'daily') return fromPredicate('daily', () => true);
  if (spec === 'clinic') return fromPredicate('clinic', (d) => d <= 5 || d % 7 === 0);
  if (Array.isArray(spec)) {
    spec.forEach((d, k) => {
      if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
        throw new InputError(`inrSchedule[${k}] must be an integer day ≥ 0, got ${JSON.stringify(d)}`, `inrSchedule[${k}]`);
      }
    });
    const last = Math.max(0, ...(spec as number[]));
    const flags = new Uint8Array(last + 1);
    flags[0] = 1;
    for (const d of spec as number[]) flags[d] = 1;
    return fromPredicate('custom', (d) => d < flags.length && flags[d] === 1);
  }
  throw new InputError(`inrSchedule must be 'daily', 'clinic' or a list of integer days, got ${JSON.stringify(spec)}`, 'inrSchedule');
}
