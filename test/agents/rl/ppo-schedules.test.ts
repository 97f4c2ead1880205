/**
 * PPO's hyper-parameter schedules: closed-form values of the schedule functions, the
 * `entCoefSchedule` config option (validation, the coefficient logged per update), and that
 * both engines train with the scheduled coefficient rather than the config's `entCoef`.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { entCoefScheduleOf, parsePpoConfig, trainPpo } from '../../../src/agents/rl/ppo.js';
import { constantSchedule, linearSchedule, makeSchedule, windowedLinearSchedule } from '../../../src/agents/rl/schedules.js';
import '../../../src/envs/builtin.js';
import { makeVec } from '../../../src/envs/registry.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('schedule functions (argument: progressRemaining p, training fraction f = 1 − p)', () => {
  it('constant and linear (SB3 zoo lin_)', () => {
    expect(constantSchedule(0.3)(0.7)).toBe(0.3);
    expect(linearSchedule(1e-3)(0.25)).toBeCloseTo(2.5e-4, 15);
    expect(linearSchedule(1, 0.2)(0.5)).toBeCloseTo(0.6, 15);
    expect(linearSchedule(1)(1.5)).toBe(1); // clamped
    expect(makeSchedule('linear', 2)(0.5)).toBe(1);
    expect(makeSchedule('constant', 2)(0.5)).toBe(2);
  });

  it('windowed linear: start before the window, end after, linear in f inside', () => {
    const s = windowedLinearSchedule(0.01, 0, 0.4, 0.6);
    for (const f of [0, 0.1, 0.3999]) expect(s(1 - f)).toBe(0.01);
    for (const f of [0.6, 0.8, 1]) expect(s(1 - f)).toBe(0);
    // closed form inside: 0.01 + (0 − 0.01)·(f − 0.4)/0.2
    for (const f of [0.4, 0.45, 0.5, 0.55, 0.59]) expect(s(1 - f)).toBeCloseTo(0.01 - (0.01 * (f - 0.4)) / 0.2, 12);
    // increasing schedules work the same way
    expect(windowedLinearSchedule(0, 1, 0, 1)(0.25)).toBeCloseTo(0.75, 15);
    // an empty window is a step at `from`
    const step = windowedLinearSchedule(5, 1, 0.5, 0.5);
    expect(step(1 - 0.49)).toBe(5);
    expect(step(1 - 0.5)).toBe(1);
    expect(windowedLinearSchedule(5, 1, 0, 0)(1)).toBe(1); // from the first update on
  });
});

describe('PPO entCoefSchedule option', () => {
  it('defaults to constant; linear fills final 0 over the whole run; errors name the field', () => {
    expect(parsePpoConfig({}).entCoefSchedule).toEqual({ kind: 'constant' });
    expect(parsePpoConfig({ entCoefSchedule: { kind: 'linear' } }).entCoefSchedule).toEqual({ kind: 'linear', final: 0, start: 0, end: 1 });
    expect(() => parsePpoConfig({ entCoefSchedule: { kind: 'linear', start: 0.7, end: 0.5 } })).toThrow(/entCoefSchedule\.end: must be ≥ start/);
    expect(() => parsePpoConfig({ entCoefSchedule: { kind: 'linear', start: 1.5 } })).toThrow(/entCoefSchedule\.start/);
    expect(() => parsePpoConfig({ entCoefSchedule: { kind: 'linear', final: -0.1 } })).toThrow(/entCoefSchedule\.final/);
    expect(() => parsePpoConfig({ entCoefSchedule: { kind: 'cosine' } })).toThrow(/entCoefSchedule\.kind/);
    expect(() => parsePpoConfig({ entCoefSchedule: { kind: 'constant', final: 0 } })).toThrow(/entCoefSchedule/);
    expect(() => parsePpoConfig({ entCoefSchedule: 'linear' })).toThrow(/entCoefSchedule/);
  });

  it('entCoefScheduleOf follows the config', () => {
    const s = entCoefScheduleOf(parsePpoConfig({ entCoef: 0.02, entCoefSchedule: { kind: 'linear', final: 0.005, start: 0.2, end: 0.7 } }));
    expect(s(1)).toBe(0.02);
    expect(s(1 - 0.45)).toBeCloseTo(0.0125, 15);
    expect(s(0)).toBe(0.005);
    expect(entCoefScheduleOf(parsePpoConfig({ entCoef: 0.02 }))(0.3)).toBe(0.02);
  });

  it('logs the coefficient of every update (update k of n at training fraction (k − 1)/n)', () => {
    const n = 10;
    const config = { nSteps: 20, batchSize: 20, nEpochs: 1, entCoef: 0.01, entCoefSchedule: { kind: 'linear', final: 0, start: 0.2, end: 0.6 }, seed: 3 } as const;
    const { history } = trainPpo(makeVec('dosegym/IdentityDiscrete-v0', 1), config, { totalTimesteps: 20 * n });
    expect(history).toHaveLength(n);
    const expected = Array.from({ length: n }, (_, k) => {
      const f = k / n;
      return f < 0.2 ? 0.01 : f >= 0.6 ? 0 : 0.01 - (0.01 * (f - 0.2)) / 0.4;
    });
    history.forEach((h, k) => expect(h.entCoef).toBeCloseTo(expected[k]!, 12));
  });

  for (const engine of ['ts', 'tfjs'] as const) {
    it(`engine ${engine}: trains with the scheduled coefficient, not the config's entCoef`, () => {
      const run = (extra: object) =>
        trainPpo(makeVec('dosegym/IdentityDiscrete-v0', 2), { nSteps: 25, batchSize: 25, nEpochs: 2, engine, seed: 5, ...extra }, { totalTimesteps: 200 });
      const curve = (r: ReturnType<typeof run>) => r.history.map((h) => [h.policyLoss, h.valueLoss, h.entropy]);
      const zero = run({ entCoef: 0 });
      // a step to 0 at the start of training is entCoef 0 throughout
      const stepToZero = run({ entCoef: 0.5, entCoefSchedule: { kind: 'linear', final: 0, start: 0, end: 0 } });
      expect(stepToZero.history.every((h) => h.entCoef === 0)).toBe(true);
      expect(curve(stepToZero)).toEqual(curve(zero));
      // and the coefficient does act: a large constant bonus changes the curve
      expect(curve(run({ entCoef: 0.5 }))).not.toEqual(curve(zero));
      expect(tf.memory().numTensors).toBe(0);
    });
  }
});
