/**
 * PID on a first-order plant τ·dy/dt = K·u − y, sampled every T with the input held
 * (zero-order hold), whose exact discretisation is y_{k+1} = a·y_k + (1 − a)·K·u_k with
 * a = e^(−T/τ) (Åström KJ, Wittenmark B. Computer-Controlled Systems, 3rd ed., §2.3).
 */
import { describe, expect, it } from 'vitest';
import { checkPidConfig, createPidState, pidUpdate, type PidConfig } from '../../../src/agents/control/pid.js';

const K = 2, TAU = 5, T = 1;
const A = Math.exp(-T / TAU);

/** Closed loop for `steps` samples from y = 0; returns outputs y_1…y_steps and inputs u_0…. */
function closedLoop(config: PidConfig, steps: number, setpoint = (_k: number) => config.setpoint, gain = K): { y: number[]; u: number[]; integral: number[] } {
  const state = createPidState();
  let y = 0;
  const ys: number[] = [], us: number[] = [], integral: number[] = [];
  for (let k = 0; k < steps; k++) {
    config.setpoint = setpoint(k);
    const u = pidUpdate(config, state, y, k === 0 ? 0 : T);
    us.push(u);
    integral.push(state.integral);
    y = A * y + (1 - A) * gain * u;
    ys.push(y);
  }
  return { y: ys, u: us, integral };
}

describe('pidUpdate on a first-order plant', () => {
  it('P-only step response equals the closed form y_k = y∞·(1 − c^k), y∞ = K·Kp·r/(1 + K·Kp)', () => {
    const kp = 0.8, r = 1;
    const { y } = closedLoop({ kp, ki: 0, kd: 0, setpoint: r, outputMin: -100, outputMax: 100 }, 30);
    const c = A - (1 - A) * K * kp;
    const yInf = (K * kp * r) / (1 + K * kp);
    y.forEach((yk, k) => expect(yk).toBeCloseTo(yInf * (1 - c ** (k + 1)), 12));
  });

  it('PI removes the steady-state offset of P control', () => {
    const { y } = closedLoop({ kp: 0.5, ki: 0.1, kd: 0, setpoint: 1, outputMin: -100, outputMax: 100 }, 300);
    expect(y[y.length - 1]).toBeCloseTo(1, 6);
  });

  it('derivative acts on the measurement: a setpoint step gives no derivative kick', () => {
    const state = createPidState();
    const c: PidConfig = { kp: 0, ki: 0, kd: 3, setpoint: 0, outputMin: -10, outputMax: 10, bias: 1 };
    pidUpdate(c, state, 0.5, 1);
    c.setpoint = 5;
    expect(pidUpdate(c, state, 0.5, 1)).toBe(1); // unchanged measurement: D = 0 despite the setpoint jump
    expect(pidUpdate(c, state, 1.5, 2)).toBeCloseTo(1 - 3 * (1 / 2), 12); // −Kd·Δy/Δt
  });

  it('keeps the output within its limits', () => {
    const c: PidConfig = { kp: 5, ki: 2, kd: 1, setpoint: 0, outputMin: -0.3, outputMax: 0.7, bias: 0.2 };
    const state = createPidState();
    for (let k = 0; k < 200; k++) {
      const u = pidUpdate(c, state, Math.sin(k * 0.7) * 10, 0.5);
      expect(u).toBeGreaterThanOrEqual(-0.3);
      expect(u).toBeLessThanOrEqual(0.7);
    }
  });

  it('anti-windup limits integral growth under saturation and speeds recovery', () => {
    // Setpoint 2 is unreachable with u ≤ 0.5 (K·u ≤ 1) for 60 samples, then drops to 0.2.
    const sp = (k: number): number => (k < 60 ? 2 : 0.2);
    const run = (antiWindup: PidConfig['antiWindup']) => closedLoop({ kp: 0.3, ki: 0.2, kd: 0, setpoint: 2, outputMin: 0, outputMax: 0.5, antiWindup }, 120, sp);
    const none = run('none');
    const clamp = run('conditional-integration');
    const back = run('back-calculation');
    // Without anti-windup the integral keeps growing (≈ Ki·e·T per sample, e ≥ 1).
    expect(none.integral[59]! - none.integral[30]!).toBeGreaterThan(0.2 * 1 * 29 * 0.9);
    // With either scheme it stays bounded: no growth once saturated.
    expect(clamp.integral[59]! - clamp.integral[30]!).toBeCloseTo(0, 12);
    expect(Math.abs(back.integral[59]! - back.integral[30]!)).toBeLessThan(0.05);
    expect(Math.max(...clamp.integral.slice(0, 60))).toBeLessThan(1);
    // After the setpoint drop, the output leaves saturation sooner with anti-windup.
    const leaves = (u: number[]): number => {
      const k = u.findIndex((v, j) => j >= 60 && v < 0.5);
      return k < 0 ? Number.POSITIVE_INFINITY : k; // never within the run
    };
    expect(leaves(clamp.u)).toBeLessThan(leaves(none.u));
    expect(leaves(back.u)).toBeLessThan(leaves(none.u));
    expect(leaves(clamp.u)).toBeLessThanOrEqual(62);
  });

  it('rejects negative gains and inverted limits', () => {
    expect(() => checkPidConfig({ kp: -1, ki: 0, kd: 0, setpoint: 0, outputMin: 0, outputMax: 1 })).toThrow(/kp/);
    expect(() => checkPidConfig({ kp: 1, ki: 0, kd: 0, setpoint: 0, outputMin: 2, outputMax: 1 })).toThrow(/outputMin/);
  });
});
