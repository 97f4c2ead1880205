/**
 * The Intermountain nomogram (Anderson 2007, COUMAGEN Appendix B, as tabulated in
 * src/agents/clinical/nomogram.ts): each row of the table, the hold rules, loading doses.
 */
import { describe, expect, it } from 'vitest';
import { NomogramTitration, nomogramZone } from '../../../src/agents/clinical/nomogram.js';
import { InputError, StateError } from '../../../src/core/errors.js';

/** Doses of days `from`..`from+6` with no INR measured. */
function week(t: NomogramTitration, from: number): number[] {
  return Array.from({ length: 7 }, (_, i) => t.dose(from + i, null));
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('nomogramZone', () => {
  it('bounds: 1.6, 1.8, 2.0 open below; 3.0 green; 3.4 and 5.0 upwards', () => {
    expect([1.59, 1.6, 1.79, 1.8, 1.99, 2.0, 3.0, 3.01, 3.39, 3.4, 4.99, 5.0].map(nomogramZone)).toEqual([
      'action-low', 'red-low', 'red-low', 'yellow-low', 'yellow-low', 'green', 'green',
      'yellow-high', 'yellow-high', 'red-high', 'red-high', 'action-high',
    ]);
  });
});

describe('NomogramTitration', () => {
  it('spreads the weekly dose over the week in 0.5 mg steps', () => {
    expect(week(new NomogramTitration({ initialWeeklyDoseMg: 35 }), 0)).toEqual([5, 5, 5, 5, 5, 5, 5]);
    const w = week(new NomogramTitration({ initialWeeklyDoseMg: 30.73 }), 0); // IWPC-PG patient A
    expect(sum(w)).toBe(30.5);
    expect(Math.max(...w) - Math.min(...w)).toBe(0.5);
  });

  it('green: no change; recheck 14 days, 28 when green twice', () => {
    const t = new NomogramTitration({ initialWeeklyDoseMg: 35 });
    expect(t.dose(7, 2.5)).toBe(5);
    expect(t.nextTestInDays).toBe(14);
    t.dose(21, 2.9);
    expect(t.weeklyDoseMg).toBe(35);
    expect(t.nextTestInDays).toBe(28);
  });

  it('action low (< 1.6): double dose today, +10 % weekly', () => {
    const t = new NomogramTitration({ initialWeeklyDoseMg: 35 });
    expect(t.dose(7, 1.5)).toBe(10);
    expect(t.weeklyDoseMg).toBeCloseTo(38.5, 10);
    expect(t.daysSinceChange).toBe(0);
    expect(sum(week(t, 8))).toBe(38.5);
    expect(t.nextTestInDays).toBe(5);
  });

  it('red low (1.6–1.8): 1.5 × daily today, +5 % weekly', () => {
    const t = new NomogramTitration({ initialWeeklyDoseMg: 35 });
    expect(t.dose(7, 1.7)).toBe(7.5);
    expect(t.weeklyDoseMg).toBeCloseTo(36.75, 10);
    expect(sum(week(t, 8))).toBe(37); // 36.75 rounded to the 0.5 mg step
  });

  it('yellow low (1.8–2.0): +5 % only when the previous INR was yellow low too', () => {
    const t = new NomogramTitration({ initialWeeklyDoseMg: 35 });
    t.dose(7, 1.9);
    expect(t.weeklyDoseMg).toBe(35);
    t.dose(14, 1.85);
    expect(t.weeklyDoseMg).toBeCloseTo(36.75, 10);
  });

  it('yellow high (3.0–3.4): −5 % only when twice in a row', () => {
    const t = new NomogramTitration({ initialWeeklyDoseMg: 35 });
    t.dose(7, 3.2);
    expect(t.weeklyDoseMg).toBe(35);
    t.dose(14, 3.3);
    expect(t.weeklyDoseMg).toBeCloseTo(33.25, 10);
  });

  it('red high (3.4–5): half dose today if INR < 4, else hold today; −10 % weekly', () => {
    const a = new NomogramTitration({ initialWeeklyDoseMg: 35 });
    expect(a.dose(7, 3.6)).toBe(2.5);
    expect(a.weeklyDoseMg).toBeCloseTo(31.5, 10);
    const b = new NomogramTitration({ initialWeeklyDoseMg: 35 });
    expect(b.dose(7, 4.5)).toBe(0);
    expect(b.weeklyDoseMg).toBeCloseTo(31.5, 10);
  });

  it('action high (≥ 5): hold two days; an in-range recheck resumes at −15 %', () => {
    const t = new NomogramTitration({ initialWeeklyDoseMg: 35 });
    expect(t.dose(10, 6)).toBe(0);
    expect(t.dose(11, null)).toBe(0);
    expect(t.nextTestInDays).toBe(2);
    t.dose(12, 2.8);
    expect(t.weeklyDoseMg).toBeCloseTo(29.75, 10);
    expect(t.dose(13, null)).toBeGreaterThan(0);
  });

  it('action high: a recheck ≥ 3.4 holds two more days', () => {
    const t = new NomogramTitration({ initialWeeklyDoseMg: 35 });
    t.dose(10, 6);
    t.dose(11, null);
    expect(t.dose(12, 4)).toBe(0);
    expect(t.dose(13, null)).toBe(0);
    expect(t.weeklyDoseMg).toBe(35);
    t.dose(14, 2.5);
    expect(t.weeklyDoseMg).toBeCloseTo(29.75, 10);
  });

  it('action high without a recheck: resumes at −15 % after the hold (convention)', () => {
    const t = new NomogramTitration({ initialWeeklyDoseMg: 35 });
    t.dose(10, 5.5);
    t.dose(11, null);
    expect(t.dose(12, null)).toBeGreaterThan(0);
    expect(t.weeklyDoseMg).toBeCloseTo(29.75, 10);
  });

  it('loading doses come first, rounded; INRs during loading and before startDay change nothing', () => {
    const t = new NomogramTitration({ initialWeeklyDoseMg: 35, loadingDosesMg: [7.59, 6.72, 5.86] });
    expect([t.dose(0, null), t.dose(1, 1.1), t.dose(2, 1.2)]).toEqual([7.5, 6.5, 6]);
    expect(t.weeklyDoseMg).toBe(35);
    expect(t.lastInr).toBe(1.2);
    expect(t.dose(3, null)).toBe(5);
    const s = new NomogramTitration({ initialWeeklyDoseMg: 35, startDay: 5 });
    expect(s.dose(4, 1.2)).toBe(5);
    expect(s.dose(5, 1.2)).toBe(10);
  });

  it('caps the weekly dose', () => {
    const t = new NomogramTitration({ initialWeeklyDoseMg: 100, maxWeeklyDoseMg: 105 });
    t.dose(7, 1.2);
    expect(t.weeklyDoseMg).toBe(105);
  });

  it('rejects days that do not advance, bad INRs and bad doses', () => {
    const t = new NomogramTitration({ initialWeeklyDoseMg: 35 });
    t.dose(3, null);
    expect(() => t.dose(3, null)).toThrow(StateError);
    expect(() => t.dose(4, Number.NaN)).toThrow(InputError);
    expect(() => new NomogramTitration({ initialWeeklyDoseMg: -1 })).toThrow(InputError);
  });
});
