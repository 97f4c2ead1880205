/**
 * `dosegym run`, `dosegym evaluate` and `dosegym report` as a user runs them (bin/dosegym.js
 * in child processes, not a TTY: plain progress lines), on the tiny smoke experiment.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dosegym, tempDir } from '../experiments/sweep/helpers.js';

describe('dosegym run / evaluate / report', { timeout: 180_000 }, () => {
  const out = tempDir('dosegym-run-cli-');
  let runPath = '';

  it('runs an experiment end to end and prints the headline numbers', () => {
    const r = dosegym('run', 'experiments/smoke.json', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const stage of ['train', 'evaluate', 'plots', 'report']) expect(r.stdout).toContain(`[${stage}] done`);
    expect(r.stdout).toMatch(/^PTTR iwpc-pg\+nomogram: [\d.]+ % \([\d.]+ % to [\d.]+ %\)$/m);
    expect(r.stdout).toMatch(/^PTTR ppo − iwpc-pg\+nomogram: -?[\d.]+ % .*\(paired, n = 24\)$/m);
    expect(r.stdout).toMatch(/^tfjs backend: wasm$/m);
    runPath = join(out, readdirSync(out)[0]!);
    expect(r.stdout).toContain(`report: ${join(runPath, 'report.html')}`);
  });

  it('re-renders the report from saved metrics, and missing plots from their specs', () => {
    rmSync(join(runPath, 'report.html'));
    rmSync(join(runPath, 'plots', 'policy-map.svg'));
    const r = dosegym('report', runPath);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(statSync(join(runPath, 'plots', 'policy-map.svg')).size).toBeGreaterThan(1000);
    expect(readFileSync(join(runPath, 'report.html'), 'utf8')).toContain('<h2>Paired differences vs iwpc-pg+nomogram</h2>');
  });

  it('re-evaluates a run directory from its checkpoints with the same numbers', () => {
    const before = readFileSync(join(runPath, 'metrics.csv'), 'utf8');
    const r = dosegym('evaluate', runPath);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('[train]');
    expect(r.stdout).toContain('[evaluate] done');
    expect(readFileSync(join(runPath, 'metrics.csv'), 'utf8')).toBe(before);
  });

  it('evaluates the baselines of a config without training', () => {
    const dir = tempDir('dosegym-eval-cli-');
    const r = dosegym('evaluate', 'experiments/smoke.json', '--out', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('leaving out 1 agent(s)');
    const run = join(dir, readdirSync(dir)[0]!);
    const metrics = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8'));
    expect(metrics.report.policies.map((p: { name: string }) => p.name)).toEqual(['iwpc-pg+nomogram', 'fixed+nomogram']);
  });

  it('exits 2 with one line naming the JSON path of a bad config', () => {
    const dir = tempDir('dosegym-bad-config-');
    const smoke = JSON.parse(readFileSync('experiments/smoke.json', 'utf8'));
    smoke.cohorts.test.size = 0;
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(smoke));
    const r = dosegym('run', join(dir, 'bad.json'), '--out', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dosegym: .*bad\.json: \$\.cohorts\.test\.size: must be a positive integer, got 0\n$/);
    expect(dosegym('report', dir).stderr).toMatch(/is not an evaluated run directory/);
  });
});
