/**
 * Hyper-parameter schedules as functions of SB3's `progressRemaining` (1 at the start of
 * training, 0 at the end).
 *
 * @example linearSchedule(1e-3)(0.25) // 2.5e-4: a quarter of training left
 */
export type Schedule = (progressRemaining: number) => number;

export type ScheduleKind = 'constant' | 'linear';

export function constantSchedule(value: number): Schedule {
  return () => value;
}

/** SB3 zoo's `lin_<value>`: from `start` down to `end` (default 0) as training progresses. */
export function linearSchedule(start: number, end = 0): Schedule {
  return (p) => end + (start - end) * Math.min(1, Math.max(0, p));
}

export function makeSchedule(kind: ScheduleKind, value: number): Schedule {
  return kind === 'linear' ? linearSchedule(value) : constantSchedule(value);
}

/**
 * From `start` to `end` linearly over the window [`from`, `to`] of training fractions
 * (fraction = 1 − progressRemaining), held at `start` before it and at `end` after it; a
 * step at `from` when `from` = `to`. Used for PPO's `entCoefSchedule`.
 *
 * @example windowedLinearSchedule(0.01, 0, 0.4, 0.6)(0.5) // 0.005: half of training done, mid-window
 */
export function windowedLinearSchedule(start: number, end: number, from: number, to: number): Schedule {
  return (p) => {
    const f = 1 - p;
    if (f < from) return start;
    if (f >= to) return end;
    return start + ((end - start) * (f - from)) / (to - from);
  };
}
