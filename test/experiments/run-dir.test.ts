import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createRunDir, isStageDone, markStageDone, readProgress, runDirAt, runTimestamp } from '../../src/experiments/run-dir.js';

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'dosegym-runs-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

const NOW = new Date('2026-05-01T12:00:00.123Z');

describe('run directories', () => {
  it('creates <name>-<timestamp>/ with its subfolders and an empty progress', async () => {
    const run = await createRunDir(root, 'warfarin-ppo', NOW);
    expect(basename(run.path)).toBe('warfarin-ppo-20260501T120000Z');
    expect(readdirSync(run.path).sort()).toEqual(['checkpoints', 'export', 'plots', 'progress.json', 'trajectories']);
    for (const sub of [run.checkpoints, run.plots, run.trajectories, run.export]) expect(statSync(sub).isDirectory()).toBe(true);
    expect(await readProgress(run)).toEqual({ version: 1, stages: {} });
  });

  it('never shares a directory between two runs in the same second', async () => {
    const [a, b] = await Promise.all([createRunDir(root, 'x', NOW), createRunDir(root, 'x', NOW)]);
    expect(new Set([basename(a.path), basename(b.path)])).toEqual(new Set(['x-20260501T120000Z', 'x-20260501T120000Z-2']));
  });

  it('records finished stages for resume', async () => {
    const run = await createRunDir(root, 'r', NOW);
    expect(await isStageDone(run, 'train')).toBe(false);
    await markStageDone(run, 'train', { checkpoint: 'checkpoints/final' }, NOW);
    await markStageDone(run, 'evaluate', undefined, NOW);
    const reopened = runDirAt(run.path);
    expect(await isStageDone(reopened, 'train')).toBe(true);
    expect((await readProgress(reopened)).stages).toEqual({
      train: { finishedAt: '2026-05-01T12:00:00.123Z', details: { checkpoint: 'checkpoints/final' } },
      evaluate: { finishedAt: '2026-05-01T12:00:00.123Z' },
    });
    expect(readdirSync(run.path).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('validates names and progress files', async () => {
    await expect(createRunDir(root, '../escape')).rejects.toThrow(/run name/);
    await expect(createRunDir(root, '')).rejects.toThrow(/run name/);
    const run = await createRunDir(root, 'bad', NOW);
    writeFileSync(run.progressFile, '{"version": 2}');
    await expect(readProgress(run)).rejects.toThrow(/expected \{ "version": 1/);
    writeFileSync(run.progressFile, '{oops');
    await expect(readProgress(run)).rejects.toThrow(/malformed JSON/);
    expect(await readProgress(runDirAt(join(root, 'missing')))).toEqual({ version: 1, stages: {} });
  });

  it('formats sortable UTC timestamps', () => {
    expect(runTimestamp(NOW)).toBe('20260501T120000Z');
  });
});
