/**
 * The numerical core of `dosegym/HIV-v0`: task constants of the Ernst 2006 benchmark, the
 * reward and cost, and the allocation-free integrator that advances one patient by one
 * treatment period. Shared by the single {@link HivEnv} and the native
 * {@link HivVectorEnv}, so both produce bit-identical numbers.
 *
 * **Integrator.** Classical RK4 with steps of at most h = 0.1 d (`substeps` = 50 per
 * 5-day period by default), on the model's equations written out over scalars
 * ({@link hivAdvance}; tested against `adams2004Hiv.rhs`), with a stability guard: before
 * each substep the fastest decay rate is bounded by the largest diagonal entry of the
 * Jacobian (e.g. c + k1·T1 + k2·T2 for V, d2 + k2·V for T2) and the substep is shortened
 * so that h·rate ≤ {@link HIV_STABILITY_LIMIT} = 2 (RK4 is stable on the real axis for
 * h·rate < 2.785). Why this and not a stiff solver: at the equilibria the fastest rate is
 * ≈ 13.8 d⁻¹, so the guard is idle and the step is 0.1 d; after a treatment interruption
 * the virus rebounds and k2·V can exceed 20 d⁻¹ for a few days — plain RK4 at 0.1 d then
 * diverges (seen with a switching policy), the guard shortens just those substeps.
 *
 * **Accuracy** (test/envs/hiv/hiv-accuracy.test.ts), returns over 200-step episodes against
 * Radau (scipy, rtol = atol = 1e-12) and dopri5 (rtol 1e-11): < 1e-8 relative for the four
 * constant policies, 2.3e-7 for a policy switching nearly every step, < 1e-5 for random
 * action sequences (largest measured 4.4e-6) — all within the 1e-4 asked for. The step
 * sequence depends only on the state, so a batch of patients is exactly reproducible.
 */
import { NumericalError } from '../../core/errors.js';
import type { RandomStream } from '../../core/random.js';
import { adams2004Hiv, HIV_PARAM, HIV_PARAM_COUNT, HIV_STATE_COUNT, HIV_UNHEALTHY_STATE } from '../../pkpd/models/adams2004-hiv.js';

/** Task constants of the Ernst 2006 benchmark (reference §6). */
export const HIV_TASK = Object.freeze({
  /** Days per action (one treatment period). */
  stepDays: 5,
  /** Steps per episode (1000 days), as rlpy: registered as the TimeLimit. */
  maxEpisodeSteps: 200,
  /** Reward weight on the viral load, per virion/mL. */
  Q: 0.1,
  /** Reward weight on ε1². */
  R1: 20_000,
  /** Reward weight on ε2². */
  R2: 2_000,
  /** Reward weight on the immune effectors, per cell/mL. */
  S: 1_000,
  /** Default RK4 substeps per period (h = 0.1 d). */
  substeps: 50,
  /**
   * Safety threshold on total CD4⁺ T cells T1 + T1*: 2·10⁵ cells/mL = 200 cells/µL, the
   * CDC AIDS-defining CD4 count. `info.cost` is 1 on a step that ends below it.
   */
  cd4CostThreshold: 2e5,
});

/** ε1 (RTI efficacy) of actions 0..3: none, RTI, PI, both (Ernst 2006). */
export const HIV_ACTION_EPS1: readonly number[] = Object.freeze([0, 0.7, 0, 0.7]);
/** ε2 (PI efficacy) of actions 0..3. */
export const HIV_ACTION_EPS2: readonly number[] = Object.freeze([0, 0, 0.3, 0.3]);
/** Human-readable action names. */
export const HIV_ACTION_LABELS: readonly string[] = Object.freeze(['no drug', 'RTI only (ε1 = 0.7)', 'PI only (ε2 = 0.3)', 'RTI + PI']);

/** Largest h·rate a substep may take (RK4 is stable on the real axis for h·rate < 2.785). */
export const HIV_STABILITY_LIMIT = 2.0;

/** Names of the random streams forked from a (sub-)env's seed. */
export const HIV_PARAMETER_STREAM = 'hiv/parameters';
export const HIV_NOISE_STREAM = 'hiv/observation-noise';

/** Observations below this are floored before log10 (states are positive in exact arithmetic). */
export const HIV_LOG_FLOOR = 1e-10;

/**
 * Ernst 2006 reward of a step, on the state at the END of the period:
 * r = −(Q·V + R1·ε1² + R2·ε2² − S·E).
 * @example hivReward(63_919, 24, 0, 0) // 17 608.1 (the unhealthy state, no drug)
 */
export function hivReward(V: number, E: number, eps1: number, eps2: number): number {
  const t = HIV_TASK;
  return -(t.Q * V + t.R1 * eps1 * eps1 + t.R2 * eps2 * eps2 - t.S * E);
}

/** Safety cost of a step: 1 when total CD4 (T1 + T1*) ends below 2·10⁵ cells/mL, else 0. */
export function hivCost(T1: number, T1I: number): number {
  return T1 + T1I < HIV_TASK.cd4CostThreshold ? 1 : 0;
}

/** True when `a` is an action of HIV-v0 (an integer 0..3). */
export function isHivAction(a: unknown): a is 0 | 1 | 2 | 3 {
  return a === 0 || a === 1 || a === 2 || a === 3;
}

/**
 * Advance `x` (6 states) in place by `days` with RK4 under parameters `p` (22, with
 * eps1/eps2 set): substeps of days/minSubsteps, shortened where the stability guard asks
 * (see the module doc). Returns the number of substeps taken.
 *
 * The hot loop works on scalars only: the Adams 2004 equations (adams2004-hiv.ts) are
 * written out once, inside a loop over the four RK4 stages, over parameters loaded into
 * locals once per call. Nothing is allocated. test/envs/hiv/hiv-kernel.test.ts checks one
 * substep against textbook RK4 over `adams2004Hiv.rhs`.
 */
export function hivAdvance(x: Float64Array, p: Float64Array, days: number, minSubsteps: number): number {
  const P = HIV_PARAM;
  const eps1 = p[P.eps1]!;
  const l1 = p[P.lambda1]!, d1 = p[P.d1]!, l2 = p[P.lambda2]!, d2 = p[P.d2]!;
  const k1e = (1 - eps1) * p[P.k1]!; // (1 − ε1)·k1
  const k2e = (1 - p[P.f]! * eps1) * p[P.k2]!; // (1 − f·ε1)·k2
  const delta = p[P.delta]!, m1 = p[P.m1]!, m2 = p[P.m2]!;
  const burst = (1 - p[P.eps2]!) * p[P.NT]! * delta; // infectious virions per infected-cell death
  const c = p[P.c]!, rho1 = p[P.rho1]!, rho2 = p[P.rho2]!;
  const lE = p[P.lambdaE]!, bE = p[P.bE]!, Kb = p[P.Kb]!, dE = p[P.dE]!, Kd = p[P.Kd]!, deltaE = p[P.deltaE]!;

  const hMax = days / minSubsteps;
  let T1 = x[0]!, T2 = x[1]!, I1 = x[2]!, I2 = x[3]!, V = x[4]!, E = x[5]!;
  let t = 0;
  let count = 0;
  while (t < days) {
    // Stability guard: the largest diagonal Jacobian entry at the substep's start.
    const rate = Math.max(d1 + k1e * V, d2 + k2e * V, delta + (m1 > m2 ? m1 : m2) * E, c + (rho1 * k1e * T1 + rho2 * k2e * T2), bE + dE + deltaE);
    let h = hMax * rate > HIV_STABILITY_LIMIT ? HIV_STABILITY_LIMIT / rate : hMax;
    const remaining = days - t;
    if (h >= remaining * (1 - 1e-9)) h = remaining; // last substep ends exactly at `days`
    const half = 0.5 * h;
    const sixth = h / 6;
    // Stage input y, weighted sum of the stage derivatives acc (weights 1, 2, 2, 1).
    let yT1 = T1, yT2 = T2, yI1 = I1, yI2 = I2, yV = V, yE = E;
    let aT1 = 0, aT2 = 0, aI1 = 0, aI2 = 0, aV = 0, aE = 0;
    for (let stage = 0; stage < 4; stage++) {
      const k1T1 = k1e * yT1;
      const k2T2 = k2e * yT2;
      const infection1 = k1T1 * yV;
      const infection2 = k2T2 * yV;
      const I = yI1 + yI2;
      const fT1 = l1 - d1 * yT1 - infection1;
      const fT2 = l2 - d2 * yT2 - infection2;
      const fI1 = infection1 - delta * yI1 - m1 * yE * yI1;
      const fI2 = infection2 - delta * yI2 - m2 * yE * yI2;
      const fV = burst * I - c * yV - (rho1 * k1T1 + rho2 * k2T2) * yV;
      // bE·I/(I+Kb) − dE·I/(I+Kd) over one division (the hot loop's only one).
      const IKb = I + Kb, IKd = I + Kd;
      const fE = lE + ((I * (bE * IKd - dE * IKb)) / (IKb * IKd) - deltaE) * yE;
      const w = stage === 0 || stage === 3 ? 1 : 2;
      aT1 += w * fT1; aT2 += w * fT2; aI1 += w * fI1; aI2 += w * fI2; aV += w * fV; aE += w * fE;
      const a = stage < 2 ? half : h; // the next stage is evaluated at x + a·f
      yT1 = T1 + a * fT1; yT2 = T2 + a * fT2; yI1 = I1 + a * fI1; yI2 = I2 + a * fI2; yV = V + a * fV; yE = E + a * fE;
    }
    T1 += sixth * aT1; T2 += sixth * aT2; I1 += sixth * aI1; I2 += sixth * aI2; V += sixth * aV; E += sixth * aE;
    t = h === remaining ? days : t + h;
    count++;
  }
  x[0] = T1; x[1] = T2; x[2] = I1; x[3] = I2; x[4] = V; x[5] = E;
  return count;
}

/**
 * Per-patient work vectors and the integrator: gathers patient i from structure-of-arrays
 * columns, advances it one period and scatters it back.
 */
export class HivStepper {
  /** Patient state, gathered. */
  readonly x = new Float64Array(HIV_STATE_COUNT);
  /** Patient parameters, gathered, with eps1/eps2 of the current action. */
  readonly p = new Float64Array(HIV_PARAM_COUNT);

  /**
   * Advance patient i of a batch of n by one period under `action`, in place. `state` holds
   * 6 columns of n (state s of patient i at s·n + i), `params` 22 columns of n (eps1/eps2
   * are overwritten from the action). `episodeStep` (1-based) dates a NumericalError.
   */
  step(state: Float64Array, params: Float64Array, n: number, i: number, action: number, substeps: number, episodeStep: number): void {
    const { x, p } = this;
    for (let s = 0; s < HIV_STATE_COUNT; s++) x[s] = state[s * n + i]!;
    for (let k = 0; k < HIV_PARAM_COUNT; k++) p[k] = params[k * n + i]!;
    p[HIV_PARAM.eps1] = HIV_ACTION_EPS1[action]!;
    p[HIV_PARAM.eps2] = HIV_ACTION_EPS2[action]!;
    hivAdvance(x, p, HIV_TASK.stepDays, substeps);
    for (let s = 0; s < HIV_STATE_COUNT; s++) {
      const v = x[s]!;
      if (!Number.isFinite(v)) {
        const where = `${n > 1 ? `sub-env ${i}, ` : ''}step ${episodeStep} (day ${episodeStep * HIV_TASK.stepDays})`;
        throw new NumericalError(`model ${adams2004Hiv.id}, ${where}: state ${adams2004Hiv.states[s]!.name} became ${v} (parameters ${Array.from(p).join(', ')})`);
      }
      state[s * n + i] = v;
    }
  }
}

/** Write the published unhealthy steady state into patient i of a batch of n. */
export function hivInitialState(state: Float64Array, n: number, i: number): void {
  for (let s = 0; s < HIV_STATE_COUNT; s++) state[s * n + i] = HIV_UNHEALTHY_STATE[s]!;
}

/** One parameter with log-normal variability: p = nominal · exp(sd · z), z ~ N(0, 1). */
export interface HivVariabilityTerm {
  /** Position in the parameter vector. */
  index: number;
  /** SD of log(p). */
  sd: number;
}

/**
 * Draw patient i's parameters (batch of n, 22 columns) from `rng`: nominal values, with
 * log-normal variability on the listed parameters, drawn in list order (the model's
 * parameter order). Without variability no numbers are drawn.
 */
export function hivSampleParameters(rng: RandomStream, variability: readonly HivVariabilityTerm[], params: Float64Array, n: number, i: number): void {
  for (let k = 0; k < HIV_PARAM_COUNT; k++) params[k * n + i] = adams2004Hiv.parameters[k]!.value;
  for (const { index, sd } of variability) params[index * n + i] = adams2004Hiv.parameters[index]!.value * Math.exp(sd * rng.normal());
}

/**
 * Write patient i's observation (6 float32 values) into `out` at `offset`: log10 of each
 * state (floored at {@link HIV_LOG_FLOOR}) or the raw state; with `noiseSd` > 0, Gaussian
 * noise of that SD is added on the log10 scale (multiplicative for raw observations),
 * drawn from `rng` in state order.
 */
export function hivWriteObservation(
  state: Float64Array,
  n: number,
  i: number,
  log10: boolean,
  noiseSd: number,
  rng: RandomStream | undefined,
  out: Float32Array,
  offset: number,
): void {
  for (let s = 0; s < HIV_STATE_COUNT; s++) {
    const v = state[s * n + i]!;
    const z = noiseSd > 0 ? noiseSd * rng!.normal() : 0;
    out[offset + s] = log10 ? Math.log10(v > HIV_LOG_FLOOR ? v : HIV_LOG_FLOOR) + z : z === 0 ? v : v * 10 ** z;
  }
}
