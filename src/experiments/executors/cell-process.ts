/**
 * A handle on one cell process (./worker-main.ts running as a child): start it, hand it
 * cells one at a time, stop it. Used by the local executor (a pool of them) and by the
 * queue worker (one per concurrency slot).
 *
 * The child is `node [--import tsx] worker-main.(ts|js)`: the tsx loader is added when this
 * file runs from TypeScript sources, and resolved to an absolute path so the child works
 * from any working directory.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { openSync, mkdirSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CellOutcome, CellTask } from '../sweep/run-cell.js';
import type { CellProcessRequest } from './worker-main.js';

const fromTs = import.meta.url.endsWith('.ts');
const workerMain = fileURLToPath(new URL(fromTs ? './worker-main.ts' : './worker-main.js', import.meta.url));

/** How to start a cell process. */
export interface CellProcessOptions {
  /** Extra environment (e.g. `DOSEGYM_BACKEND`, `CUDA_VISIBLE_DEVICES`), over process.env. */
  env?: Record<string, string>;
  /** Append the child's stdout/stderr to this file; default: inherit the parent's. */
  logFile?: string;
}

type ChildMessage = { type: 'ready' } | { type: 'started'; hash: string } | { type: 'outcome'; outcome: CellOutcome };

/** Raised when the child dies while a cell is assigned to it. */
export class CellProcessExit extends Error {}

export class CellProcess {
  private readonly child: ChildProcess;
  private readonly ready: Promise<void>;
  private current: { resolve: (o: CellOutcome) => void; reject: (e: Error) => void; onStarted?: () => void } | undefined;
  private exited = false;
  /** Resolves with the exit code (or signal name) when the child has ended. */
  readonly exit: Promise<number | string>;

  constructor(options: CellProcessOptions = {}) {
    let fd: number | undefined;
    if (options.logFile) {
      mkdirSync(dirname(options.logFile), { recursive: true });
      fd = openSync(options.logFile, 'a');
    }
    this.child = fork(workerMain, [], {
      execArgv: fromTs ? ['--import', import.meta.resolve('tsx')] : [],
      env: { ...process.env, ...options.env },
      stdio: fd === undefined ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', fd, fd, 'ipc'],
      serialization: 'json',
    });
    if (fd !== undefined) closeSync(fd);
    this.ready = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.on('message', (m: ChildMessage) => {
        if (m.type === 'ready') resolve();
        else if (m.type === 'started') this.current?.onStarted?.();
        else if (m.type === 'outcome') {
          const c = this.current;
          this.current = undefined;
          c?.resolve(m.outcome);
        }
      });
    });
    this.exit = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exited = true;
        const why = code ?? signal ?? 'unknown';
        this.current?.reject(new CellProcessExit(`cell process ${this.child.pid} exited (${why}) while running a cell`));
        this.current = undefined;
        resolve(why);
      });
    });
    // A child that dies before 'ready' makes `ready` hang; the exit promise rejects runs instead.
    this.ready.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the child is still running. */
  get alive(): boolean {
    return !this.exited;
  }

  /**
   * Run one task in the child. Rejects with {@link CellProcessExit} when the child dies
   * before answering; a failing runner resolves with `status: 'failed'`.
   */
  async run(task: CellTask, options: { attempts?: number; onStarted?: () => void } = {}): Promise<CellOutcome> {
    if (this.current) throw new Error('cell process is busy');
    await Promise.race([this.ready, this.exit]);
    if (this.exited) throw new CellProcessExit(`cell process ${this.child.pid} exited before it was ready`);
    return new Promise<CellOutcome>((resolve, reject) => {
      this.current = { resolve, reject, onStarted: options.onStarted };
      const message: CellProcessRequest = { type: 'run', task, ...(options.attempts === undefined ? {} : { attempts: options.attempts }) };
      this.child.send(message);
    });
  }

  /** Close the channel: the child exits once its running cell (if any) is committed. */
  async close(): Promise<void> {
    if (this.child.connected) this.child.disconnect();
    await this.exit;
  }

  /** Kill the child at once (its running cell is lost and will be re-run later). */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.exited) this.child.kill(signal);
    await this.exit;
  }
}
