/**
 * Run directories: one directory per run, `<root>/<name>-<timestamp>/`, with fixed
 * subfolders and a `progress.json` recording finished stages, so an interrupted run can
 * be resumed by skipping what is done.
 *
 * Layout:
 * ```
 * runs/warfarin-ppo-20260501T120000Z/
 *   progress.json      finished stages (written atomically)
 *   checkpoints/  plots/  trajectories/  export/
 * ```
 * The timestamp is UTC, `YYYYMMDDTHHMMSSZ` (sortable, no ':' so it is a valid file name on
 * every platform). If the directory exists already (two runs in the same second), `-2`,
 * `-3`, … is appended.
 *
 * progress.json has one writer, the run's orchestrator: `markStageDone` reads, updates and
 * atomically rewrites it, so concurrent calls from several processes could lose a stage.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, ParseError } from '../core/errors.js';
import { writeJsonAtomic } from '../core/atomic-write.js';

/** The subfolders every run directory has. */
export const RUN_SUBDIRS = ['checkpoints', 'plots', 'trajectories', 'export'] as const;

/** Paths of a run directory. */
export interface RunDir {
  path: string;
  checkpoints: string;
  plots: string;
  trajectories: string;
  export: string;
  progressFile: string;
}

/** One finished stage in progress.json. */
export interface StageRecord {
  /** ISO time the stage finished. */
  finishedAt: string;
  /** Anything the stage wants to find again on resume (paths, metrics). */
  details?: unknown;
}

/** Contents of progress.json. */
export interface Progress {
  version: 1;
  stages: Record<string, StageRecord>;
}

const NAME_PATTERN = /^[A-Za-z0-9][\w.-]*$/;

/**
 * UTC timestamp for directory names.
 * @example runTimestamp(new Date('2026-05-01T12:00:00.123Z')) // '20260501T120000Z'
 */
export function runTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** The paths of the run directory at `path` (nothing is created). */
export function runDirAt(path: string): RunDir {
  return {
    path,
    checkpoints: join(path, 'checkpoints'),
    plots: join(path, 'plots'),
    trajectories: join(path, 'trajectories'),
    export: join(path, 'export'),
    progressFile: join(path, 'progress.json'),
  };
}

/**
 * Create `<root>/<name>-<timestamp>/` with its subfolders and an empty progress.json.
 * @param name letters, digits, '_', '.', '-' (starting with a letter or digit)
 * @example const run = await createRunDir('runs', 'warfarin-ppo') // run.path = 'runs/warfarin-ppo-20260501T120000Z'
 */
export async function createRunDir(root: string, name: string, now: Date = new Date()): Promise<RunDir> {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new InputError(`run name must hold letters, digits, '_', '.', '-' and start with a letter or digit, got ${JSON.stringify(name)}`, 'name');
  }
  await mkdir(root, { recursive: true });
  const base = join(root, `${name}-${runTimestamp(now)}`);
  for (let k = 1; ; k++) {
    const path = k === 1 ? base : `${base}-${k}`;
    try {
      await mkdir(path); // not recursive: fails if it exists, so two runs never share a directory
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    const run = runDirAt(path);
    for (const sub of RUN_SUBDIRS) await mkdir(run[sub]);
    await writeJsonAtomic(run.progressFile, { version: 1, stages: {} } satisfies Progress);
    return run;
  }
}

/**
 * The progress of a run (no stages when progress.json is absent).
 * @example (await readProgress(run)).stages.train?.finishedAt
 */
export async function readProgress(run: RunDir): Promise<Progress> {
  let text: string;
  try {
    text = await readFile(run.progressFile, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, stages: {} };
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ParseError(`${run.progressFile}: malformed JSON (${(e as Error).message})`);
  }
  const p = parsed as Partial<Progress> | null;
  if (p === null || typeof p !== 'object' || p.version !== 1 || typeof p.stages !== 'object' || p.stages === null) {
    throw new ParseError(`${run.progressFile}: expected { "version": 1, "stages": { … } }`);
  }
  return p as Progress;
}

/**
 * Whether `stage` has finished.
 * @example if (!(await isStageDone(run, 'train'))) await train()
 */
export async function isStageDone(run: RunDir, stage: string): Promise<boolean> {
  return (await readProgress(run)).stages[stage] !== undefined;
}

/**
 * Record `stage` as finished (atomically rewriting progress.json).
 * @example await markStageDone(run, 'evaluate', { report: 'report.html' })
 */
export async function markStageDone(run: RunDir, stage: string, details?: unknown, now: Date = new Date()): Promise<Progress> {
  const progress = await readProgress(run);
  progress.stages[stage] = { finishedAt: now.toISOString(), ...(details === undefined ? {} : { details }) };
  await writeJsonAtomic(run.progressFile, progress);
  return progress;
}
