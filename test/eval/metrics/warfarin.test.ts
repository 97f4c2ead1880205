/**
 * Warfarin metrics: hand-computed Rosendaal (1993) interpolation examples and edge cases.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import {
  doseChanges,
  fractionAbove,
  fractionBelow,
  fractionOfSegmentInRange,
  rosendaalTtr,
  timeToFirstTherapeuticInr,
  trueTtr,
} from '../../../src/eval/metrics/warfarin.js';

describe('rosendaalTtr', () => {
  it('one interval crossing both bounds upwards: 1.5 → 3.5 over 10 days is in range days 2.5–7.5 → 0.5', () => {
    expect(rosendaalTtr([0, 10], [1.5, 3.5])).toBeCloseTo(0.5, 12);
  });

  it('crossing both bounds downwards: 5 → 1 over 6 days, in range for INR 3…2 = 1.5 days → 0.25', () => {
    expect(rosendaalTtr([0, 6], [5, 1])).toBeCloseTo(0.25, 12);
  });

  it('touching a bound only at an end counts zero time: [0,4,10] × [1,2,4] → (0 + 3)/10 = 0.3', () => {
    // 0–4: INR 1→2, in range only at the instant t = 4; 4–10: 2→4, in range while ≤ 3 (3 days).
    expect(rosendaalTtr([0, 4, 10], [1, 2, 4])).toBeCloseTo(0.3, 12);
  });

  it('flat in range then rising out: [0,7,14] × [2.5,2.5,3.5] → (7 + 3.5)/14 = 0.75', () => {
    expect(rosendaalTtr([0, 7, 14], [2.5, 2.5, 3.5])).toBeCloseTo(0.75, 12);
  });

  it('a realistic course with unequal intervals: hand-computed 0.5655', () => {
    // days 0,3,7,14,28 with INR 1.0, 1.8, 2.6, 3.4, 2.2:
    //  0–3  : 1.0→1.8                    → 0
    //  3–7  : 1.8→2.6, in range from 2.0: (2.6−2.0)/0.8·4 = 3
    //  7–14 : 2.6→3.4, in range to 3.0:   (3.0−2.6)/0.8·7 = 3.5
    // 14–28 : 3.4→2.2, in range below 3.0: (3.0−2.2)/1.2·14 = 9.333…
    // total 15.8333… / 28 = 0.565476…
    expect(rosendaalTtr([0, 3, 7, 14, 28], [1.0, 1.8, 2.6, 3.4, 2.2])).toBeCloseTo(15.833333333 / 28, 9);
  });

  it('other ranges: [2.5, 3.5] on 2 → 4 over 10 days → 0.5', () => {
    expect(rosendaalTtr([0, 10], [2, 4], { low: 2.5, high: 3.5 })).toBeCloseTo(0.5, 12);
  });

  it('NaN with fewer than two measurements; InputError on unsorted or mismatched input', () => {
    expect(rosendaalTtr([3], [2.5])).toBeNaN();
    expect(() => rosendaalTtr([0, 0], [2, 3])).toThrow(InputError);
    expect(() => rosendaalTtr([0, 1], [2])).toThrow(InputError);
  });

  it('segment fractions: both ends equal, out of range, fully in range', () => {
    expect(fractionOfSegmentInRange(2.5, 2.5)).toBe(1);
    expect(fractionOfSegmentInRange(3.5, 4)).toBe(0);
    expect(fractionOfSegmentInRange(2.1, 2.9)).toBe(1);
  });
});

describe('daily metrics', () => {
  it('trueTtr counts days in the closed range', () => {
    expect(trueTtr([1.8, 2.0, 2.9, 3.0, 3.1])).toBeCloseTo(0.6, 12);
    expect(trueTtr([])).toBeNaN();
  });

  it('time to the first therapeutic INR, or null', () => {
    expect(timeToFirstTherapeuticInr([0, 3, 5, 7], [1.0, 1.6, 2.1, 2.6])).toBe(5);
    expect(timeToFirstTherapeuticInr([0, 3], [1.0, 1.6])).toBeNull();
  });

  it('fractions above 4 and below 1.5 are strict', () => {
    expect(fractionAbove([3, 4, 4.5, 5])).toBe(0.5);
    expect(fractionBelow([1.2, 1.5, 2, 2.5])).toBe(0.25);
  });

  it('dose changes: count and mean absolute size', () => {
    expect(doseChanges([5, 5, 6, 6, 4.5])).toEqual({ count: 2, meanAbsChange: 1.25 });
    expect(doseChanges([5, 5])).toEqual({ count: 0, meanAbsChange: 0 });
  });
});
