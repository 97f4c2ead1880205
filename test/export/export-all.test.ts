/**
 * exportAll on a checkpoint inside a run directory: every format is written, the manifest's
 * sizes and SHA-256 match the files, the ONNX file acts like the loaded checkpoint, the
 * card carries the evaluation (network and rules on the same patients, CIs, subgroups,
 * safety), the run's provenance and the hash of every other artefact.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy, savePolicy } from '../../src/agents/checkpoint.js';
import { exportAll, type ExportManifest } from '../../src/export/export-all.js';
import { FhirBundleSchema } from '../../src/export/fhir.js';
import type { PolicyCard } from '../../src/export/policy-card.js';
import { readPortablePolicy } from '../../src/export/portable-json.js';
import { PortableRuntimePolicy } from '../../src/export/portable-runtime.js';
import { ENV_ID, recordObservations, trainTinyWarfarinPolicy } from './fixture.js';

let root: string;
let manifest: ExportManifest;
const out = (): string => join(root, 'run', 'export', 'ppo');
const ckpt = (): string => join(root, 'run', 'checkpoints', 'ppo');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dosegym-export-all-'));
  const fx = trainTinyWarfarinPolicy();
  await savePolicy(ckpt(), fx.policy, { config: fx.config, seed: 3, envId: ENV_ID, training: { timesteps: 4096 } });
  writeFileSync(join(root, 'run', 'provenance.json'), JSON.stringify({ packageName: 'dosegym', configHash: 'f'.repeat(64), seeds: { train: 3 } }));
  mkdirSync(out(), { recursive: true });
  manifest = await exportAll({ checkpointDir: ckpt(), outDir: out(), evaluation: { episodes: 16, seed: 500, bootstrap: 200 }, runDir: join(root, 'run'), rules: { maxDepth: 2, minSamplesLeaf: 10 } });
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('exportAll', () => {
  it('writes every format with matching sizes and hashes', () => {
    expect(manifest.files.map((f) => f.path).sort()).toEqual(
      ['dosing-table.csv', 'dosing-table.md', 'fhir-plan-definition.json', 'policy-card.json', 'policy-card.md', 'policy.onnx', 'policy.portable.json', 'rules.json', 'rules.md', 'tfjs/model.json', 'tfjs/preprocessing.json', 'tfjs/weights.bin'].sort(),
    );
    expect(manifest.skipped).toEqual([]);
    for (const f of manifest.files) {
      const bytes = readFileSync(join(out(), f.path));
      expect(f.bytes).toBe(statSync(join(out(), f.path)).size);
      expect(f.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(JSON.parse(readFileSync(join(out(), 'manifest.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(manifest)));
    expect(FhirBundleSchema.safeParse(JSON.parse(readFileSync(join(out(), 'fhir-plan-definition.json'), 'utf8'))).success).toBe(true);
  });

  it('the exported ONNX and portable JSON act like the loaded checkpoint', async () => {
    const policy = await loadPolicy(ckpt());
    const obs = await recordObservations(policy, 200, 900);
    const want = Array.from(policy.act(obs, {}, { deterministic: true }) as Int32Array);
    const session = await ort.InferenceSession.create(join(out(), 'policy.onnx'));
    const d = obs.length / 200;
    const r = await session.run({ observation: new ort.Tensor('float32', obs, [200, d]) });
    expect(Array.from(r.action!.data as BigInt64Array, Number)).toEqual(want);
    expect(Array.from(new PortableRuntimePolicy(readPortablePolicy(join(out(), 'policy.portable.json'))).act(obs) as Int32Array)).toEqual(want);
  }, 30_000);

  it('the card carries evaluation, safety, fidelity, provenance and artefact hashes', () => {
    const card = JSON.parse(readFileSync(join(out(), 'policy-card.json'), 'utf8')) as PolicyCard;
    expect(card.format).toBe('dosegym-policy-card/1');
    expect(card.envMetadata.citations).toEqual(expect.arrayContaining([expect.stringMatching(/Hamberg/)]));
    expect(card.evaluation!.policies.map((p) => p.policy)).toEqual(['ppo', 'rules']);
    const ttr = card.evaluation!.policies[0]!.overall.find((m) => m.metric === 'trueTtr')!;
    expect(ttr.n).toBe(16);
    expect(ttr.ciLow).toBeLessThanOrEqual(ttr.mean);
    expect(ttr.ciHigh).toBeGreaterThanOrEqual(ttr.mean);
    expect(card.evaluation!.policies[0]!.subgroups.some((s) => s.variable === 'CYP2C9 diplotype')).toBe(true);
    expect(card.evaluation!.policies[0]!.safety.patientsWithViolation).toBeGreaterThanOrEqual(0);
    expect(card.dosingTable!.n).toBe(16 * 90);
    expect(card.rules!.nHoldout).toBeGreaterThan(0);
    expect(card.provenance.configHash).toBe('f'.repeat(64));
    expect(card.provenance.seeds).toMatchObject({ train: 3, evaluation: 500 });
    expect(card.provenance.source.map((s) => s.path)).toEqual(['../../checkpoints/ppo/checkpoint.json', '../../checkpoints/ppo/model.json', '../../checkpoints/ppo/weights.bin']);
    const others = manifest.files.filter((f) => !f.path.startsWith('policy-card'));
    expect(card.artefacts).toEqual(others.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes })));
    const md = readFileSync(join(out(), 'policy-card.md'), 'utf8');
    expect(md).toMatch(/## Out-of-scope use/);
    expect(md).toMatch(/INR > 4/);
  });

  it('writes only the requested formats', async () => {
    const m = await exportAll({ checkpointDir: ckpt(), outDir: join(root, 'onnx-only'), formats: ['onnx', 'json'] });
    expect(m.files.map((f) => f.path)).toEqual(['policy.onnx', 'policy.portable.json']);
  });
});
