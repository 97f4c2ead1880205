/**
 * Acceptance of the sweep with the experiment runner (the default `experiment` cell runner)
 * on experiments/examples/warfarin-ppo.sweep.json: PPO on Warfarin-v0, 2 learning rates × 6
 * seeds = 12 cells of a small budget, run as a user would (bin/dosegym.js in
 * child processes):
 * - `local`: runs and writes the aggregated report; running it again does nothing; killed
 *   mid-way and resumed, it ends with results identical to the uninterrupted run;
 * - `queue` with two worker processes against a real redis-server: identical cell results,
 *   and a worker killed mid-cell loses nothing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dosegym, dosegymAsync, exited, metricsByHash, queueSweepKillingAWorker, resultCount, runLogLines, startRedis, tempDir, waitFor } from './helpers.js';

const SPEC = 'experiments/examples/warfarin-ppo.sweep.json';
const dir = tempDir('dosegym-warfarin-sweep-');
const reference = join(dir, 'reference');
let referenceCsv = '';

interface Summary {
  completed: number;
  skipped: number;
  failed: unknown[];
  pending?: number;
  report: { html: string; csv: string } | null;
  best: { metric: string; params: Record<string, unknown>; mean: number } | null;
}

function resultMtimes(sweepDir: string): number[] {
  return readdirSync(join(sweepDir, 'results'))
    .sort()
    .map((f) => statSync(join(sweepDir, 'results', f)).mtimeMs);
}

describe('warfarin PPO sweep with the experiment runner, local executor', { timeout: 180_000 }, () => {
  it('runs 12 cells and writes the aggregated report', () => {
    const r = dosegym('sweep', SPEC, '--out', reference, '--workers', '2', '--format', 'json', '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Summary;
    expect(out).toMatchObject({ completed: 12, skipped: 0, failed: [] });
    expect(resultCount(reference)).toBe(12);
    referenceCsv = readFileSync(out.report!.csv, 'utf8');
    expect(referenceCsv.trim().split('\n')).toHaveLength(13);
    expect(readFileSync(out.report!.html, 'utf8')).toMatch(/<svg/);
    expect(out.best!.metric).toBe('ppo.pttr');
    expect(Object.keys(out.best!.params)).toEqual(['agents[0].config.learningRate']);
    const records = readdirSync(join(reference, 'results')).map((f) => JSON.parse(readFileSync(join(reference, 'results', f), 'utf8')) as { hash: string; runner: string; backend: string; metrics: Record<string, number>; info: { run: string } });
    expect(new Set(records.map((x) => x.runner))).toEqual(new Set(['experiment']));
    expect(new Set(records.map((x) => x.backend))).toEqual(new Set(['wasm']));
    for (const rec of records) {
      expect(Object.keys(rec.metrics)).toEqual(expect.arrayContaining(['ppo.pttr', 'ppo.trueTtr', 'ppo.return', 'ppo.cost', 'ppo.trainReturn']));
      expect(rec.metrics['ppo.pttr']).toBeGreaterThanOrEqual(0);
      expect(rec.metrics['ppo.pttr']).toBeLessThanOrEqual(1);
      // each cell is a run directory of `dosegym run`, without the parts a sweep switches off
      const run = join(reference, 'cells', rec.hash, rec.info.run);
      expect(existsSync(join(run, 'metrics.json'))).toBe(true);
      expect(existsSync(join(run, 'checkpoints', 'ppo', 'checkpoint.json'))).toBe(true);
      expect(existsSync(join(run, 'report.html'))).toBe(false);
      expect(readdirSync(join(run, 'plots')).filter((f) => f.endsWith('.svg'))).toEqual([]);
    }
    // seeds and hyper-parameters change the outcome
    expect(new Set(records.map((x) => x.metrics['ppo.trainReturn'])).size).toBeGreaterThan(1);
  });

  it('running it again runs nothing', () => {
    const before = runLogLines(reference);
    const mtimes = resultMtimes(reference);
    const r = dosegym('sweep', SPEC, '--out', reference, '--workers', '2', '--format', 'json', '--quiet');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ completed: 0, skipped: 12 });
    expect(before).toBe(12);
    expect(runLogLines(reference)).toBe(before);
    expect(resultMtimes(reference)).toEqual(mtimes);
  });

  it('killed mid-way and resumed, it completes with results identical to the uninterrupted run', async () => {
    const out = join(dir, 'killed');
    const child = dosegymAsync(['sweep', SPEC, '--out', out, '--workers', '2', '--quiet'], { detached: true });
    await waitFor(() => resultCount(out) >= 3, 90_000, 'three results');
    process.kill(-child.pid!, 'SIGKILL');
    await exited(child);
    const atKill = resultCount(out);
    expect(atKill).toBeLessThan(12);
    const r = dosegym('sweep', SPEC, '--out', out, '--workers', '2', '--format', 'json', '--quiet');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as Summary;
    expect(summary.skipped).toBe(atKill);
    expect(summary.completed).toBe(12 - atKill);
    expect(metricsByHash(out)).toEqual(metricsByHash(reference));
    expect(readFileSync(summary.report!.csv, 'utf8')).toBe(referenceCsv);
  });
});

describe('warfarin PPO sweep with the experiment runner, queue executor on a real redis-server', { timeout: 180_000 }, () => {
  let redis: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('two workers give identical cell results, and a worker killed mid-cell loses nothing', async () => {
    const queue = `warfarin-${process.pid}`;
    const out = join(dir, 'queued');
    const run = await queueSweepKillingAWorker(SPEC, out, redis.url, queue);
    // A was killed mid-cell: its cell had no result yet (a re-delivery of the stalled job completes it).
    expect(run.killedHadResult).toBe(false);
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ completed: 12, failed: [], pending: 0 });
    expect(resultCount(out)).toBe(12);
    expect(metricsByHash(out)).toEqual(metricsByHash(reference));
    // re-enqueueing a finished sweep is a no-op
    const again = dosegym('sweep', SPEC, '--out', out, '--executor', 'queue', '--redis', redis.url, '--queue', queue, '--format', 'json', '--quiet');
    expect(JSON.parse(again.stdout)).toMatchObject({ completed: 0, skipped: 12 });
    expect(await run.stopB()).toBe(0);
  });
});
