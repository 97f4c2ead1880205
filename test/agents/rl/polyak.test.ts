import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/agents/backend.js';
import { polyakUpdate, polyakUpdateFlat } from '../../../src/agents/rl/polyak.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('polyakUpdate', () => {
  it('computes target ← τ·online + (1 − τ)·target for every variable', () => {
    const online = [tf.variable(tf.tensor2d([[1, 2], [3, 4]])), tf.variable(tf.tensor1d([10, -10]))];
    const target = [tf.variable(tf.tensor2d([[0, 0], [1, 1]])), tf.variable(tf.tensor1d([0, 5]))];
    polyakUpdate(online, target, 0.25);
    // By hand: 0.25·1 + 0.75·0 = 0.25; 0.25·3 + 0.75·1 = 1.5; 0.25·(−10) + 0.75·5 = 1.25.
    expect(Array.from(target[0]!.dataSync())).toEqual([0.25, 0.5, 1.5, 1.75]);
    expect(Array.from(target[1]!.dataSync())).toEqual([2.5, 1.25]);
    expect(Array.from(online[1]!.dataSync())).toEqual([10, -10]); // online untouched
    polyakUpdate(online, target, 1); // τ = 1: hard copy
    expect(Array.from(target[0]!.dataSync())).toEqual([1, 2, 3, 4]);
    polyakUpdate(online, target, 0); // τ = 0: no change
    expect(Array.from(target[1]!.dataSync())).toEqual([10, -10]);
    const before = tf.memory().numTensors;
    polyakUpdate(online, target, 0.005);
    expect(tf.memory().numTensors).toBe(before); // no leaked intermediates
    tf.dispose([...online, ...target]);
  });

  it('rejects a bad τ and mismatched shapes', () => {
    const a = [tf.variable(tf.zeros([2]))];
    const b = [tf.variable(tf.zeros([3]))];
    expect(() => polyakUpdate(a, a, 1.5)).toThrow(/tau/);
    expect(() => polyakUpdate(a, b, 0.5)).toThrow(/shape/);
    expect(() => polyakUpdate(a, [], 0.5)).toThrow(/as many/);
    tf.dispose([...a, ...b]);
  });
});

describe('polyakUpdateFlat (flat parameter arrays of the TS kernel)', () => {
  it('computes τ·online + (1 − τ)·target, copies at τ = 1, keeps at τ = 0', () => {
    const online = Float64Array.from([1, 2, 3, 4]);
    const target = Float64Array.from([0, 0, 10, -4]);
    polyakUpdateFlat(online, target, 0.25);
    expect(Array.from(target)).toEqual([0.25, 0.5, 8.25, -2]); // 0.25·3 + 0.75·10 = 8.25
    polyakUpdateFlat(online, target, 0);
    expect(Array.from(target)).toEqual([0.25, 0.5, 8.25, -2]);
    polyakUpdateFlat(online, target, 1);
    expect(Array.from(target)).toEqual([1, 2, 3, 4]);
    expect(Array.from(online)).toEqual([1, 2, 3, 4]); // online untouched
  });

  it('rejects a bad τ and mismatched lengths', () => {
    expect(() => polyakUpdateFlat(new Float64Array(2), new Float64Array(2), -0.1)).toThrow(/tau/);
    expect(() => polyakUpdateFlat(new Float64Array(2), new Float64Array(3), 0.5)).toThrow(/2 online parameters but 3/);
  });
});
