/**
 * CartPole-v1: a port of Gymnasium's `gymnasium/envs/classic_control/cartpole.py`
 * (Barto, Sutton & Anderson 1983, "Neuronlike adaptive elements that can solve difficult
 * learning control problems"; equations from Florian 2007, "Correct equations for the
 * dynamics of the cart-pole system").
 *
 * A pole is hinged on a cart that moves along a frictionless track. Action 0 pushes the
 * cart left with 10 N, action 1 pushes it right. Reward is +1 for every step, including
 * the step on which the episode terminates. The episode terminates when the pole leans
 * more than 12° or the cart leaves ±2.4; `make` truncates it at 500 steps (reward
 * threshold 475), as Gymnasium registers CartPole-v1.
 *
 * Observation (float32): `[x, xDot, theta, thetaDot]`, bounds `±[4.8, ∞, 24°, ∞]` (twice
 * the termination thresholds, as Gymnasium). The internal state is float64, as in
 * Gymnasium, and rounded to float32 only in the observation.
 *
 * The dynamics live in {@link cartPoleStepKernel}, which works on structure-of-arrays
 * state at index i. The single env is a batch of one over that kernel and
 * {@link CartPoleVectorEnv} a batch of N, so both produce bit-identical numbers for the
 * same seeds.
 *
 * Departure from Gymnasium: stepping after termination without `reset` is a StateError
 * (Gymnasium warns and returns reward 0).
 */
import { InputError, StateError } from '../../core/errors.js';
import { RandomStream } from '../../core/random.js';
import type { Env, EnvMetadata, EnvSpec, Info, ResetOptions, ResetResult, StepResult } from '../core.js';
import { Box } from '../spaces/box.js';
import { Discrete } from '../spaces/discrete.js';

/** Physical and task constants, exactly as in Gymnasium's `CartPoleEnv.__init__`. */
export const CARTPOLE = Object.freeze({
  /** Gravitational acceleration, m/s². */
  gravity: 9.8,
  /** Cart mass, kg. */
  massCart: 1.0,
  /** Pole mass, kg. */
  massPole: 0.1,
  /** masspole + masscart, kg. */
  totalMass: 0.1 + 1.0,
  /** Half the pole's length, m (Gymnasium's `length`). */
  length: 0.5,
  /** masspole × length, kg·m. */
  poleMassLength: 0.1 * 0.5,
  /** Magnitude of the push, N. */
  forceMag: 10.0,
  /** Seconds between state updates. */
  tau: 0.02,
  /** Pole angle beyond which the episode terminates, rad (12°, written as in Gymnasium). */
  thetaThresholdRadians: (12 * 2 * Math.PI) / 360,
  /** Cart position beyond which the episode terminates, m. */
  xThreshold: 2.4,
  /** Initial state components are drawn uniformly from [−resetBound, resetBound). */
  resetBound: 0.05,
  /** Step limit applied by the registry (CartPole-v1). */
  maxEpisodeSteps: 500,
  /** Return at which CartPole-v1 counts as solved. */
  rewardThreshold: 475,
});

/** Name of the random stream that draws initial states (forked from the seed's root). */
export const CARTPOLE_RESET_STREAM = 'cartpole/initial-state';

/** The random stream a CartPole (sub-)env seeded with `seed` draws its initial states from. */
export function cartPoleStream(seed: number): RandomStream {
  return RandomStream.fromSeed(seed).fork(CARTPOLE_RESET_STREAM);
}

/** CartPole's observation space: Box(−high, high) float32, high = [4.8, ∞, 24° in rad, ∞]. */
export function cartPoleObservationSpace(): Box {
  const high = [
    CARTPOLE.xThreshold * 2,
    Number.POSITIVE_INFINITY,
    CARTPOLE.thetaThresholdRadians * 2,
    Number.POSITIVE_INFINITY,
  ];
  return new Box(
    high.map((h) => -h),
    high,
  );
}

/**
 * Draw an initial state into index i: x, xDot, theta, thetaDot each uniform in
 * [−0.05, 0.05), drawn in that order (Gymnasium: `np_random.uniform(low, high, size=(4,))`).
 */
export function cartPoleResetKernel(
  rng: RandomStream,
  x: Float64Array,
  xDot: Float64Array,
  theta: Float64Array,
  thetaDot: Float64Array,
  i: number,
): void {
  const b = CARTPOLE.resetBound;
  x[i] = rng.uniformRange(-b, b);
  xDot[i] = rng.uniformRange(-b, b);
  theta[i] = rng.uniformRange(-b, b);
  thetaDot[i] = rng.uniformRange(-b, b);
}

/**
 * Advance the state at index i by one step (Gymnasium's `step`, euler integrator) and
 * return whether the new state is terminal. `action` must be 0 (push left) or 1 (right).
 *
 * ```
 * temp     = (F + m_p·l·θ̇²·sin θ) / (m_c + m_p)
 * θ̈       = (g·sin θ − cos θ·temp) / (l·(4/3 − m_p·cos²θ / (m_c + m_p)))
 * ẍ        = temp − m_p·l·θ̈·cos θ / (m_c + m_p)
 * x ← x + τ·ẋ;  ẋ ← ẋ + τ·ẍ;  θ ← θ + τ·θ̇;  θ̇ ← θ̇ + τ·θ̈
 * ```
 * The operations are in Gymnasium's order so float64 results match it.
 */
export function cartPoleStepKernel(
  x: Float64Array,
  xDot: Float64Array,
  theta: Float64Array,
  thetaDot: Float64Array,
  i: number,
  action: number,
): boolean {
  const c = CARTPOLE;
  const th = theta[i]!;
  const thDot = thetaDot[i]!;
  const xd = xDot[i]!;
  const force = action === 1 ? c.forceMag : -c.forceMag;
  const cosTheta = Math.cos(th);
  const sinTheta = Math.sin(th);
  const temp = (force + c.poleMassLength * (thDot * thDot) * sinTheta) / c.totalMass;
  const thetaAcc =
    (c.gravity * sinTheta - cosTheta * temp) /
    (c.length * (4.0 / 3.0 - (c.massPole * (cosTheta * cosTheta)) / c.totalMass));
  const xAcc = temp - (c.poleMassLength * thetaAcc * cosTheta) / c.totalMass;
  const newX = x[i]! + c.tau * xd;
  const newTheta = th + c.tau * thDot;
  x[i] = newX;
  xDot[i] = xd + c.tau * xAcc;
  theta[i] = newTheta;
  thetaDot[i] = thDot + c.tau * thetaAcc;
  return (
    newX < -c.xThreshold ||
    newX > c.xThreshold ||
    newTheta < -c.thetaThresholdRadians ||
    newTheta > c.thetaThresholdRadians
  );
}

/** Throw unless `action` is 0 or 1. */
export function checkCartPoleAction(action: unknown, field = 'action'): void {
  if (action !== 0 && action !== 1) {
    throw new InputError(`CartPole action must be 0 (left) or 1 (right), got ${String(action)}`, field);
  }
}

/** The single CartPole-v1 env. Its observation is a new Float32Array on every call. */
export class CartPoleEnv implements Env<Float32Array, number> {
  readonly observationSpace = cartPoleObservationSpace();
  readonly actionSpace = new Discrete(2);
  readonly metadata: EnvMetadata = {
    renderModes: [],
    observationLabels: ['x', 'xDot', 'theta', 'thetaDot'],
    observationUnits: ['m', 'm/s', 'rad', 'rad/s'],
    source: 'Gymnasium 1.x gymnasium/envs/classic_control/cartpole.py',
  };
  spec: EnvSpec | undefined = undefined;

  /** State as structure of arrays of length 1 (the kernel's layout). */
  private readonly x = new Float64Array(1);
  private readonly xDot = new Float64Array(1);
  private readonly theta = new Float64Array(1);
  private readonly thetaDot = new Float64Array(1);
  private rng: RandomStream | undefined;
  private phase: 'new' | 'running' | 'terminated' | 'closed' = 'new';

  reset(options: ResetOptions = {}): ResetResult<Float32Array> {
    if (this.phase === 'closed') throw new StateError('CartPoleEnv.reset called after close()');
    if (options.seed !== undefined) this.rng = cartPoleStream(options.seed);
    else if (this.rng === undefined) this.rng = cartPoleStream(0);
    cartPoleResetKernel(this.rng, this.x, this.xDot, this.theta, this.thetaDot, 0);
    this.phase = 'running';
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (this.phase !== 'running') {
      throw new StateError(`CartPoleEnv.step called ${this.phase === 'new' ? 'before reset()' : this.phase === 'closed' ? 'after close()' : 'after the episode terminated; call reset()'}`);
    }
    checkCartPoleAction(action);
    const terminated = cartPoleStepKernel(this.x, this.xDot, this.theta, this.thetaDot, 0, action);
    if (terminated) this.phase = 'terminated';
    const info: Info = {};
    return { observation: this.observe(), reward: 1, terminated, truncated: false, info };
  }

  close(): void {
    this.phase = 'closed';
  }

  /** The float64 internal state `[x, xDot, theta, thetaDot]` (a copy), for tests and debugging. */
  getState(): Float64Array {
    return Float64Array.of(this.x[0]!, this.xDot[0]!, this.theta[0]!, this.thetaDot[0]!);
  }

  private observe(): Float32Array {
    return Float32Array.of(this.x[0]!, this.xDot[0]!, this.theta[0]!, this.thetaDot[0]!);
  }
}
