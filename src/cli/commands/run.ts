/**
 * `dosegym run`: run an experiment end to end (train → evaluate → plots → report) into a
 * new run directory, or resume one.
 *
 * ```
 * dosegym run experiments/warfarin-pgx.json [--out runs] [--backend auto|tensorflow|wasm|cpu]
 * dosegym run --resume runs/warfarin-pgx-20260501T120000Z
 * ```
 * Progress: bars on a TTY (one per training run, via cli-progress); otherwise a plain line
 * every few seconds and one per stage (CI logs). The last line names report.html.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { CommandModule } from 'yargs';
import { BACKEND_CHOICES } from '../../agents/backend.js';
import { InputError } from '../../core/errors.js';
import { loadExperimentConfig, type ExperimentConfig } from '../../experiments/config.js';
import { openRun } from '../../experiments/resume.js';
import { runExperiment, type RunResult } from '../../experiments/runner.js';
import type { MetricsFile } from '../../experiments/stages/evaluate.js';
import type { RunEvent } from '../../experiments/stages/stage.js';
import { formatCi } from '../../eval/report/sections.js';

interface RunArgs {
  config?: string;
  out: string;
  resume?: string;
  backend: string;
}

/** Renders run events: bars on a TTY, plain lines (training at most every ~5 s) otherwise. */
export function progressPrinter(out: NodeJS.WriteStream = process.stdout): { onEvent: (e: RunEvent) => void; stop: () => void } {
  const tty = Boolean(out.isTTY);
  let bar: cliProgress.SingleBar | null = null;
  let lastLine = 0;
  const line = (text: string): void => {
    out.write(`${text}\n`);
  };
  const fmt = (r: number): string => (Number.isFinite(r) ? r.toFixed(1) : '—');
  return {
    onEvent: (e) => {
      switch (e.kind) {
        case 'stage':
          if (e.status !== 'done') line(`[${e.stage}] ${e.status === 'start' ? 'started' : 'skipped (finished earlier or disabled)'}`);
          else line(`[${e.stage}] done`);
          break;
        case 'train-start':
          if (tty) {
            bar = new cliProgress.SingleBar({ format: `  ${e.run} [{bar}] {value}/{total} steps | return {ret} | eta {eta_formatted}`, hideCursor: true }, cliProgress.Presets.legacy);
            bar.start(e.total, 0, { ret: '—' });
          } else line(`  ${e.run}: training for ${e.total} env steps`);
          lastLine = Date.now();
          break;
        case 'train-progress':
          if (bar) bar.update(Math.min(e.timesteps, e.total), { ret: fmt(e.meanReturn) });
          else if (Date.now() - lastLine >= 5000) {
            // Training is synchronous: print from the callback, not from a timer.
            line(`  ${e.run}: ${e.timesteps}/${e.total} steps (${Math.round((100 * e.timesteps) / e.total)} %), mean training return ${fmt(e.meanReturn)}`);
            lastLine = Date.now();
          }
          break;
        case 'train-done':
          bar?.stop();
          bar = null;
          line(e.skipped ? `  ${e.run}: checkpoint found, skipped` : `  ${e.run}: trained in ${e.seconds.toFixed(1)} s`);
          break;
        case 'message':
          line(e.text);
          break;
      }
    },
    stop: () => bar?.stop(),
  };
}

/** The headline numbers of a finished run: PTTR per policy and paired PTTR differences vs the reference, with CIs. */
export function summaryLines(result: RunResult): string[] {
  const lines = [`run directory: ${result.run.path}`, `tfjs backend: ${result.backend}`];
  const metricsPath = join(result.run.path, 'metrics.json');
  if (existsSync(metricsPath)) {
    const { report } = JSON.parse(readFileSync(metricsPath, 'utf8')) as MetricsFile;
    for (const c of report.mainTable.filter((x) => x.metric === 'pttr')) lines.push(`PTTR ${c.policy}: ${formatCi(c.summary.ci, true)}`);
    for (const d of report.paired.find((p) => p.metric === 'pttr')?.differences ?? []) lines.push(`PTTR ${d.policy} − ${d.reference}: ${formatCi(d.ci, true)} (paired, n = ${d.n})`);
  }
  if (result.report) lines.push(`report: ${result.report}`);
  return lines;
}

/** Run with a progress printer, printing the summary at the end. */
export async function runWithProgress(config: ExperimentConfig | undefined, options: Parameters<typeof runExperiment>[1]): Promise<RunResult> {
  const printer = progressPrinter();
  let result: RunResult;
  try {
    const cfg = config ?? (options?.resume ? (await openRun(options.resume)).config : undefined);
    if (!cfg) throw new InputError('name an experiment config, or --resume <run-dir>', 'config');
    result = await runExperiment(cfg, { ...options, onEvent: printer.onEvent });
  } finally {
    printer.stop();
  }
  process.stdout.write(summaryLines(result).join('\n') + '\n');
  return result;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [config]',
  describe: 'Run an experiment (train → evaluate → plots → report) into a run directory',
  builder: (y) =>
    y
      .positional('config', { type: 'string', describe: 'experiment config (JSON), e.g. experiments/warfarin-pgx.json' })
      .option('out', { type: 'string', default: 'runs', describe: 'root of run directories' })
      .option('resume', { type: 'string', describe: 'resume this run directory (skips finished stages and training runs)' })
      .option('backend', { choices: BACKEND_CHOICES, default: process.env.DOSEGYM_BACKEND ?? 'auto', describe: 'tfjs backend' }) as never,
  handler: async (argv) => {
    if (argv.config === undefined && argv.resume === undefined) throw new InputError('name an experiment config, or --resume <run-dir>', 'config');
    const config = argv.config === undefined ? undefined : loadExperimentConfig(argv.config);
    await runWithProgress(config, { outDir: argv.out, backend: argv.backend, ...(argv.resume === undefined ? {} : { resume: argv.resume }) });
  },
};
