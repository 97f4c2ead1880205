/**
 * ONNX round trip: the exported graph, run by onnxruntime-node, gives the same actions as
 * dosegym's own policy on 1,000 observations recorded from env rollouts, with logits
 * within 1e-5; the ONNX checker (Debian python3-onnx, full_check) accepts the file.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOnnx, portableToOnnxBytes } from '../../src/export/onnx.js';
import type { PortablePolicy } from '../../src/export/portable-json.js';
import { PortableRuntimePolicy } from '../../src/export/portable-runtime.js';
import { roundTripFixture, type RoundTripFixture } from './fixture.js';

const N = 1000;
let fx: RoundTripFixture;

beforeAll(async () => {
  fx = await roundTripFixture('dosegym-onnx-');
}, 60_000);

afterAll(() => rmSync(fx.dir, { recursive: true, force: true }));

describe('ONNX export', () => {
  it('onnxruntime-node reproduces the policy on 1,000 recorded observations', async () => {
    const path = join(fx.dir, 'policy.onnx');
    writeOnnx(fx.portable, path);
    const session = await ort.InferenceSession.create(path);
    expect(session.inputNames).toEqual(['observation']);
    expect(session.outputNames).toEqual(['logits', 'action', 'action_value']);
    const d = fx.portable.observation.size;
    const out = await session.run({ observation: new ort.Tensor('float32', fx.observations, [N, d]) });
    const logits = out.logits!.data as Float32Array;
    const actions = out.action!.data as BigInt64Array;
    const doses = out.action_value!.data as Float32Array;
    expect(out.action!.dims).toEqual([N]);

    const expected = fx.policy.act(fx.observations, {}, { deterministic: true }) as Int32Array;
    const ours = new PortableRuntimePolicy(fx.portable).forward(fx.observations);
    let maxErr = 0;
    for (let k = 0; k < logits.length; k++) maxErr = Math.max(maxErr, Math.abs(logits[k]! - ours[k]!));
    expect(maxErr).toBeLessThan(1e-5);
    for (let i = 0; i < N; i++) {
      expect(Number(actions[i])).toBe(expected[i]);
      expect(doses[i]).toBeCloseTo(expected[i]! * 0.5, 6);
    }
    // the policy is not constant on these states (else the test proves little)
    expect(new Set(expected).size).toBeGreaterThan(1);
  }, 30_000);

  it('works for any batch size (dynamic batch) and for a policy without normalisation', async () => {
    const plain: PortablePolicy = { ...fx.portable, normalization: null };
    const session = await ort.InferenceSession.create(portableToOnnxBytes(plain));
    const d = fx.portable.observation.size;
    const rows = fx.observations.subarray(0, 3 * d);
    const out = await session.run({ observation: new ort.Tensor('float32', rows, [3, d]) });
    const want = new PortableRuntimePolicy(plain).act(rows) as Int32Array;
    expect(Array.from(out.action!.data as BigInt64Array, Number)).toEqual(Array.from(want));
  });

  it('a Box action head clips the mean into the bounds', async () => {
    // a one-output head (the first logit column scaled by 10, bias 7 mg) so that some means fall outside [0, 15]
    const layers = fx.portable.network.layers;
    const last = layers[layers.length - 1]!;
    const head = { inSize: last.inSize, outSize: 1, w: Float32Array.from({ length: last.inSize }, (_, k) => 10 * last.w[k * last.outSize]!), b: Float32Array.of(7) };
    const box: PortablePolicy = { ...fx.portable, network: { ...fx.portable.network, layers: [...layers.slice(0, -1), head] }, action: { kind: 'box', dim: 1, low: [0], high: [15], unit: 'mg' } };
    const session = await ort.InferenceSession.create(portableToOnnxBytes(box));
    const d = fx.portable.observation.size;
    const rows = fx.observations.subarray(0, 200 * d);
    const out = await session.run({ observation: new ort.Tensor('float32', rows, [200, d]) });
    const want = new PortableRuntimePolicy(box).act(rows) as Float32Array;
    const got = out.action!.data as Float32Array;
    for (let i = 0; i < 200; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-5);
    expect(Math.min(...got)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...got)).toBeLessThanOrEqual(15);
  });

  it('passes the ONNX checker with full_check (python3-onnx)', () => {
    const path = join(fx.dir, 'checked.onnx');
    writeOnnx(fx.portable, path);
    const r = spawnSync('/usr/bin/python3', ['scripts/check-onnx.py', path], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ok .* ir=8 opset=ai\.onnx:13/);
  }, 30_000);
});
