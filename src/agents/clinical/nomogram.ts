/**
 * INR-guided maintenance titration: the Intermountain warfarin nomogram used in COUMAGEN.
 *
 * Source: Anderson JL, Horne BD, Stevens SM, et al. Randomized trial of genotype-guided
 * versus standard warfarin dosing in patients initiating oral anticoagulation (COUMAGEN).
 * Circulation 2007;116:2563–2570, supplementary Appendix B (Intermountain Healthcare
 * anticoagulation protocol); as transcribed in anzabizadeh/ReiL `intermountain.py` and used
 * by Ravvaz et al. 2017 (Circ Cardiovasc Genet 10:e001804, arms "PGPGI").
 *
 * Table (target range 2–3; "daily" = the current weekly dose / 7; zones by the INR):
 *
 * | zone | INR | today's dose | weekly dose change | recheck (days) |
 * |---|---|---|---|---|
 * | action low  | < 1.6     | 2 × daily (extra dose)    | +10 %                     | 5 (14 if same zone twice) |
 * | red low     | 1.6–1.8   | 1.5 × daily               | +5 %                      | 7 (14) |
 * | yellow low  | 1.8–2.0   | as scheduled              | +5 % if the previous INR was also yellow-low, else 0 | 14 |
 * | green       | 2.0–3.0   | as scheduled              | 0                         | 14 (28) |
 * | yellow high | 3.0–3.4   | as scheduled              | −5 % if the previous INR was also yellow-high, else 0 | 14 |
 * | red high    | 3.4–5.0   | ½ × daily if INR < 4, else hold (0) | −10 %           | 7 (14) |
 * | action high | ≥ 5.0     | hold today and tomorrow   | decided at the recheck    | 2 |
 *
 * After an action-high hold, the recheck INR decides: INR ≥ 3.4 → hold two more days;
 * otherwise resume at −15 % weekly. Bounds: 1.6, 1.8, 2.0 open below (INR 2.0 is green),
 * 3.0 inclusive green, 3.4 and 5.0 inclusive upwards.
 *
 * Conventions (where the table or its transcription leaves a choice):
 * - ReiL holds again after an action-high hold unless the recheck is green or yellow, so a
 *   recheck INR of 1.5 would hold once more; we resume at −15 % for any recheck < 3.4.
 * - If no INR is measured by the end of a hold, the dose resumes at −15 % weekly (the
 *   rule's result for an in-range recheck): withholding indefinitely when the caller
 *   measures rarely would be unsafe in the other direction.
 * - The nomogram acts on every INR it is given from `startDay` on; it does not schedule
 *   measurements itself, but reports the table's recheck interval in `nextTestInDays` for a
 *   caller that wants to follow it. INRs before `startDay` or during loading doses are
 *   recorded (`lastInr`) but change nothing.
 * - Doses given are multiples of 0.5 mg; the weekly dose is spread over the week as in
 *   dose-units.ts (weekday = day mod 7). The weekly dose is capped at `maxWeeklyDoseMg`
 *   (default 140 mg, 20 mg/day: a simulator guard, not part of the table).
 * - Days are integers counted from the first dose (day 0); each call gives the dose for a
 *   new, later day, with that morning's INR or null.
 */
import { InputError, StateError } from '../../core/errors.js';
import { TABLET_STEP_MG, roundToStep, scheduledDailyDose } from './dose-units.js';

/** Intermountain INR zones. */
export type NomogramZone = 'action-low' | 'red-low' | 'yellow-low' | 'green' | 'yellow-high' | 'red-high' | 'action-high';

/**
 * The zone of an INR (target range 2–3).
 * @example nomogramZone(2.0) // 'green'
 * @example nomogramZone(3.4) // 'red-high'
 */
export function nomogramZone(inr: number): NomogramZone {
  if (inr < 1.6) return 'action-low';
  if (inr < 1.8) return 'red-low';
  if (inr < 2.0) return 'yellow-low';
  if (inr <= 3.0) return 'green';
  if (inr < 3.4) return 'yellow-high';
  if (inr < 5.0) return 'red-high';
  return 'action-high';
}

/** Recheck interval in days: [first time in the zone, same zone as the previous INR]. */
const RECHECK_DAYS: Readonly<Record<NomogramZone, readonly [number, number]>> = {
  'action-low': [5, 14],
  'red-low': [7, 14],
  'yellow-low': [14, 14],
  green: [14, 28],
  'yellow-high': [14, 14],
  'red-high': [7, 14],
  'action-high': [2, 2],
};

export interface NomogramOptions {
  /** Starting maintenance dose, mg/week (e.g. from an initial-dose algorithm). */
  initialWeeklyDoseMg: number;
  /** Doses for days 0, 1, … before the maintenance schedule starts (e.g. EU-PACT loading), mg. */
  loadingDosesMg?: readonly number[];
  /** First day whose INR may change the dose (default 0). */
  startDay?: number;
  /** Cap on the weekly dose, mg (default 140). */
  maxWeeklyDoseMg?: number;
  /** Dose step, mg (default 0.5). */
  stepMg?: number;
}

/** Serialisable state of a titration. */
export interface NomogramState {
  weeklyDoseMg: number;
  lastDay: number | null;
  lastInr: number | null;
  lastZone: NomogramZone | null;
  lastChangeDay: number;
  /** Remaining days with dose 0 of an action-high hold (today's included when set today). */
  holdDaysLeft: number;
  /** An action-high hold awaits its recheck INR. */
  awaitingRecheck: boolean;
  /** A one-off dose for the current day, mg. */
  oneOffDoseMg: number | null;
  nextTestInDays: number | null;
}

/**
 * Per-patient Intermountain titration: `dose(day, inr)` gives the day's warfarin dose.
 * @example
 * const t = new NomogramTitration({ initialWeeklyDoseMg: 35 });
 * t.dose(0, null); // 5
 * t.dose(7, 1.5);  // 10 (action low: double dose today), weekly dose now 38.5
 */
export class NomogramTitration {
  private readonly loading: readonly number[];
  private readonly startDay: number;
  private readonly maxWeekly: number;
  private readonly step: number;
  private s: NomogramState;

  constructor(options: NomogramOptions) {
    const w = options.initialWeeklyDoseMg;
    if (!(w >= 0) || !Number.isFinite(w)) throw new InputError(`initialWeeklyDoseMg must be a finite number ≥ 0, got ${w}`, 'initialWeeklyDoseMg');
    (options.loadingDosesMg ?? []).forEach((d, i) => {
      if (!(d >= 0) || !Number.isFinite(d)) throw new InputError(`loadingDosesMg[${i}] must be a finite number ≥ 0, got ${d}`, `loadingDosesMg[${i}]`);
    });
    this.loading = [...(options.loadingDosesMg ?? [])];
    this.startDay = options.startDay ?? 0;
    this.maxWeekly = options.maxWeeklyDoseMg ?? 140;
    this.step = options.stepMg ?? TABLET_STEP_MG;
    this.s = {
      weeklyDoseMg: Math.min(w, this.maxWeekly),
      lastDay: null,
      lastInr: null,
      lastZone: null,
      lastChangeDay: 0,
      holdDaysLeft: 0,
      awaitingRecheck: false,
      oneOffDoseMg: null,
      nextTestInDays: null,
    };
  }

  /** Current maintenance dose, mg/week. */
  get weeklyDoseMg(): number {
    return this.s.weeklyDoseMg;
  }
  /** The last INR given (any day), or null. */
  get lastInr(): number | null {
    return this.s.lastInr;
  }
  /** Days since the weekly dose last changed (counted from day 0 before any change). */
  get daysSinceChange(): number {
    return (this.s.lastDay ?? 0) - this.s.lastChangeDay;
  }
  /** The table's recheck interval after the last INR acted on, days (null before any). */
  get nextTestInDays(): number | null {
    return this.s.nextTestInDays;
  }
  /** A copy of the full state (for checkpoints and inspection). */
  state(): NomogramState {
    return { ...this.s };
  }

  /**
   * The dose (mg, a multiple of the step) to give on `day`, given that morning's INR
   * (null when not measured).
   */
  dose(day: number, inr: number | null): number {
    if (!Number.isInteger(day) || day < 0) throw new InputError(`day must be an integer ≥ 0, got ${day}`, 'day');
    if (this.s.lastDay !== null && day <= this.s.lastDay) {
      throw new StateError(`NomogramTitration.dose: day ${day} is not after the previous day ${this.s.lastDay}`);
    }
    if (inr !== null && (!(inr > 0) || !Number.isFinite(inr))) throw new InputError(`INR must be a finite number > 0 or null, got ${inr}`, 'inr');

    // Hold days elapsed since the previous call count down.
    if (this.s.lastDay !== null && this.s.holdDaysLeft > 0) this.s.holdDaysLeft = Math.max(0, this.s.holdDaysLeft - (day - this.s.lastDay));
    this.s.lastDay = day;
    this.s.oneOffDoseMg = null;
    if (inr !== null) this.s.lastInr = inr;

    if (day < this.loading.length) return roundToStep(this.loading[day]!, this.step);

    if (inr !== null && day >= this.startDay) this.applyInr(day, inr);
    else if (this.s.awaitingRecheck && this.s.holdDaysLeft === 0) {
      // Hold over without a recheck INR: resume at −15 % (see conventions).
      this.s.awaitingRecheck = false;
      this.changeWeekly(day, 0.85);
    }

    if (this.s.holdDaysLeft > 0) return 0;
    if (this.s.oneOffDoseMg !== null) return roundToStep(this.s.oneOffDoseMg, this.step);
    return scheduledDailyDose(this.s.weeklyDoseMg, day, this.step);
  }

  private changeWeekly(day: number, factor: number): void {
    this.s.weeklyDoseMg = Math.min(this.maxWeekly, this.s.weeklyDoseMg * factor);
    this.s.lastChangeDay = day;
  }

  private applyInr(day: number, inr: number): void {
    const zone = nomogramZone(inr);
    const same = zone === this.s.lastZone;
    const daily = this.s.weeklyDoseMg / 7;
    this.s.nextTestInDays = RECHECK_DAYS[zone][same ? 1 : 0];
    this.s.lastZone = zone;

    if (this.s.awaitingRecheck) {
      if (inr >= 3.4) {
        this.s.holdDaysLeft = 2;
        this.s.nextTestInDays = 2;
      } else {
        this.s.awaitingRecheck = false;
        this.s.holdDaysLeft = 0;
        this.changeWeekly(day, 0.85);
        this.s.nextTestInDays = 7;
      }
      return;
    }

    switch (zone) {
      case 'action-low':
        this.s.oneOffDoseMg = 2 * daily;
        this.changeWeekly(day, 1.1);
        break;
      case 'red-low':
        this.s.oneOffDoseMg = 1.5 * daily;
        this.changeWeekly(day, 1.05);
        break;
      case 'yellow-low':
        if (same) this.changeWeekly(day, 1.05);
        break;
      case 'green':
        break;
      case 'yellow-high':
        if (same) this.changeWeekly(day, 0.95);
        break;
      case 'red-high':
        this.s.oneOffDoseMg = inr < 4 ? 0.5 * daily : 0;
        this.changeWeekly(day, 0.9);
        break;
      case 'action-high':
        this.s.holdDaysLeft = 2;
        this.s.awaitingRecheck = true;
        break;
    }
  }
}
