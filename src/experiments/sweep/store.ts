/**
 * The sweep directory: where cells run and where their results are committed.
 *
 * ```
 * <sweep-dir>/
 *   sweep.json            manifest: the spec and the expanded cells (hash, name, params)
 *   results/<hash>.json   one record per finished cell: THE commit point
 *   failures/<hash>.json  the last failure of a cell that has no result (removed on success)
 *   cells/<hash>/         the cell runner's own working directory
 *   runs.log              JSON lines, one per cell execution started (audit, run counter)
 * ```
 *
 * Idempotence: a cell is done iff `results/<hash>.json` exists. Records are written
 * atomically (temp file + rename), so a reader sees either no record or a whole one,
 * and a process killed mid-write leaves nothing behind that counts. Two workers finishing
 * the same cell (a stalled queue job re-run while the first attempt still ran) write the
 * same hash: the second rename replaces the first, and the cell still counts once.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../../core/atomic-write.js';
import type { SweepCell } from './expand.js';
import type { SweepSpec } from './spec.js';

/** The committed result of one cell. */
export interface CellRecord {
  hash: string;
  index: number;
  name: string;
  params: Record<string, unknown>;
  metrics: Record<string, number>;
  runner: string;
  /** tfjs backend the runner used, when it reported one. */
  backend?: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  host: string;
  pid: number;
  /** `CUDA_VISIBLE_DEVICES` of the process that ran the cell, when set. */
  devices?: string;
  info?: Record<string, unknown>;
}

/** The last failed attempt of a cell. */
export interface CellFailure {
  hash: string;
  index: number;
  name: string;
  error: string;
  /** Attempts made so far, when the executor counts them (queue). */
  attempts?: number;
  at: string;
  host: string;
  pid: number;
}

/** One line of `runs.log`. */
export interface RunLogEntry {
  hash: string;
  event: 'start';
  at: string;
  host: string;
  pid: number;
}

/** What `sweep.json` holds. */
export interface SweepManifest {
  spec: SweepSpec;
  cells: Omit<SweepCell, 'config'>[];
  createdAt: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** Read/write access to one sweep directory. */
export class SweepStore {
  constructor(readonly dir: string) {}

  get manifestPath(): string {
    return join(this.dir, 'sweep.json');
  }

  resultPath(hash: string): string {
    return join(this.dir, 'results', `${hash}.json`);
  }

  failurePath(hash: string): string {
    return join(this.dir, 'failures', `${hash}.json`);
  }

  /** The cell's own working directory. */
  cellDir(hash: string): string {
    return join(this.dir, 'cells', hash);
  }

  get runLogPath(): string {
    return join(this.dir, 'runs.log');
  }

  /** Write the manifest (every time a sweep starts: the spec may have grown). */
  async writeManifest(spec: SweepSpec, cells: readonly SweepCell[]): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const manifest: SweepManifest = {
      spec,
      cells: cells.map(({ config: _config, ...rest }) => rest),
      createdAt: new Date().toISOString(),
    };
    await writeJsonAtomic(this.manifestPath, manifest);
  }

  /** The manifest, or undefined when this is not (yet) a sweep directory. */
  readManifest(): SweepManifest | undefined {
    return existsSync(this.manifestPath) ? readJson<SweepManifest>(this.manifestPath) : undefined;
  }

  /** Whether the cell has a committed result. */
  has(hash: string): boolean {
    return existsSync(this.resultPath(hash));
  }

  read(hash: string): CellRecord | undefined {
    return this.has(hash) ? readJson<CellRecord>(this.resultPath(hash)) : undefined;
  }

  /** Commit a cell's result atomically and clear its failure, if any. */
  async write(record: CellRecord): Promise<void> {
    mkdirSync(join(this.dir, 'results'), { recursive: true });
    await writeJsonAtomic(this.resultPath(record.hash), record);
    rmSync(this.failurePath(record.hash), { force: true });
  }

  /** Every committed record, in cell-index order. */
  list(): CellRecord[] {
    const dir = join(this.dir, 'results');
    return jsonFiles(dir)
      .map((f) => readJson<CellRecord>(join(dir, f)))
      .sort((a, b) => a.index - b.index);
  }

  /** Record a failed attempt (overwrites the previous one of that cell). */
  async writeFailure(failure: CellFailure): Promise<void> {
    mkdirSync(join(this.dir, 'failures'), { recursive: true });
    await writeJsonAtomic(this.failurePath(failure.hash), failure);
  }

  /** Failures of cells that still have no result, in cell-index order. */
  listFailures(): CellFailure[] {
    const dir = join(this.dir, 'failures');
    return jsonFiles(dir)
      .map((f) => readJson<CellFailure>(join(dir, f)))
      .filter((f) => !this.has(f.hash))
      .sort((a, b) => a.index - b.index);
  }

  /**
   * Append one line to `runs.log`. Lines are small single `write`s with O_APPEND, so
   * concurrent writers on one machine do not interleave within a line.
   */
  logRun(entry: RunLogEntry): void {
    mkdirSync(this.dir, { recursive: true });
    appendFileSync(this.runLogPath, `${JSON.stringify(entry)}\n`);
  }

  /** Every `runs.log` entry (empty when none). */
  readRunLog(): RunLogEntry[] {
    if (!existsSync(this.runLogPath)) return [];
    return readFileSync(this.runLogPath, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as RunLogEntry);
  }
}
