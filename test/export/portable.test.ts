/**
 * Portable JSON round trip: write, read back, run on the pure-TS runtime (no tfjs): the
 * weights are bit-identical and the actions identical to the trained policy's on 1,000
 * recorded fx.observations. Malformed files are clear errors.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParseError, InputError } from '../../src/core/errors.js';
import { base64ToFloat32, float32ToBase64, portablePolicyFromJson, portablePolicyToJson, readPortablePolicy } from '../../src/export/portable-json.js';
import { PortableRuntimePolicy } from '../../src/export/portable-runtime.js';
import { roundTripFixture, type RoundTripFixture } from './fixture.js';

let fx: RoundTripFixture;

beforeAll(async () => {
  fx = await roundTripFixture('dosegym-portable-');
}, 60_000);

afterAll(() => rmSync(fx.dir, { recursive: true, force: true }));

describe('fx.portable JSON', () => {
  it('base64 float32 is exact, little-endian', () => {
    expect(float32ToBase64(Float32Array.of(1))).toBe('AACAPw==');
    const x = Float32Array.of(0.1, -3.5e-12, 123456.78, -0);
    expect(base64ToFloat32(float32ToBase64(x), 4, 'w')).toEqual(x);
    expect(() => base64ToFloat32('AACAPw==', 2, 'w')).toThrow(InputError);
  });

  it('round-trips through a file and acts identically to the trained policy', () => {
    const path = join(fx.dir, 'policy.portable.json');
    writeFileSync(path, JSON.stringify(portablePolicyToJson(fx.portable)));
    const back = readPortablePolicy(path);
    back.network.layers.forEach((l, i) => {
      expect(l.w).toEqual(fx.portable.network.layers[i]!.w);
      expect(l.b).toEqual(fx.portable.network.layers[i]!.b);
    });
    expect(back.observation.layout?.map((f) => f.name).slice(0, 4)).toEqual(['day', 'lastInr', 'daysSinceInr', 'dose1']);
    expect(back.action).toMatchObject({ kind: 'discrete', n: 31, start: 0, unit: 'mg' });
    expect((back.action as { values: number[] }).values[30]).toBe(15);
    const got = new PortableRuntimePolicy(back).act(fx.observations) as Int32Array;
    const want = fx.policy.act(fx.observations, {}, { deterministic: true }) as Int32Array;
    expect(Array.from(got)).toEqual(Array.from(want));
  });

  it('rejects malformed files naming the field', () => {
    const json = portablePolicyToJson(fx.portable);
    expect(() => portablePolicyFromJson({ ...json, format: 'x' })).toThrow(ParseError);
    const bad = { ...json, normalization: { ...json.normalization!, mean: [1, 2] } };
    expect(() => portablePolicyFromJson(bad)).toThrow(/normalization/);
  });
});
