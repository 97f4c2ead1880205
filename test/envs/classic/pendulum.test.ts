/**
 * Pendulum-v1 against Gymnasium's pendulum.py: max_speed 8, max_torque 2, dt 0.05, g 10,
 * m 1, l 1; reward −(angle_normalize(θ)² + 0.1·θ̇² + 0.001·u²); semi-implicit update.
 */
import { describe, expect, it } from 'vitest';
import { InputError, StateError } from '../../../src/core/errors.js';
import { PENDULUM, PendulumEnv, angleNormalize } from '../../../src/envs/classic/pendulum.js';
import '../../../src/envs/classic/register.js';
import { make, spec } from '../../../src/envs/registry.js';

/** Gymnasium PendulumEnv.step written independently, with the constants as literals. */
function referenceStep(th: number, thdot: number, action: number, g = 10.0) {
  const m = 1.0;
  const l = 1.0;
  const dt = 0.05;
  const u = Math.min(Math.max(action, -2.0), 2.0);
  // angle_normalize with CPython's float `%` (float_rem: fmod, then add the divisor when the signs differ).
  let mod = (th + Math.PI) % (2 * Math.PI);
  if (mod < 0) mod += 2 * Math.PI;
  const norm = mod - Math.PI;
  const costs = norm ** 2 + 0.1 * thdot ** 2 + 0.001 * u ** 2;
  let newthdot = thdot + ((3 * g) / (2 * l) * Math.sin(th) + (3.0 / (m * l ** 2)) * u) * dt;
  newthdot = Math.min(Math.max(newthdot, -8), 8);
  const newth = th + newthdot * dt;
  return { th: newth, thdot: newthdot, reward: -costs };
}

describe('angleNormalize (Python floored mod)', () => {
  it('maps angles into [−π, π)', () => {
    expect(angleNormalize(0)).toBe(0);
    expect(angleNormalize((3 * Math.PI) / 2)).toBeCloseTo(-Math.PI / 2, 14);
    expect(angleNormalize((-3 * Math.PI) / 2)).toBeCloseTo(Math.PI / 2, 14);
    expect(angleNormalize(Math.PI)).toBe(-Math.PI); // (2π mod 2π) − π
    expect(angleNormalize(-Math.PI)).toBe(-Math.PI);
    expect(angleNormalize(7)).toBeCloseTo(7 - 2 * Math.PI, 14);
    expect(angleNormalize(-7)).toBeCloseTo(-7 + 2 * Math.PI, 14);
  });
});

describe('PendulumEnv', () => {
  it('has Gymnasium spaces: obs Box(−[1,1,8], [1,1,8]) float32, action Box(−2, 2, (1,))', () => {
    const env = new PendulumEnv();
    expect(Array.from(env.observationSpace.high)).toEqual([1, 1, 8]);
    expect(Array.from(env.observationSpace.low)).toEqual([-1, -1, -8]);
    expect(Array.from(env.actionSpace.low)).toEqual([-2]);
    expect(Array.from(env.actionSpace.high)).toEqual([2]);
    expect(PENDULUM.maxEpisodeSteps).toBe(200);
    expect(spec('dosegym/Pendulum-v1').maxEpisodeSteps).toBe(200);
  });

  it('follows the reference equations for a fixed torque sequence, with obs [cos θ, sin θ, θ̇]', () => {
    const env = new PendulumEnv();
    env.reset({ seed: 21 });
    let [th, thdot] = Array.from(env.getState()) as [number, number];
    expect(Math.abs(th)).toBeLessThanOrEqual(Math.PI);
    expect(Math.abs(thdot)).toBeLessThanOrEqual(1);
    const torques = [2, -2, 0.5, 3.7, -9, 0, 1.25, -0.75, 2, 2];
    for (const u of torques) {
      const r = env.step([u]);
      const e = referenceStep(th, thdot, u);
      th = e.th;
      thdot = e.thdot;
      expect(r.reward).toBe(e.reward);
      expect(Array.from(env.getState())).toEqual([th, thdot]);
      expect(r.observation).toEqual(Float32Array.of(Math.cos(th), Math.sin(th), thdot));
      expect(r.terminated).toBe(false);
      expect(r.truncated).toBe(false);
    }
    expect(env.lastU).toBe(2);
  });

  it('first-step reward is −(θ² + 0.1·θ̇² + 0.001·u²) of the drawn state (|θ| < π, so no wrapping)', () => {
    const env = new PendulumEnv();
    env.reset({ seed: 4 });
    const [th, thdot] = Array.from(env.getState()) as [number, number];
    const r = env.step(Float32Array.of(1));
    // cost = normalised θ² + 0.1·θ̇² + 0.001·1²
    expect(Math.abs(th)).toBeLessThan(Math.PI);
    expect(r.reward).toBeCloseTo(-(th * th + 0.1 * thdot * thdot + 0.001), 12);
  });

  it('clips torque to ±2 (Gymnasium np.clip) and speed to ±8', () => {
    // With g = 0 and u = 2 the speed grows by 3/(m·l²)·u·dt = 6·0.05 = 0.3 rad/s per step until clipped at 8.
    const env = new PendulumEnv({ g: 0 });
    env.reset({ seed: 2 });
    const thdot0 = env.getState()[1]!;
    const same = new PendulumEnv({ g: 0 });
    same.reset({ seed: 2 });
    for (let k = 1; k <= 40; k++) {
      env.step([5]); // clipped to 2
      same.step([2]);
      const thdot = env.getState()[1]!;
      expect(thdot).toBe(same.getState()[1]);
      expect(thdot).toBeCloseTo(Math.min(thdot0 + 0.3 * k, 8), 10);
    }
    expect(env.getState()[1]).toBe(8);
  });

  it('draws θ ∈ [−π, π) and θ̇ ∈ [−1, 1) on reset; reproducible under a seed', () => {
    const env = new PendulumEnv();
    let maxTh = 0;
    let maxThdot = 0;
    for (let seed = 0; seed < 300; seed++) {
      env.reset({ seed });
      const [th, thdot] = env.getState();
      maxTh = Math.max(maxTh, Math.abs(th!));
      maxThdot = Math.max(maxThdot, Math.abs(thdot!));
    }
    expect(maxTh).toBeLessThanOrEqual(Math.PI);
    expect(maxTh).toBeGreaterThan(3.0);
    expect(maxThdot).toBeLessThanOrEqual(1);
    expect(maxThdot).toBeGreaterThan(0.95);
    expect(new PendulumEnv().reset({ seed: 8 }).observation).toEqual(new PendulumEnv().reset({ seed: 8 }).observation);
  });

  it('is truncated at 200 steps by make, never terminated', () => {
    const env = make<Float32Array, Float32Array>('dosegym/Pendulum-v1');
    env.reset({ seed: 0 });
    const u = Float32Array.of(0);
    for (let t = 1; t <= 200; t++) {
      const r = env.step(u);
      expect(r.terminated).toBe(false);
      expect(r.truncated).toBe(t === 200);
    }
  });

  it('rejects non-finite or wrongly shaped actions and steps before reset', () => {
    const env = new PendulumEnv();
    expect(() => env.step([0])).toThrow(StateError);
    env.reset();
    expect(() => env.step([Number.NaN])).toThrow(InputError);
    expect(() => env.step([0, 1])).toThrow(InputError);
    expect(() => make('dosegym/Pendulum-v1', { gravity: 9.81 })).toThrow(InputError);
  });
});
