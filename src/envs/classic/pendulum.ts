/**
 * Pendulum-v1: a port of Gymnasium's `gymnasium/envs/classic_control/pendulum.py`.
 *
 * An inverted pendulum swings up from a random angle. State: angle θ (0 = upright) and
 * angular velocity θ̇. Action: torque u ∈ [−2, 2] N·m, shape [1]. Each step (dt = 0.05 s):
 *
 * ```
 * u       = clip(u, −2, 2)
 * cost    = angle_normalize(θ)² + 0.1·θ̇² + 0.001·u²       (reward = −cost, uses the old state)
 * θ̇'     = clip(θ̇ + (3g/(2l)·sin θ + 3/(m·l²)·u)·dt, −8, 8)
 * θ'      = θ + θ̇'·dt                                      (semi-implicit Euler)
 * ```
 * with g = 10, m = 1, l = 1 and `angle_normalize(x) = ((x + π) mod 2π) − π` (Python's
 * floored mod). Observation (float32): `[cos θ, sin θ, θ̇]` in `[−1, 1] × [−1, 1] × [−8, 8]`.
 * Reset: θ ~ U[−π, π), θ̇ ~ U[−1, 1). The env never terminates; `make` truncates it at
 * 200 steps.
 *
 * **Clipping.** Like Gymnasium, the env clips the torque to ±2 itself, so a slightly
 * out-of-range action (e.g. Gaussian policy noise) is accepted and clipped; this is the
 * one exception to "out-of-space actions are an error". Non-finite or wrongly shaped
 * actions are an InputError.
 *
 * Arithmetic is float64 throughout (NumPy 2 would evaluate the `u` terms in float32
 * under NEP 50; the difference is below float32 observation precision).
 */
import { InputError, StateError } from '../../core/errors.js';
import { RandomStream } from '../../core/random.js';
import type { Env, EnvMetadata, EnvSpec, ResetOptions, ResetResult, StepResult } from '../core.js';
import { Box } from '../spaces/box.js';

/** Constants of Gymnasium's `PendulumEnv` (g is its constructor default). */
export const PENDULUM = Object.freeze({
  /** Maximum angular speed, rad/s. */
  maxSpeed: 8,
  /** Maximum torque, N·m. */
  maxTorque: 2.0,
  /** Time step, s. */
  dt: 0.05,
  /** Gravitational acceleration, m/s². */
  g: 10.0,
  /** Mass, kg. */
  m: 1.0,
  /** Length, m. */
  l: 1.0,
  /** Reset bounds: θ ∈ [−π, π), θ̇ ∈ [−1, 1). */
  resetTheta: Math.PI,
  resetThetaDot: 1.0,
  /** Step limit applied by the registry (Pendulum-v1). */
  maxEpisodeSteps: 200,
});

/** Name of the random stream that draws initial states (forked from the seed's root). */
export const PENDULUM_RESET_STREAM = 'pendulum/initial-state';

/**
 * Gymnasium's `angle_normalize`: `((x + π) % (2π)) − π` with Python's floored `%`, so the
 * result is in [−π, π).
 * @example angleNormalize(3 * Math.PI / 2) // ≈ −π/2
 */
export function angleNormalize(x: number): number {
  const period = 2 * Math.PI;
  let r = (x + Math.PI) % period; // JS % truncates: same sign as the dividend
  if (r !== 0 && r < 0) r += period; // Python's float mod takes the divisor's sign
  return r - Math.PI;
}

export interface PendulumOptions {
  /** Gravitational acceleration, m/s² (Gymnasium's `g` keyword; default 10). */
  g?: number;
}

/** The single Pendulum-v1 env. Its observation is a new Float32Array on every call. */
export class PendulumEnv implements Env<Float32Array, Float32Array | readonly number[]> {
  readonly observationSpace = new Box([-1, -1, -PENDULUM.maxSpeed], [1, 1, PENDULUM.maxSpeed]);
  readonly actionSpace = new Box([-PENDULUM.maxTorque], [PENDULUM.maxTorque]);
  readonly metadata: EnvMetadata = {
    renderModes: [],
    observationLabels: ['cosTheta', 'sinTheta', 'thetaDot'],
    actionLabels: ['torque'],
    source: 'Gymnasium 1.x gymnasium/envs/classic_control/pendulum.py',
  };
  spec: EnvSpec | undefined = undefined;
  /** Gravitational acceleration used by this env. */
  readonly g: number;

  private th = 0;
  private thDot = 0;
  /** Last applied (clipped) torque, as Gymnasium's `last_u`; undefined before the first step. */
  lastU: number | undefined = undefined;
  private rng: RandomStream | undefined;
  private phase: 'new' | 'running' | 'closed' = 'new';

  constructor(options: PendulumOptions = {}) {
    const g = options.g ?? PENDULUM.g;
    if (!Number.isFinite(g)) throw new InputError(`g must be a finite number, got ${String(g)}`, 'g');
    this.g = g;
  }

  reset(options: ResetOptions = {}): ResetResult<Float32Array> {
    if (this.phase === 'closed') throw new StateError('PendulumEnv.reset called after close()');
    if (options.seed !== undefined) this.rng = RandomStream.fromSeed(options.seed).fork(PENDULUM_RESET_STREAM);
    else if (this.rng === undefined) this.rng = RandomStream.fromSeed(0).fork(PENDULUM_RESET_STREAM);
    this.th = this.rng.uniformRange(-PENDULUM.resetTheta, PENDULUM.resetTheta);
    this.thDot = this.rng.uniformRange(-PENDULUM.resetThetaDot, PENDULUM.resetThetaDot);
    this.lastU = undefined;
    this.phase = 'running';
    return { observation: this.observe(), info: {} };
  }

  step(action: Float32Array | readonly number[]): StepResult<Float32Array> {
    if (this.phase !== 'running') {
      throw new StateError(`PendulumEnv.step called ${this.phase === 'new' ? 'before reset()' : 'after close()'}`);
    }
    if (action === null || typeof action !== 'object' || action.length !== 1 || !Number.isFinite(action[0])) {
      throw new InputError(`Pendulum action must be a finite torque of shape [1], got ${String(action)}`, 'action');
    }
    const { maxTorque, maxSpeed, dt, m, l } = PENDULUM;
    const g = this.g;
    const th = this.th;
    const thDot = this.thDot;
    const u = Math.min(Math.max(action[0]!, -maxTorque), maxTorque);
    this.lastU = u;
    const an = angleNormalize(th);
    const cost = an * an + 0.1 * (thDot * thDot) + 0.001 * (u * u);
    let newThDot = thDot + ((3 * g) / (2 * l) * Math.sin(th) + (3.0 / (m * (l * l))) * u) * dt;
    newThDot = Math.min(Math.max(newThDot, -maxSpeed), maxSpeed);
    this.th = th + newThDot * dt;
    this.thDot = newThDot;
    return { observation: this.observe(), reward: -cost, terminated: false, truncated: false, info: {} };
  }

  close(): void {
    this.phase = 'closed';
  }

  /** The float64 internal state `[theta, thetaDot]` (a copy), for tests and debugging. */
  getState(): Float64Array {
    return Float64Array.of(this.th, this.thDot);
  }

  private observe(): Float32Array {
    return Float32Array.of(Math.cos(this.th), Math.sin(this.th), this.thDot);
  }
}
