/**
 * Acceptance tests of `dosegym sweep` / `worker` / `sweep-report`, run as a user would
 * (bin/dosegym.js in child processes), on a real 12-cell ppo-identity sweep, and against a
 * real redis-server of our own for the queue executor.
 */
import { readFileSync, statSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dosegym,
  dosegymAsync,
  exited,
  metricsByHash,
  queueSweepKillingAWorker,
  resultCount,
  runLogLines,
  startRedis,
  tempDir,
  tinySpec,
  waitFor,
  writeSpec,
} from '../experiments/sweep/helpers.js';

const dir = tempDir();
const specPath = writeSpec(dir, tinySpec());
const reference = join(dir, 'reference');

describe('dosegym sweep, local executor', { timeout: 180_000 }, () => {
  it('runs 12 cells with 2 workers and writes the aggregated report', () => {
    const r = dosegym('sweep', specPath, '--out', reference, '--workers', '2', '--format', 'json', '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { completed: number; skipped: number; failed: unknown[]; report: { html: string; csv: string }; best: { metric: string; params: Record<string, unknown> } };
    expect(out.completed).toBe(12);
    expect(out.failed).toEqual([]);
    expect(resultCount(reference)).toBe(12);
    expect(readFileSync(out.report.csv, 'utf8').trim().split('\n')).toHaveLength(13);
    expect(readFileSync(out.report.html, 'utf8')).toMatch(/<svg/);
    expect(out.best.metric).toBe('evalMeanReturn');
    expect(Object.keys(out.best.params)).toEqual(['ppo.learningRate', 'ppo.clipRange']);
    const records = readdirSync(join(reference, 'results')).map((f) => JSON.parse(readFileSync(join(reference, 'results', f), 'utf8')) as { backend: string });
    expect(new Set(records.map((x) => x.backend))).toEqual(new Set(['wasm']));
  });

  it('running it again runs nothing', () => {
    const before = runLogLines(reference);
    const mtimes = readdirSync(join(reference, 'results')).map((f) => statSync(join(reference, 'results', f)).mtimeMs);
    const r = dosegym('sweep', specPath, '--out', reference, '--workers', '2', '--format', 'json', '--quiet');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { completed: number; skipped: number };
    expect(out).toMatchObject({ completed: 0, skipped: 12 });
    expect(runLogLines(reference)).toBe(before);
    expect(before).toBe(12);
    expect(readdirSync(join(reference, 'results')).map((f) => statSync(join(reference, 'results', f)).mtimeMs)).toEqual(mtimes);
  });

  it('a sweep killed mid-way resumes where it stopped, with results identical to an uninterrupted run', async () => {
    const out = join(dir, 'killed');
    const child = dosegymAsync(['sweep', specPath, '--out', out, '--workers', '2', '--quiet']);
    await waitFor(() => resultCount(out) >= 3, 60_000, 'three results');
    child.kill('SIGKILL');
    await exited(child);
    const atKill = resultCount(out);
    expect(atKill).toBeLessThan(12);
    const r = dosegym('sweep', specPath, '--out', out, '--workers', '2', '--format', 'json', '--quiet');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { completed: number; skipped: number };
    expect(summary.skipped).toBeGreaterThanOrEqual(3);
    expect(summary.completed + summary.skipped).toBe(12);
    expect(metricsByHash(out)).toEqual(metricsByHash(reference));
  });

  it('--shard i/n tasks started side by side run disjoint cells that together complete the sweep', async () => {
    const out = join(dir, 'sharded');
    const tasks = [0, 1].map((i) => {
      const child = dosegymAsync(['sweep', specPath, '--out', out, '--shard', `${i}/2`, '--format', 'json', '--quiet']);
      let stdout = '';
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
      return exited(child).then((code) => ({ code, summary: JSON.parse(stdout) as { total: number; completed: number; report: unknown } }));
    });
    const results = await Promise.all(tasks);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(results.map((r) => [r.summary.total, r.summary.completed, r.summary.report])).toEqual([
      [6, 6, null],
      [6, 6, null],
    ]);
    expect(runLogLines(out)).toBe(12);
    expect(metricsByHash(out)).toEqual(metricsByHash(reference));
    const report = dosegym('sweep-report', out, '--metric', 'trainLastReturn', '--minimize', '--format', 'json');
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({ cells: 12, withResults: 12, metric: 'trainLastReturn', direction: 'minimize' });
  });

  it('bad input exits 2 with one line naming the problem', () => {
    const bad = writeSpec(dir, tinySpec({ name: 'bad', grid: { 'ppo.learningRat': [0.1] } }));
    const r = dosegym('sweep', bad, '--out', join(dir, 'bad'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/ppo\.learningRat/);
  });
});

describe('dosegym sweep, queue executor on a real redis-server', { timeout: 180_000 }, () => {
  let redis: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('two workers give the same cell results, and a worker killed mid-cell loses nothing', async () => {
    const queue = `q-${process.pid}`;
    const out = join(dir, 'queued');
    const run = await queueSweepKillingAWorker(specPath, out, redis.url, queue);
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ completed: 12, failed: [], pending: 0 });
    expect(metricsByHash(out)).toEqual(metricsByHash(reference));
    // re-enqueueing a finished sweep is a no-op
    const again = dosegym('sweep', specPath, '--out', out, '--executor', 'queue', '--redis', redis.url, '--queue', queue, '--format', 'json', '--quiet');
    expect(JSON.parse(again.stdout)).toMatchObject({ completed: 0, skipped: 12 });
    expect(await run.stopB()).toBe(0);
  });

  it('retries failing cells with backoff, then lists them as dead letters', async () => {
    const queue = `dlq-${process.pid}`;
    const spec = writeSpec(dir, tinySpec({ name: 'failing', grid: { 'ppo.learningRate': [0.001, -1] } }));
    const out = join(dir, 'failing');
    const w = dosegymAsync(['worker', '--redis', redis.url, '--queue', queue]);
    const r = dosegymAsync(['sweep', spec, '--out', out, '--executor', 'queue', '--redis', redis.url, '--queue', queue, '--attempts', '2', '--backoff', '50', '--format', 'json', '--quiet']);
    let stdout = '';
    r.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    expect(await exited(r)).toBe(1);
    const summary = JSON.parse(stdout) as { completed: number; failed: { name: string; attempts: number; error: string }[] };
    expect(summary.completed).toBe(1);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]).toMatchObject({ name: 'learningRate=-1', attempts: 2 });
    expect(summary.failed[0]!.error).toMatch(/learningRate/);
    expect(existsSync(join(out, 'failures'))).toBe(true);
    w.kill('SIGTERM');
    await exited(w);
  });
});
