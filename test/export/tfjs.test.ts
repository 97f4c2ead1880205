/**
 * tfjs round trip: the exported model.json/weights.bin loads with tf.loadLayersModel
 * (through the file IOHandler, no tfjs-node) and, fed fx.observations normalised as
 * preprocessing.json says, gives the policy's logits (within 1e-5) and actions.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortableRuntimePolicy, argmaxRow } from '../../src/export/portable-runtime.js';
import { loadTfjsModel, writeTfjs, type TfjsPreprocessing } from '../../src/export/tfjs.js';
import { roundTripFixture, type RoundTripFixture } from './fixture.js';

const N = 1000;
let fx: RoundTripFixture;

beforeAll(async () => {
  fx = await roundTripFixture('dosegym-tfjs-');
}, 60_000);

afterAll(() => rmSync(fx.dir, { recursive: true, force: true }));

describe('tfjs export', () => {
  it('loads with tf.loadLayersModel and reproduces logits and actions', async () => {
    const files = await writeTfjs(fx.portable, fx.dir);
    expect(files).toEqual(['model.json', 'weights.bin', 'preprocessing.json']);
    const pre = JSON.parse(readFileSync(join(fx.dir, 'preprocessing.json'), 'utf8')) as TfjsPreprocessing;
    expect(pre.normalization).toEqual(fx.portable.normalization);
    expect(pre.observationLayout?.[1]).toMatchObject({ name: 'lastInr', unit: 'INR' });
    expect(pre.action).toMatchObject({ kind: 'discrete', n: 31, unit: 'mg' });

    // normalise exactly as preprocessing.json describes, independently of dosegym's code
    const n = pre.normalization!;
    const d = n.mean.length;
    const z = Float32Array.from(fx.observations, (x, k) => {
      const v = (x - n.mean[k % d]!) / Math.sqrt(n.var[k % d]! + n.epsilon);
      return Math.min(n.clip, Math.max(-n.clip, v));
    });
    const model = await loadTfjsModel(fx.dir);
    const out = tf.tidy(() => (model.predict(tf.tensor2d(z, [N, d])) as tf.Tensor).dataSync() as Float32Array);
    model.dispose();
    const ours = new PortableRuntimePolicy(fx.portable).forward(fx.observations);
    let maxErr = 0;
    for (let k = 0; k < out.length; k++) maxErr = Math.max(maxErr, Math.abs(out[k]! - ours[k]!));
    expect(maxErr).toBeLessThan(1e-5);
    const expected = fx.policy.act(fx.observations, {}, { deterministic: true }) as Int32Array;
    for (let i = 0; i < N; i++) expect(argmaxRow(out, i * 31, 31)).toBe(expected[i]);
  }, 30_000);
});
