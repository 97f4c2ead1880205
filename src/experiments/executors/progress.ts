/**
 * The progress view of a running sweep: cells done / running / failed and an ETA.
 * On a TTY it is a cli-progress bar; otherwise (CI logs, Slurm output files) it prints a
 * plain line every `intervalMs` and one per failure, and a last line at the end.
 *
 * ETA = time since the first cell started / cells finished in this run × cells left; it
 * therefore already accounts for the number of parallel workers.
 */
import cliProgress from 'cli-progress';
import type { SweepEvent } from './executor.js';

export interface ProgressViewOptions {
  /** Where to draw (default stderr, so stdout stays machine-readable). */
  stream?: NodeJS.WriteStream;
  /** Force the bar (true) or plain lines (false); default: whether `stream` is a TTY. */
  tty?: boolean;
  /** Plain mode: seconds between status lines. */
  intervalMs?: number;
}

/** Format seconds as `1h02m`, `3m05s` or `12s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

export class SweepProgressView {
  private done = 0;
  private skipped = 0;
  private failed = 0;
  private running = 0;
  private firstStart: number | undefined;
  private finishedThisRun = 0;
  private readonly bar: cliProgress.SingleBar | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly stream: NodeJS.WriteStream;

  constructor(
    private readonly total: number,
    options: ProgressViewOptions = {},
  ) {
    this.stream = options.stream ?? process.stderr;
    const tty = options.tty ?? Boolean(this.stream.isTTY);
    if (tty) {
      this.bar = new cliProgress.SingleBar(
        {
          stream: this.stream,
          format: 'cells {bar} {value}/{total} | running {running} | failed {failed} | skipped {skipped} | ETA {myEta}',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, 0, this.payload());
    } else {
      this.timer = setInterval(() => this.line(), options.intervalMs ?? 10_000);
      this.timer.unref();
    }
  }

  private eta(): string {
    const left = this.total - this.done - this.skipped - this.failed;
    if (left === 0) return '0s';
    if (this.firstStart === undefined || this.finishedThisRun === 0) return '?';
    return formatDuration((((Date.now() - this.firstStart) / this.finishedThisRun) * left) / 1000);
  }

  private payload() {
    return { running: this.running, failed: this.failed, skipped: this.skipped, myEta: this.eta() };
  }

  private line(prefix = 'sweep'): void {
    const finished = this.done + this.skipped;
    this.stream.write(`${prefix}: ${finished}/${this.total} cells done (${this.skipped} skipped), ${this.running} running, ${this.failed} failed, ETA ${this.eta()}\n`);
  }

  /** Feed one executor event. */
  handle(event: SweepEvent): void {
    switch (event.type) {
      case 'skipped':
        this.skipped++;
        break;
      case 'started':
        this.firstStart ??= Date.now();
        this.running++;
        break;
      case 'done':
        this.running = Math.max(0, this.running - 1);
        this.done++;
        this.finishedThisRun++;
        break;
      case 'failed':
        this.running = Math.max(0, this.running - 1);
        if (event.final) {
          this.failed++;
          this.finishedThisRun++;
        }
        if (!this.bar) this.stream.write(`sweep: cell ${event.cell.name} (${event.cell.hash}) failed${event.final ? '' : ', will retry'}: ${event.error}\n`);
        break;
    }
    this.bar?.update(this.done + this.skipped + this.failed, this.payload());
  }

  /** Stop drawing (prints the final line in plain mode). */
  stop(): void {
    if (this.bar) this.bar.stop();
    else {
      clearInterval(this.timer);
      this.line();
    }
  }
}
