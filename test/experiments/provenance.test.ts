import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, collectProvenance, configHash, gitCommit } from '../../src/experiments/provenance.js';

describe('canonical JSON and config hash', () => {
  it('sorts keys at every level and drops undefined entries', () => {
    expect(canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }], u: undefined })).toBe('{"a":[true,{"c":"x","d":null}],"b":1}');
    expect(canonicalJson({ t: new Date('2026-01-01T00:00:00Z'), f: Float32Array.of(0.5) })).toBe('{"f":[0.5],"t":"2026-01-01T00:00:00.000Z"}');
  });

  it('hash is stable under key order and formatting, and changes with content', () => {
    const a = { env: { id: 'dosegym/Warfarin-v0', kwargs: { model: 'hamberg2007', inrSchedule: 'clinic' } }, seeds: [1, 2, 3] };
    const b = JSON.parse(JSON.stringify({ seeds: [1, 2, 3], env: { kwargs: { inrSchedule: 'clinic', model: 'hamberg2007' }, id: 'dosegym/Warfarin-v0' } }, null, 4));
    expect(configHash(a)).toBe(configHash(b));
    expect(configHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(configHash(a)).toBe(createHash('sha256').update(canonicalJson(a)).digest('hex'));
    expect(configHash({ ...a, seeds: [1, 2, 4] })).not.toBe(configHash(a));
    // array order matters (it is content, not layout)
    expect(configHash({ ...a, seeds: [3, 2, 1] })).not.toBe(configHash(a));
  });

  it('rejects values without a JSON form, naming the path', () => {
    expect(() => canonicalJson({ a: { b: NaN } })).toThrow(/\$\.a\.b/);
    expect(() => canonicalJson([() => 1])).toThrow(/\$\[0\]: a function/);
  });
});

describe('collectProvenance', () => {
  it('records package, node, platform, backend, seeds, models and the config hash', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const p = collectProvenance({
      config: { b: 2, a: 1 },
      backend: 'wasm',
      seeds: { train: 1 },
      models: [{ id: 'hamberg2007-warfarin', citation: 'Hamberg AK et al. Clin Pharmacol Ther 2007;81:529' }],
      citations: ['IWPC 2009 NEJM 360:753'],
      now: new Date('2026-05-01T00:00:00Z'),
    });
    expect(p).toMatchObject({
      packageName: 'dosegym',
      packageVersion: pkg.version,
      nodeVersion: process.version,
      platform: `${process.platform}-${process.arch}`,
      backend: 'wasm',
      kernel: 'wasm', // Node 20 validates the SIMD module (test/agents/nn/kernel.test.ts)
      seeds: { train: 1 },
      configHash: configHash({ a: 1, b: 2 }),
      createdAt: '2026-05-01T00:00:00.000Z',
    });
    expect(p.models[0]!.id).toBe('hamberg2007-warfarin');
    expect(p.gitCommit === null || /^[0-9a-f]{40}$/.test(p.gitCommit)).toBe(true);
    expect(collectProvenance().configHash).toBeNull();
  });

  it('records the kernel $DOSEGYM_KERNEL forces, and names the variable when it is bad', () => {
    const saved = process.env.DOSEGYM_KERNEL;
    try {
      process.env.DOSEGYM_KERNEL = 'js';
      expect(collectProvenance().kernel).toBe('js');
      process.env.DOSEGYM_KERNEL = 'gpu';
      expect(() => collectProvenance()).toThrow(/DOSEGYM_KERNEL must be 'wasm', 'js' or 'auto', got 'gpu'/);
    } finally {
      if (saved === undefined) delete process.env.DOSEGYM_KERNEL;
      else process.env.DOSEGYM_KERNEL = saved;
    }
  });

  it('tolerates the absence of a git checkout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dosegym-nogit-'));
    try {
      expect(gitCommit(dir)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
