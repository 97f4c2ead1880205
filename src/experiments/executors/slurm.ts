/**
 * The Slurm executor: it runs nothing itself, it writes an sbatch job-array script whose
 * tasks each run one shard of the sweep:
 *
 * ```
 * #SBATCH --array=0-(n-1)
 * dosegym sweep <spec> --out <sweep-dir> --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT
 * ```
 *
 * Array indices are **0-based** (`--array=0-(n-1)`), matching `--shard i/n`. Each task runs
 * its shard with `--workers $SLURM_CPUS_PER_TASK` local cell processes. Tasks skip cells
 * that already have results, so resubmitting the same script resumes the sweep, and
 * running it twice costs nothing. Submit with `sbatch <script>`; once the array is done,
 * `dosegym sweep-report <sweep-dir>` builds the report (the script ends with a comment
 * showing how to chain it with `--dependency=afterok`).
 *
 * The sweep directory must be on a file system shared by all nodes.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SweepStore } from '../sweep/store.js';
import type { Resources } from '../sweep/spec.js';
import type { ExecuteOptions, Executor, SweepPlan, SweepSummary } from './executor.js';

/** The repository's CLI entry (`bin/dosegym.js`), run with the same node. */
const DOSEGYM_BIN = fileURLToPath(new URL('../../../bin/dosegym.js', import.meta.url));

export interface SbatchOptions {
  /** Job name (`--job-name`). */
  name: string;
  /** Absolute path of the sweep spec. */
  specPath: string;
  /** Absolute path of the sweep directory (shared file system). */
  sweepDir: string;
  /** Number of array tasks = shards. */
  tasks: number;
  resources: Resources;
  /** Directory the tasks `cd` into (default: the current one). */
  workDir?: string;
  /** How tasks invoke the CLI (default: `node <repo>/bin/dosegym.js`; override with $DOSEGYM). */
  command?: string;
  /** Extra `dosegym sweep` options every task gets (e.g. `--backend wasm`). */
  extraArgs?: readonly string[];
}

/** Single-quote a string for bash. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The sbatch job-array script (bash). */
export function renderSbatchScript(o: SbatchOptions): string {
  const r = o.resources;
  const logs = join(o.sweepDir, 'slurm');
  const sbatch = [
    `--job-name=${o.name}`,
    `--array=0-${o.tasks - 1}`,
    `--time=${r.time}`,
    `--cpus-per-task=${r.cpus}`,
    `--mem=${r.mem}`,
    ...(r.partition ? [`--partition=${r.partition}`] : []),
    ...(r.account ? [`--account=${r.account}`] : []),
    ...(r.gpus > 0 ? [`--gres=gpu:${r.gpus}`] : []),
    `--output=${join(logs, '%A_%a.out')}`,
    ...r.extra,
  ];
  const args = [
    'sweep',
    shellQuote(o.specPath),
    '--out',
    shellQuote(o.sweepDir),
    '--shard',
    `"\${SLURM_ARRAY_TASK_ID}/\${SLURM_ARRAY_TASK_COUNT:-${o.tasks}}"`,
    '--workers',
    `"\${SLURM_CPUS_PER_TASK:-${r.cpus}}"`,
    '--no-report',
    ...(r.gpus > 0 ? ['--workers-per-gpu', '1'] : []),
    ...(o.extraArgs ?? []).map(shellQuote),
  ];
  const command = o.command ?? `node ${shellQuote(DOSEGYM_BIN)}`;
  return [
    '#!/bin/bash',
    `# dosegym sweep '${o.name}': ${o.tasks} array task(s), 0-based indices, one shard each.`,
    '# Submit: sbatch <this file>. Resubmitting resumes: cells with results are skipped.',
    ...sbatch.map((s) => `#SBATCH ${s}`),
    'set -euo pipefail',
    `cd ${shellQuote(o.workDir ?? process.cwd())}`,
    `DOSEGYM=\${DOSEGYM:-${shellQuote(command)}}`,
    '# GPU tasks: Slurm sets CUDA_VISIBLE_DEVICES; dosegym places workers on those GPUs.',
    `\${DOSEGYM} ${args.join(' ')}`,
    '',
    '# After the array: sbatch --dependency=afterok:<array job id> --wrap \\',
    `#   "\${DOSEGYM} sweep-report ${shellQuote(o.sweepDir)}"`,
    '',
  ].join('\n');
}

export interface SlurmExecutorOptions extends Omit<SbatchOptions, 'sweepDir' | 'tasks'> {
  /** Array tasks (default: `resources.tasks`, else one per cell). */
  tasks?: number;
}

export class SlurmExecutor implements Executor {
  readonly name = 'slurm';
  constructor(private readonly options: SlurmExecutorOptions) {}

  /** Writes `<sweep-dir>/sweep.sbatch`; every cell without a result stays pending. */
  async execute(plan: SweepPlan, _options: ExecuteOptions = {}): Promise<SweepSummary> {
    const t0 = Date.now();
    const sweepDir = resolve(plan.sweepDir);
    const store = new SweepStore(sweepDir);
    const skipped = plan.cells.filter((c) => store.has(c.hash)).length;
    const tasks = Math.max(1, Math.min(plan.cells.length, this.options.tasks ?? this.options.resources.tasks ?? plan.cells.length));
    mkdirSync(join(sweepDir, 'slurm'), { recursive: true });
    const script = join(sweepDir, 'sweep.sbatch');
    writeFileSync(script, renderSbatchScript({ ...this.options, sweepDir, tasks }), { mode: 0o755 });
    return {
      executor: this.name,
      total: plan.cells.length,
      completed: 0,
      skipped,
      failed: [],
      pending: plan.cells.length - skipped,
      durationMs: Date.now() - t0,
      artifacts: [script],
    };
  }
}
