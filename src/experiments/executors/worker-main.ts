/**
 * Entry point of a cell process: a child process that runs cells sent to it over IPC,
 * one at a time, each through {@link runCell}. The local executor starts N of them; the
 * queue worker starts one per concurrency slot, so CPU-bound cells never block the
 * queue worker's event loop (which must keep renewing job locks).
 *
 * Protocol (JSON over the IPC channel):
 * - parent → child: `{ type: 'run', task: CellTask }`
 * - child → parent: `{ type: 'ready' }` once, then per task `{ type: 'started', hash }`
 *   and `{ type: 'outcome', outcome: CellOutcome }`.
 * The child exits when the channel closes: at once when idle, otherwise right after the
 * running cell has committed its result (so a parent killed with SIGKILL loses nothing).
 *
 * Environment: `DOSEGYM_BACKEND` picks the tfjs backend (see agents/backend.ts) and
 * `CUDA_VISIBLE_DEVICES` the GPU, both set per child by the parent.
 */
import { runCell, type CellTask } from '../sweep/run-cell.js';

/** Messages a cell process receives. */
export type CellProcessRequest = { type: 'run'; task: CellTask; attempts?: number };

let busy = false;
let disconnected = false;

function send(message: unknown): void {
  if (process.connected) process.send?.(message);
}

process.on('disconnect', () => {
  disconnected = true;
  if (!busy) process.exit(0);
});

process.on('message', (message: CellProcessRequest) => {
  if (message.type !== 'run') return;
  busy = true;
  send({ type: 'started', hash: message.task.cell.hash });
  runCell(message.task, message.attempts === undefined ? {} : { attempts: message.attempts })
    .then((outcome) => send({ type: 'outcome', outcome }))
    .catch((e: unknown) => send({ type: 'outcome', outcome: { status: 'failed', hash: message.task.cell.hash, error: e instanceof Error ? e.message : String(e) } }))
    .finally(() => {
      busy = false;
      if (disconnected) process.exit(0);
    });
});

send({ type: 'ready' });
