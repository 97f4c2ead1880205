/**
 * PID control on a sampled measurement, and the warfarin PID policy (`pid`).
 *
 * **The controller** (positional form, Åström KJ, Hägglund T. Advanced PID Control. ISA
 * 2006, ch. 3; Åström KJ, Murray RM. Feedback Systems, 2nd ed. 2021, §11.3–11.5):
 * ```
 * e_k = r − y_k
 * P_k = Kp·e_k
 * D_k = −Kd·(y_k − y_{k−1})/Δt_k            derivative on the measurement (no kick on setpoint changes)
 * I_k = I_{k−1} + Ki·e_k·Δt_k                backward rectangle over the sample interval
 * v_k = bias + P_k + I_k + D_k ;  u_k = clamp(v_k, uMin, uMax)
 * ```
 * Δt is the time since the previous measurement (the sample time is the measurement
 * interval, irregular allowed); at the first sample there is no integral step and no
 * derivative. The integral is held in output units, so gains can be changed without a
 * bump. Anti-windup (integrator windup when u saturates):
 * - `'conditional-integration'` (default; "clamping", Åström & Hägglund §3.5): the integral
 *   step is skipped when the output is saturated and the error would drive it further
 *   into saturation;
 * - `'back-calculation'` (Åström & Hägglund §3.5): I_k = I_{k−1} + Δt·(Ki·e_k + (u_{k−1} −
 *   v_{k−1})/Tt), the saturation excess of the previous sample bleeding the integral with
 *   tracking time Tt (default √(Ti·Td), or Ti = Kp/Ki when there is no derivative);
 * - `'none'`: plain integration (for comparison).
 *
 * **Warfarin** ({@link WarfarinPidPolicy}): the measured INR is the controlled variable
 * (setpoint 2.5), the daily dose the output. The controller updates only on mornings with
 * an INR measurement and the dose is held between measurements. Starting dose (the bias):
 * the IWPC 2009 pharmacogenetic dose of the patient (agents/clinical/iwpc.ts), so PID
 * titrates from the same start as `iwpc-pg+nomogram`. Gains scale with the starting dose
 * (a patient needing 2 mg/day gets proportionally smaller corrections than one needing
 * 8): Kp = kp·bias mg per INR unit, Ki = ki·bias mg per INR·day, Kd = kd·bias mg·day per
 * INR. Output limits 0–15 mg (the action set); the dose is rounded to 0.5 mg.
 * Default gains ({@link WARFARIN_PID_DEFAULTS}) were chosen by a coarse grid search on
 * training seeds (10 000…10 199) disjoint from the evaluation seeds of the tests.
 */
import { InputError } from '../../core/errors.js';
import type { Patient } from '../../genomics/patient.js';
import { initialDose } from '../clinical/protocols.js';
import type { PolicyContext } from '../policy.js';
import { WARFARIN_TARGET_INR, WarfarinController } from './warfarin-controller.js';

/** How the integral is kept from winding up while the output saturates. */
export type AntiWindup = 'conditional-integration' | 'back-calculation' | 'none';

/** PID configuration (units: output per measurement unit, time in the caller's unit). */
export interface PidConfig {
  /** Proportional gain Kp. */
  kp: number;
  /** Integral gain Ki (per time unit). */
  ki: number;
  /** Derivative gain Kd (times time unit). */
  kd: number;
  /** Setpoint r. */
  setpoint: number;
  /** Output limits. */
  outputMin: number;
  outputMax: number;
  /** Output with zero error and zero integral (feed-forward / operating point); default 0. */
  bias?: number;
  /** Default 'conditional-integration'. */
  antiWindup?: AntiWindup;
  /** Tracking time Tt of back-calculation (default: see the module doc). */
  trackingTime?: number;
}

/** Per-loop state; create with {@link createPidState}, clear with {@link resetPidState}. */
export interface PidState {
  /** Integral term I (output units). */
  integral: number;
  /** Previous measurement (NaN before the first sample). */
  previousMeasurement: number;
  /** Saturation excess u − v of the previous sample (back-calculation). */
  saturationExcess: number;
  /** Last output u. */
  output: number;
}

export function createPidState(): PidState {
  return { integral: 0, previousMeasurement: Number.NaN, saturationExcess: 0, output: 0 };
}

export function resetPidState(state: PidState): void {
  state.integral = 0;
  state.previousMeasurement = Number.NaN;
  state.saturationExcess = 0;
  state.output = 0;
}

/**
 * Check a PID configuration.
 * @throws InputError naming the field for negative or non-finite gains, or outputMin > outputMax
 */
export function checkPidConfig(c: PidConfig): void {
  for (const key of ['kp', 'ki', 'kd'] as const) {
    if (!(c[key] >= 0) || !Number.isFinite(c[key])) throw new InputError(`PID: ${key} must be a finite number ≥ 0, got ${String(c[key])}`, key);
  }
  if (!Number.isFinite(c.setpoint)) throw new InputError(`PID: setpoint must be finite, got ${String(c.setpoint)}`, 'setpoint');
  if (!(c.outputMin <= c.outputMax)) throw new InputError(`PID: outputMin (${c.outputMin}) must not exceed outputMax (${c.outputMax})`, 'outputMin');
  if (c.trackingTime !== undefined && !(c.trackingTime > 0)) throw new InputError(`PID: trackingTime must be > 0, got ${String(c.trackingTime)}`, 'trackingTime');
}

function trackingTime(c: PidConfig): number {
  if (c.trackingTime !== undefined) return c.trackingTime;
  const ti = c.ki > 0 ? c.kp / c.ki : Number.POSITIVE_INFINITY;
  const td = c.kp > 0 ? c.kd / c.kp : 0;
  const tt = td > 0 ? Math.sqrt(ti * td) : ti;
  return Number.isFinite(tt) && tt > 0 ? tt : 1;
}

/**
 * One PID sample: measurement `y` taken `dt` after the previous one (ignored at the first
 * sample). Updates `state` and returns the saturated output u (see the module doc).
 * @example
 * const s = createPidState();
 * pidUpdate({ kp: 2, ki: 0, kd: 0, setpoint: 1, outputMin: -10, outputMax: 10 }, s, 0, 1); // 2
 */
export function pidUpdate(c: PidConfig, state: PidState, y: number, dt: number): number {
  const first = Number.isNaN(state.previousMeasurement);
  const e = c.setpoint - y;
  const p = c.kp * e;
  const d = first || !(dt > 0) ? 0 : (-c.kd * (y - state.previousMeasurement)) / dt;
  const bias = c.bias ?? 0;
  const mode = c.antiWindup ?? 'conditional-integration';
  let integral = state.integral;
  if (!first && dt > 0) {
    if (mode === 'back-calculation') {
      integral += dt * (c.ki * e + state.saturationExcess / trackingTime(c));
    } else {
      const candidate = integral + c.ki * e * dt;
      const v = bias + p + candidate + d;
      const windsUp = (v > c.outputMax && c.ki * e > 0) || (v < c.outputMin && c.ki * e < 0);
      if (mode === 'none' || !windsUp) integral = candidate;
    }
  }
  const v = bias + p + integral + d;
  const u = Math.min(c.outputMax, Math.max(c.outputMin, v));
  state.integral = integral;
  state.previousMeasurement = y;
  state.saturationExcess = u - v;
  state.output = u;
  return u;
}

/** Gains of the warfarin PID, relative to the starting dose (see the module doc). */
export interface WarfarinPidOptions {
  /** Kp / starting dose (1/INR). */
  kp: number;
  /** Ki / starting dose (1/(INR·day)). */
  ki: number;
  /** Kd / starting dose (day/INR). */
  kd: number;
  /** Setpoint INR (default 2.5). */
  setpoint: number;
  antiWindup: AntiWindup;
}

/** Default warfarin PID tuning (grid search on training seeds; see the module doc). */
export const WARFARIN_PID_DEFAULTS: Readonly<WarfarinPidOptions> = Object.freeze({
  kp: 0.4,
  ki: 0.08,
  kd: 0.3,
  setpoint: WARFARIN_TARGET_INR,
  antiWindup: 'conditional-integration',
});

/** Output limits of the warfarin PID (mg/day): the action set. */
const DOSE_MIN_MG = 0;
const DOSE_MAX_MG = 15;

/** The warfarin PID policy `pid` (see the module doc). */
export class WarfarinPidPolicy extends WarfarinController {
  readonly options: Readonly<WarfarinPidOptions>;
  private readonly configs: PidConfig[];
  private readonly states: PidState[];
  private readonly lastMeasuredDay: Float64Array;

  constructor(ctx: PolicyContext, options: Partial<WarfarinPidOptions> = {}) {
    super('pid', ctx);
    this.options = { ...WARFARIN_PID_DEFAULTS, ...options };
    const o = this.options;
    this.configs = Array.from({ length: this.numEnvs }, () => ({
      kp: o.kp, ki: o.ki, kd: o.kd, setpoint: o.setpoint, outputMin: DOSE_MIN_MG, outputMax: DOSE_MAX_MG, bias: 0, antiWindup: o.antiWindup,
    }));
    checkPidConfig(this.configs[0] ?? { ...o, outputMin: 0, outputMax: 1 });
    this.states = Array.from({ length: this.numEnvs }, createPidState);
    this.lastMeasuredDay = new Float64Array(this.numEnvs);
  }

  protected startEpisode(i: number, patient: Patient): void {
    const start = initialDose('iwpc-pg', patient).dailyDoseMg;
    const c = this.configs[i]!;
    const o = this.options;
    c.bias = start;
    c.kp = o.kp * start;
    c.ki = o.ki * start;
    c.kd = o.kd * start;
    resetPidState(this.states[i]!);
    this.states[i]!.output = start;
    this.lastMeasuredDay[i] = Number.NaN;
  }

  protected chooseDose(i: number, day: number, measuredInr: number | null): number {
    const state = this.states[i]!;
    if (measuredInr === null) return state.output; // hold between measurements
    const dt = Number.isNaN(this.lastMeasuredDay[i]!) ? 0 : day - this.lastMeasuredDay[i]!;
    this.lastMeasuredDay[i] = day;
    return pidUpdate(this.configs[i]!, state, measuredInr, dt);
  }
}
