/**
 * CartPole-v1 against Gymnasium's cartpole.py: constants, spaces, and trajectories
 * recomputed here from the published equations (Florian 2007 / Gymnasium `step`, euler
 * integrator) with the constants written out as literals.
 */
import { describe, expect, it } from 'vitest';
import { StateError, InputError } from '../../../src/core/errors.js';
import { RandomStream } from '../../../src/core/random.js';
import { CARTPOLE, CartPoleEnv, cartPoleStepKernel } from '../../../src/envs/classic/cartpole.js';

type State = [number, number, number, number];

/** Gymnasium CartPoleEnv.step, written independently: g 9.8, mc 1.0, mp 0.1, l 0.5, F 10, τ 0.02. */
function referenceStep([x, xDot, theta, thetaDot]: State, action: number): { state: State; terminated: boolean } {
  const gravity = 9.8;
  const masscart = 1.0;
  const masspole = 0.1;
  const totalMass = masspole + masscart;
  const length = 0.5;
  const polemassLength = masspole * length;
  const force = action === 1 ? 10.0 : -10.0;
  const tau = 0.02;
  const costheta = Math.cos(theta);
  const sintheta = Math.sin(theta);
  const temp = (force + polemassLength * thetaDot ** 2 * sintheta) / totalMass;
  const thetaacc = (gravity * sintheta - costheta * temp) / (length * (4.0 / 3.0 - (masspole * costheta ** 2) / totalMass));
  const xacc = temp - (polemassLength * thetaacc * costheta) / totalMass;
  const next: State = [x + tau * xDot, xDot + tau * xacc, theta + tau * thetaDot, thetaDot + tau * thetaacc];
  const thetaThreshold = (12 * 2 * Math.PI) / 360;
  const terminated = next[0] < -2.4 || next[0] > 2.4 || next[2] < -thetaThreshold || next[2] > thetaThreshold;
  return { state: next, terminated };
}

describe('CartPole constants and spaces (Gymnasium CartPoleEnv.__init__)', () => {
  it('uses the published constants', () => {
    expect(CARTPOLE.gravity).toBe(9.8);
    expect(CARTPOLE.massCart).toBe(1.0);
    expect(CARTPOLE.massPole).toBe(0.1);
    expect(CARTPOLE.length).toBe(0.5);
    expect(CARTPOLE.forceMag).toBe(10);
    expect(CARTPOLE.tau).toBe(0.02);
    expect(CARTPOLE.thetaThresholdRadians).toBeCloseTo(0.20943951023931953, 15); // 12° in rad
    expect(CARTPOLE.xThreshold).toBe(2.4);
    expect(CARTPOLE.maxEpisodeSteps).toBe(500);
    expect(CARTPOLE.rewardThreshold).toBe(475);
  });

  it('has Box(−high, high) float32 with high = [4.8, inf, 24° in rad, inf] and Discrete(2)', () => {
    const env = new CartPoleEnv();
    const high = [Math.fround(4.8), Infinity, Math.fround((24 * Math.PI) / 180), Infinity];
    expect(Array.from(env.observationSpace.high)).toEqual(high);
    expect(Array.from(env.observationSpace.low)).toEqual(high.map((h) => -h));
    expect(env.observationSpace.dtype).toBe('float32');
    expect(env.actionSpace.n).toBe(2);
  });
});

describe('cartPoleStepKernel', () => {
  it('from rest, action 1 gives ẍ = 400/41 and θ̈ = −600/41 (hand-computed)', () => {
    // sin 0 = 0, cos 0 = 1: temp = 10/1.1; θ̈ = −temp / (0.5·(4/3 − 0.1/1.1)) = −600/41;
    // ẍ = temp − 0.05·θ̈/1.1 = 400/41. After τ = 0.02: ẋ = 8/41, θ̇ = −12/41, x = θ = 0.
    const s = [0, 0, 0, 0].map((v) => Float64Array.of(v));
    const terminated = cartPoleStepKernel(s[0]!, s[1]!, s[2]!, s[3]!, 0, 1);
    expect(terminated).toBe(false);
    expect(s[0]![0]).toBe(0);
    expect(s[1]![0]).toBeCloseTo(8 / 41, 15);
    expect(s[2]![0]).toBe(0);
    expect(s[3]![0]).toBeCloseTo(-12 / 41, 15);
  });

  it('from rest, always pushing right terminates on step 9 (θ < −12°), as the reference', () => {
    const s = [0, 0, 0, 0].map((v) => Float64Array.of(v));
    let ref: State = [0, 0, 0, 0];
    let step = 0;
    for (;;) {
      step++;
      const terminated = cartPoleStepKernel(s[0]!, s[1]!, s[2]!, s[3]!, 0, 1);
      const r = referenceStep(ref, 1);
      ref = r.state;
      expect(terminated).toBe(r.terminated);
      expect([s[0]![0], s[1]![0], s[2]![0], s[3]![0]]).toEqual(ref);
      if (terminated) break;
    }
    expect(step).toBe(9);
    expect(ref[2]).toBeLessThan(-CARTPOLE.thetaThresholdRadians);
    expect(ref[2]).toBeCloseTo(-0.21518604988500967, 14);
  });
});

describe('CartPoleEnv', () => {
  it('reset draws each state component uniformly in [−0.05, 0.05)', () => {
    const env = new CartPoleEnv();
    const seen: number[] = [];
    for (let seed = 0; seed < 200; seed++) {
      env.reset({ seed });
      seen.push(...env.getState());
    }
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(-0.05);
    expect(Math.max(...seen)).toBeLessThan(0.05);
    // 800 draws of U(−0.05, 0.05): the extremes come within 0.002 of the bounds.
    expect(Math.min(...seen)).toBeLessThan(-0.048);
    expect(Math.max(...seen)).toBeGreaterThan(0.048);
  });

  it('follows the reference equations bit for bit, rewards 1 on every step including the terminating one', () => {
    const env = new CartPoleEnv();
    const actions = RandomStream.fromSeed(5).fork('actions');
    const first = env.reset({ seed: 3 });
    let ref = Array.from(env.getState()) as State;
    expect(Array.from(first.observation)).toEqual(Array.from(Float32Array.from(ref)));
    let steps = 0;
    let ret = 0;
    for (;;) {
      const a = actions.int(2);
      const r = env.step(a);
      const expected = referenceStep(ref, a);
      ref = expected.state;
      steps++;
      ret += r.reward;
      expect(Array.from(env.getState())).toEqual(ref); // float64 state, exact
      expect(r.observation).toEqual(Float32Array.from(ref)); // float32 observation
      expect(r.terminated).toBe(expected.terminated);
      expect(r.truncated).toBe(false);
      expect(r.reward).toBe(1);
      if (r.terminated) break;
    }
    expect(ret).toBe(steps);
    expect(() => env.step(0)).toThrow(StateError);
  });

  it('same seed → same episode; no seed continues the stream', () => {
    const a = new CartPoleEnv();
    const b = new CartPoleEnv();
    const o1 = a.reset({ seed: 11 }).observation;
    expect(b.reset({ seed: 11 }).observation).toEqual(o1);
    const o2 = a.reset().observation;
    expect(o2).not.toEqual(o1);
    expect(b.reset().observation).toEqual(o2);
    // A never-seeded env seeds itself from 0.
    expect(new CartPoleEnv().reset().observation).toEqual(new CartPoleEnv().reset({ seed: 0 }).observation);
  });

  it('rejects actions other than 0/1 and steps before reset', () => {
    const env = new CartPoleEnv();
    expect(() => env.step(0)).toThrow(StateError);
    env.reset({ seed: 1 });
    expect(() => env.step(2)).toThrow(InputError);
    expect(() => env.step(0.5)).toThrow(InputError);
  });
});
