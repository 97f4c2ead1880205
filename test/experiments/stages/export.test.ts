/**
 * The export stage on the smoke experiment with `outputs.export` on: every format of the
 * trained PPO under export/ppo/, the run's provenance in the policy card, relative links to
 * every exported file in report.html, and a resumed run that skips the finished export.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperimentConfig, type ExperimentConfig } from '../../../src/experiments/config.js';
import { readProgress } from '../../../src/experiments/run-dir.js';
import { runExperiment, type RunResult } from '../../../src/experiments/runner.js';
import type { ExportRecord } from '../../../src/experiments/stages/export.js';
import type { ExportManifest } from '../../../src/export/export-all.js';
import { tempDir } from '../sweep/helpers.js';

const FILES = [
  'policy.onnx',
  'tfjs/model.json',
  'tfjs/weights.bin',
  'tfjs/preprocessing.json',
  'policy.portable.json',
  'dosing-table.csv',
  'dosing-table.md',
  'rules.json',
  'rules.md',
  'fhir-plan-definition.json',
  'policy-card.json',
  'policy-card.md',
];

function smokeWithExport(): ExperimentConfig {
  const smoke = loadExperimentConfig('experiments/smoke.json');
  return { ...smoke, name: 'smoke-export', outputs: { ...smoke.outputs, plots: false, export: true } };
}

let result: RunResult;

beforeAll(async () => {
  result = await runExperiment(smokeWithExport(), { outDir: tempDir('dosegym-export-stage-'), backend: 'wasm' });
}, 120_000);

describe('export stage', { timeout: 120_000 }, () => {
  it('runs between plots and report and records the manifests', async () => {
    expect(result.ran).toEqual(['train', 'evaluate', 'export', 'report']);
    const details = (await readProgress(result.run)).stages.export!.details as { exports: ExportRecord[]; skipped: unknown[] };
    expect(details.skipped).toEqual([]);
    expect(details.exports.map((e) => [e.policy, e.dir, e.manifest])).toEqual([['ppo', 'export/ppo', 'export/ppo/manifest.json']]);
    expect([...details.exports[0]!.files].sort()).toEqual([...FILES].sort());
  });

  it('writes every format of the trained agent into export/<agent run>/', () => {
    const dir = join(result.run.export, 'ppo');
    for (const f of [...FILES, 'manifest.json']) expect(statSync(join(dir, f)).size, f).toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(manifest).toMatchObject({ policy: 'ppo', envId: 'dosegym/Warfarin-v0', skipped: [] });
    expect(manifest.summary.tableFidelity!.n).toBeGreaterThan(0);
    expect(Object.keys(manifest.summary.trueTtr!)).toEqual(['ppo', 'rules']);
  });

  it("puts the run's provenance and the held-out test patients into the policy card", () => {
    const card = JSON.parse(readFileSync(join(result.run.export, 'ppo', 'policy-card.json'), 'utf8'));
    const provenance = JSON.parse(readFileSync(join(result.run.path, 'provenance.json'), 'utf8'));
    expect(card.provenance.configHash).toBe(provenance.configHash);
    expect(card.provenance.run).toEqual(provenance);
    expect(card.provenance.seeds).toMatchObject({ train: 1, evaluation: 1_000_000, 'agents.ppo': 1, 'cohorts.test.seed': 1_000_000 });
    expect(card.provenance.source.map((s: { path: string }) => s.path)).toContain('../../checkpoints/ppo/checkpoint.json');
    // 24 test patients (fewer than the stage's 200), seeds 1 000 000 + k, as the evaluate stage.
    expect(card.evaluation).toMatchObject({ episodes: 24, seed: 1_000_000, B: 200 });
    expect(card.checkpoint).toMatchObject({ algo: 'ppo', seed: 1 });
  });

  it('links every exported file from report.html with a relative href', () => {
    const html = readFileSync(join(result.run.path, 'report.html'), 'utf8');
    for (const f of [...FILES, 'manifest.json']) {
      const href = `export/ppo/${f}`;
      expect(html, href).toContain(`<a href="${href}">`);
      expect(existsSync(join(result.run.path, href))).toBe(true);
    }
    expect(html).not.toMatch(/href="\//);
  });

  it('is skipped when resuming a run whose export is finished', async () => {
    const manifest = join(result.run.export, 'ppo', 'manifest.json');
    const mtime = statSync(manifest).mtimeMs;
    const resumed = await runExperiment(smokeWithExport(), { resume: result.run.path, backend: 'wasm' });
    expect(resumed.ran).toEqual([]);
    expect(resumed.skipped).toEqual(['train', 'evaluate', 'plots', 'export', 'report']);
    expect(statSync(manifest).mtimeMs).toBe(mtime);
  });

  it('is run again on resume when it was killed mid-export, leaving no temporary files', async () => {
    const onnx = readFileSync(join(result.run.export, 'ppo', 'policy.onnx'));
    // What a kill mid-export leaves: a temporary export directory, no 'export' (nor 'report') record.
    mkdirSync(join(result.run.export, '.ppo.0123456789ab.tmp', 'tfjs'), { recursive: true });
    writeFileSync(join(result.run.export, '.ppo.0123456789ab.tmp', 'policy.onnx'), 'partial');
    const progress = JSON.parse(readFileSync(result.run.progressFile, 'utf8'));
    delete progress.stages.export;
    delete progress.stages.report;
    writeFileSync(result.run.progressFile, JSON.stringify(progress));
    const resumed = await runExperiment(smokeWithExport(), { resume: result.run.path, backend: 'wasm' });
    expect(resumed.ran).toEqual(['export', 'report']);
    expect(readdirSync(result.run.export)).toEqual(['ppo']);
    expect(readFileSync(join(result.run.export, 'ppo', 'policy.onnx'))).toEqual(onnx);
  });

  it('is not run with outputs.export off', async () => {
    const config = smokeWithExport();
    const off = await runExperiment({ ...config, agents: [], outputs: { ...config.outputs, export: false, report: false } }, { outDir: tempDir('dosegym-export-off-'), backend: 'wasm' });
    expect(off.ran).toEqual(['evaluate']);
    expect(off.report).toBeNull();
  });
});
