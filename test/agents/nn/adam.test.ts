/**
 * The TS Adam and global-norm clipping against tf.train.adam / torch's clip_grad_norm_
 * semantics. Adam runs on three kinds of parameter groups: plain arrays (float64 moments in
 * TypeScript), and kernel groups (float32 moments, the update as one kernel call) on the
 * WebAssembly and the TypeScript kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam, clipGradNorm, type ParamGroup } from '../../../src/agents/nn/adam.js';
import { createMlpKernel } from '../../../src/agents/nn/kernel.js';
import { RandomStream } from '../../../src/core/random.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type GroupKind = 'plain' | 'kernel-wasm' | 'kernel-js';

/** A parameter group of `kind` holding `init`. */
function makeGroup(kind: GroupKind, init: Float64Array): ParamGroup {
  const n = init.length;
  if (kind === 'plain') return { params: Float64Array.from(init), grads: new Float64Array(n) };
  const ops = createMlpKernel(4 * n + 12, kind === 'kernel-wasm' ? 'wasm' : 'js');
  const params = ops.alloc(n);
  params.set(init);
  return { params, grads: ops.alloc(n), kernel: { ops, m: ops.alloc(n), v: ops.alloc(n) } };
}

describe.each(['plain', 'kernel-wasm', 'kernel-js'] as const)('Adam on %s groups', (kind) => {
  it.each([
    [1e-3, 1e-5],
    [3e-2, 1e-8],
  ])('matches tf.train.adam over 25 steps with the same gradients (lr %f, eps %f)', (lr, eps) => {
    const rng = RandomStream.fromSeed(11);
    const p0 = rng.fillNormal(new Float64Array(37), 0, 1) as Float64Array;
    const q0 = rng.fillNormal(new Float64Array(5), 0, 1) as Float64Array;
    const groups = [makeGroup(kind, p0), makeGroup(kind, q0)];
    const adam = new Adam(groups, { lr, eps });
    const vp = tf.variable(tf.tensor1d(Float32Array.from(p0)), true, `adam-p-${lr}`);
    const vq = tf.variable(tf.tensor1d(Float32Array.from(q0)), true, `adam-q-${lr}`);
    const opt = tf.train.adam(lr, 0.9, 0.999, eps);
    for (let t = 0; t < 25; t++) {
      // Gradients of varying scale, rounded to float32 so both optimisers see the same numbers.
      const gp = Float32Array.from(rng.fillNormal(new Float64Array(37), 0, 10 ** ((t % 5) - 2)));
      const gq = Float32Array.from(rng.fillNormal(new Float64Array(5), 0, 1));
      groups[0]!.grads.set(gp);
      groups[1]!.grads.set(gq);
      adam.step();
      const g = { [vp.name]: tf.tensor1d(gp), [vq.name]: tf.tensor1d(gq) };
      opt.applyGradients(g as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
      tf.dispose(Object.values(g));
    }
    const tp = vp.dataSync();
    const tq = vq.dataSync();
    for (let k = 0; k < 37; k++) expect(Math.abs(groups[0]!.params[k]! - tp[k]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(tp[k]!)));
    for (let k = 0; k < 5; k++) expect(Math.abs(groups[1]!.params[k]! - tq[k]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(tq[k]!)));
    expect(adam.t).toBe(25);
    vp.dispose();
    vq.dispose();
    opt.dispose();
  });

  it('flushes a moment that decays below 1e-30 to exactly 0 (no subnormals), and then leaves the parameter alone', () => {
    const group = makeGroup(kind, Float64Array.from([1, 2, 3]));
    const adam = new Adam([group], { lr: 1e-3 });
    group.grads.set([0.5, 0.5, 0.5]);
    adam.step();
    group.grads.fill(0);
    // m decays as 0.9ᵗ: below 1e-30 after ⌈30/log10(1/0.9)⌉ ≈ 656 steps.
    for (let t = 0; t < 700; t++) adam.step();
    const m = group.kernel ? group.kernel.m : (adam as unknown as { m: Float64Array[] }).m[0]!;
    expect(Array.from(m)).toEqual([0, 0, 0]);
    const before = Array.from(group.params);
    adam.step();
    expect(Array.from(group.params)).toEqual(before);
  });
});

describe('clipGradNorm', () => {
  it('scales all groups by max/(norm + 1e-6) only when the global norm is above max', () => {
    const a = { params: new Float64Array(2), grads: Float64Array.from([3, 0]) };
    const b = { params: new Float64Array(1), grads: Float64Array.from([4]) };
    expect(clipGradNorm([a, b], 0.5)).toBeCloseTo(5, 12);
    const s = 0.5 / (5 + 1e-6);
    expect(Array.from(a.grads)).toEqual([3 * s, 0]);
    expect(b.grads[0]).toBe(4 * s);
    const c = { params: new Float64Array(1), grads: Float64Array.from([0.1]) };
    expect(clipGradNorm([c], 0.5)).toBeCloseTo(0.1, 12);
    expect(c.grads[0]).toBe(0.1);
  });
});
