/**
 * Resume after a crash: `dosegym run` in a child process is killed (SIGKILL) while it trains
 * the second of two seeds; `dosegym run --resume` then skips the finished seed, retrains the
 * killed one from scratch and must end with exactly the metrics of an uninterrupted run.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExperimentConfig, type ExperimentConfig } from '../../src/experiments/config.js';
import { openRun, removeTempLeftovers } from '../../src/experiments/resume.js';
import { readProgress } from '../../src/experiments/run-dir.js';
import { runExperiment } from '../../src/experiments/runner.js';
import { dosegym, dosegymAsync, exited, tempDir } from './sweep/helpers.js';

/** The smoke experiment with two PPO seeds of a few seconds each, no plots. */
function resumeConfig(): ExperimentConfig {
  const smoke = loadExperimentConfig('experiments/smoke.json');
  const agent = { ...smoke.agents[0]!, budget: 11520, seeds: [1, 2] };
  return { ...smoke, name: 'resume', agents: [agent], outputs: { ...smoke.outputs, plots: false } };
}

/** Wait until the child's stdout contains `text`. */
function waitForOutput(child: ReturnType<typeof dosegymAsync>, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve(seen);
    });
    child.once('exit', () => reject(new Error(`exited before printing '${text}': ${seen}`)));
  });
}

describe('resume', { timeout: 180_000 }, () => {
  it('ends a run killed mid-training with the same metrics as an uninterrupted run', async () => {
    const dir = tempDir('dosegym-resume-');
    const configPath = join(dir, 'resume.json');
    writeFileSync(configPath, JSON.stringify(resumeConfig()));

    const reference = await runExperiment(resumeConfig(), { outDir: join(dir, 'reference'), backend: 'wasm' });

    const child = dosegymAsync(['run', configPath, '--out', join(dir, 'killed')]);
    await waitForOutput(child, 'ppo-s2: training for');
    child.kill('SIGKILL');
    await exited(child);
    const runPath = join(dir, 'killed', readdirSync(join(dir, 'killed'))[0]!);
    const before = await openRun(runPath);
    expect(Object.keys(before.progress.stages)).toEqual(['train/ppo-s1']);
    expect(existsSync(join(runPath, 'checkpoints', 'ppo-s2'))).toBe(false);

    const resumed = dosegym('run', '--resume', runPath);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('ppo-s1: checkpoint found, skipped');
    expect(resumed.stdout).toMatch(/ppo-s2: trained in/);
    expect(Object.keys((await readProgress(before.run)).stages).sort()).toEqual(['evaluate', 'report', 'train', 'train/ppo-s1', 'train/ppo-s2']);

    const metrics = (path: string) => JSON.parse(readFileSync(join(path, 'metrics.json'), 'utf8')).report;
    expect(metrics(runPath)).toEqual(metrics(reference.run.path));
    expect(readFileSync(join(runPath, 'metrics.csv'), 'utf8')).toBe(readFileSync(join(reference.run.path, 'metrics.csv'), 'utf8'));
  });

  it('refuses a different config and cleans temporary leftovers', async () => {
    const dir = tempDir('dosegym-resume-');
    const config = { ...resumeConfig(), agents: [] , evaluation: { ...resumeConfig().evaluation } };
    const run = await runExperiment(config, { outDir: dir, backend: 'wasm', only: [] });
    await expect(openRun(run.run.path, { ...config, question: 'another question' })).rejects.toThrow(/differs from the one .* was started with/);
    writeFileSync(join(run.run.checkpoints, '.ppo.abc.tmp'), 'partial');
    expect(await removeTempLeftovers(run.run)).toEqual([join(run.run.checkpoints, '.ppo.abc.tmp')]);
    await expect(openRun(join(dir, 'nope'))).rejects.toThrow(/is not a run directory/);
  });
});
