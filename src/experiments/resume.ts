/**
 * Re-opening a run directory to resume it (or to re-evaluate / re-report it): the run's own
 * resolved `config.json` is the config (so a resumed run finishes what was started, even
 * if the experiment file changed since); a config given alongside must hash the same.
 * Leftovers of an interrupted atomic write (hidden `.*.tmp` files and directories) are
 * removed, so a training run killed mid-way leaves no trace and is restarted.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { parseExperimentConfig, type ExperimentConfig } from './config.js';
import { configHash } from './provenance.js';
import { readProgress, runDirAt, RUN_SUBDIRS, type Progress, type RunDir } from './run-dir.js';

/** A run directory opened for resuming. */
export interface OpenedRun {
  run: RunDir;
  config: ExperimentConfig;
  progress: Progress;
}

/** Whether `path` looks like a run directory (has config.json and progress.json). */
export function isRunDir(path: string): boolean {
  return existsSync(join(path, 'config.json')) && existsSync(join(path, 'progress.json'));
}

/** Remove hidden temporary files/directories (`.*.tmp`) left by interrupted atomic writes. */
export async function removeTempLeftovers(run: RunDir): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of [run.path, ...RUN_SUBDIRS.map((s) => run[s])]) {
    if (!existsSync(dir)) continue;
    for (const entry of await readdir(dir)) {
      if (entry.startsWith('.') && entry.endsWith('.tmp')) {
        await rm(join(dir, entry), { recursive: true, force: true });
        removed.push(join(dir, entry));
      }
    }
  }
  return removed;
}

/**
 * Open `path` for resuming. With `expected`, its config hash must match the run's.
 * @example const { run, config } = await openRun('runs/warfarin-pgx-20260501T120000Z')
 */
export async function openRun(path: string, expected?: ExperimentConfig): Promise<OpenedRun> {
  const full = resolve(path);
  if (!isRunDir(full)) throw new InputError(`'${path}' is not a run directory (needs config.json and progress.json)`, 'resume');
  const run = runDirAt(full);
  const config = parseExperimentConfig(JSON.parse(await readFile(join(full, 'config.json'), 'utf8')), join(path, 'config.json'));
  if (expected && configHash(expected) !== configHash(config)) {
    throw new InputError(`the config given differs from the one '${path}' was started with (config.json); resume without a config, or start a new run`, 'config');
  }
  await removeTempLeftovers(run);
  return { run, config, progress: await readProgress(run) };
}
