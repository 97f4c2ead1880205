/**
 * runExperiment on the tiny smoke experiment (experiments/smoke.json: PPO for 1 440 steps
 * against two protocols on 24 test patients), in process.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperimentConfig } from '../../src/experiments/config.js';
import { readProgress } from '../../src/experiments/run-dir.js';
import { runExperiment, type RunResult } from '../../src/experiments/runner.js';
import type { MetricsFile } from '../../src/experiments/stages/evaluate.js';
import { registerExtraStage } from '../../src/experiments/stages/extra-stages.js';
import type { RunEvent } from '../../src/experiments/stages/stage.js';

const out = mkdtempSync(join(tmpdir(), 'dosegym-runner-'));
const events: RunEvent[] = [];
const extraSaw: string[] = [];
let result: RunResult;

beforeAll(async () => {
  registerExtraStage({
    name: 'export-probe',
    enabled: (c) => c.outputs.export,
    run: async (ctx) => {
      extraSaw.push(...readdirSync(ctx.run.plots));
      writeFileSync(join(ctx.run.export, 'probe.txt'), 'exported\n');
      return { files: ['export/probe.txt'] };
    },
  });
  const config = loadExperimentConfig('experiments/smoke.json');
  result = await runExperiment({ ...config, outputs: { ...config.outputs, export: true } }, { outDir: out, backend: 'wasm', onEvent: (e) => events.push(e) });
}, 60_000);

describe('runExperiment', () => {
  it('runs the stages in order, extra stages between plots and report, and records them', async () => {
    expect(result.ran).toEqual(['train', 'evaluate', 'plots', 'export', 'export-probe', 'report']);
    const progress = await readProgress(result.run);
    expect(Object.keys(progress.stages).sort()).toEqual(['evaluate', 'export', 'export-probe', 'plots', 'report', 'train', 'train/ppo']);
    expect(extraSaw).toContain('inr-trajectories.svg');
    expect(events.filter((e) => e.kind === 'stage' && e.status === 'done').map((e) => (e as { stage: string }).stage)).toEqual(result.ran);
    expect(events.some((e) => e.kind === 'train-progress' && e.run === 'ppo')).toBe(true);
  });

  it('writes the resolved config and provenance', () => {
    const dir = result.run.path;
    expect(readdirSync(out)).toEqual([dir.split('/').pop()]);
    expect(dir).toMatch(/smoke-\d{8}T\d{6}Z$/);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config.evaluation.bootstrap).toEqual({ B: 200, alpha: 0.05, seed: 0 });
    const prov = JSON.parse(readFileSync(join(dir, 'provenance.json'), 'utf8'));
    expect(prov.backend).toBe('wasm');
    expect(prov.models[0].id).toBe('hamberg2007-warfarin');
    expect(prov.models[0].citation).toMatch(/Hamberg/);
    expect(prov.seeds).toMatchObject({ 'cohorts.test.seed': 1000000, 'agents.ppo': 1 });
    expect(prov.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(prov.citations.join(' ')).toMatch(/Proximal Policy Optimization/);
  });

  it('saves a loadable checkpoint with its training log', () => {
    const ckpt = join(result.run.checkpoints, 'ppo');
    expect(existsSync(join(ckpt, 'checkpoint.json'))).toBe(true);
    const meta = JSON.parse(readFileSync(join(ckpt, 'checkpoint.json'), 'utf8'));
    expect(meta.normalization.mean).toHaveLength(29);
    const training = JSON.parse(readFileSync(join(ckpt, 'training.json'), 'utf8'));
    expect(training).toMatchObject({ name: 'ppo', algo: 'ppo', seed: 1, seedStreams: [4, 8] });
    expect(training.timesteps).toBeGreaterThanOrEqual(1440);
    expect(training.log.length).toBeGreaterThan(0);
  });

  it('writes metrics with CIs per policy, subgroup and paired difference', () => {
    const metrics = JSON.parse(readFileSync(join(result.run.path, 'metrics.json'), 'utf8')) as MetricsFile;
    expect(metrics.report.policies.map((p) => p.name)).toEqual(['ppo', 'iwpc-pg+nomogram', 'fixed+nomogram']);
    const pttr = metrics.report.mainTable.filter((c) => c.metric === 'pttr');
    expect(pttr).toHaveLength(3);
    for (const c of pttr) expect(c.summary.ci.low).toBeLessThanOrEqual(c.summary.ci.high);
    const paired = metrics.report.paired.find((p) => p.metric === 'pttr')!.differences;
    expect(paired.map((d) => d.policy)).toEqual(['ppo', 'fixed+nomogram']);
    expect(paired.every((d) => d.n === 24 && d.reference === 'iwpc-pg+nomogram')).toBe(true);
    expect(metrics.report.cohort.size).toBe(24);
    const csv = readFileSync(join(result.run.path, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('table,policy,reference,metric,variable,group,n,estimate,low,high,level');
    expect(csv.some((l) => l.startsWith('paired,ppo,iwpc-pg+nomogram,pttr,'))).toBe(true);
    expect(csv.some((l) => l.startsWith('subgroup,ppo,,pttr,CYP2C9 diplotype,'))).toBe(true);
    expect(readFileSync(join(result.run.path, 'episodes.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 3 * 24);
    const sample = JSON.parse(readFileSync(join(result.run.trajectories, 'sample.json'), 'utf8'));
    expect(sample[0].episodes).toHaveLength(5);
    expect(sample[0].episodes[0].trueInr).toHaveLength(90);
  });

  it('renders every plot to SVG and PNG and a self-contained report linking the artefacts', () => {
    const plots = readdirSync(result.run.plots);
    for (const p of ['inr-trajectories', 'dose-trajectories', 'pttr-by-cyp2c9', 'pttr-by-vkorc1', 'learning-curves', 'policy-map']) {
      expect(plots).toContain(`${p}.svg`);
      expect(plots).toContain(`${p}.png`);
    }
    const html = readFileSync(result.report!, 'utf8');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org|vega\.github\.io)/);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(html).toContain('href="metrics.csv"');
    expect(html).toContain('href="checkpoints/ppo"');
    expect(html).toContain('href="export/probe.txt"');
    expect(html).toContain('Smoke test of the experiment pipeline');
  });

  it('skips finished stages when resumed', async () => {
    const again = await runExperiment(result.config, { resume: result.run.path, backend: 'wasm' });
    expect(again.ran).toEqual([]);
    expect(again.skipped).toEqual(['train', 'evaluate', 'plots', 'export', 'export-probe', 'report']);
  });
});
