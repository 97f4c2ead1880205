/**
 * The sweep spec: which experiment to run, over which values, with which resources.
 *
 * ```json
 * {
 *   "name": "ppo-identity-lr",
 *   "runner": "ppo-identity",
 *   "base": { "seed": 0, "totalTimesteps": 512, "ppo": { "learningRate": 0.001 } },
 *   "grid": { "seed": [0, 1, 2], "ppo.learningRate": [0.0003, 0.001] },
 *   "random": { "budget": 4, "seed": 7, "params": { "ppo.entCoef": { "type": "log-uniform", "low": 1e-4, "high": 1e-1 } } },
 *   "resources": { "partition": "cpu", "time": "00:20:00", "cpus": 1, "mem": "2G" }
 * }
 * ```
 *
 * - `base` is the experiment config, inline or a path (relative to the spec file).
 * - `grid` maps config paths (see ./config-path.ts: every path must exist in `base`) to
 *   the list of values to try; cells are the Cartesian product, in key order then value
 *   order.
 * - `random` draws `budget` points from the given distributions with its own `seed`; each
 *   random point is combined with every grid point (so a `seed` grid gives every random
 *   configuration the same replicate seeds).
 * - `seedPath` names the swept path that enumerates replicates: reports average over it.
 * - `runner` is the {@link CellRunner} name (default `experiment`, the experiment runner).
 * - `objective` (`{ metric, direction }`) is what reports rank configurations by.
 * - `resources` feed the Slurm script; `retry` the queue executor.
 *
 * {@link parseSweepSpec} reports the first problem as an InputError naming its path, e.g.
 * `sweep spec: random.params["ppo.lr"].low: expected number`.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { InputError, parseJson } from '../../core/errors.js';
import { parseConfigPath } from './config-path.js';

const finite = z.number().refine(Number.isFinite, 'expected a finite number');

/** A distribution for random search. Bounds are inclusive for `int`. */
export const DistributionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('uniform'), low: finite, high: finite }).strict(),
  z.object({ type: z.literal('log-uniform'), low: finite.refine((x) => x > 0, 'must be > 0'), high: finite.refine((x) => x > 0, 'must be > 0') }).strict(),
  z.object({ type: z.literal('int'), low: z.number().int(), high: z.number().int() }).strict(),
  z.object({ type: z.literal('choice'), values: z.array(z.unknown()).min(1) }).strict(),
]);
export type Distribution = z.infer<typeof DistributionSchema>;

/** Scheduler resources per cell task (Slurm job-array tasks). */
export const ResourcesSchema = z
  .object({
    /** Slurm partition (`--partition`). */
    partition: z.string().min(1).optional(),
    /** Slurm account (`--account`). */
    account: z.string().min(1).optional(),
    /** Wall time per array task, Slurm syntax, e.g. `01:00:00`. */
    time: z.string().regex(/^[\d:-]+$/, 'expected Slurm time like 01:00:00 or 1-00:00:00').default('01:00:00'),
    /** CPUs per task; also the local workers each task starts. */
    cpus: z.number().int().positive().default(1),
    /** Memory per task, Slurm syntax, e.g. `4G`. */
    mem: z.string().regex(/^\d+[KMGT]?$/, 'expected memory like 4G or 4096M').default('4G'),
    /** GPUs per task (`--gres=gpu:N`); 0 = none. */
    gpus: z.number().int().min(0).default(0),
    /** Array tasks: the sweep is split into this many shards (default: one per cell). */
    tasks: z.number().int().positive().optional(),
    /** Extra `#SBATCH` lines, verbatim (e.g. `--qos=short`). */
    extra: z.array(z.string().regex(/^--[\w-]+(=.*)?$/, 'expected an option like --qos=short')).default([]),
  })
  .strict();
export type Resources = z.infer<typeof ResourcesSchema>;

/** Retry policy of the queue executor. */
export const RetrySchema = z
  .object({
    /** Attempts per cell, the first included. */
    attempts: z.number().int().positive().default(3),
    /** First backoff delay; doubles at each retry (exponential). */
    backoffMs: z.number().int().min(0).default(1000),
  })
  .strict();

const configPath = z.string().superRefine((p, ctx) => {
  try {
    parseConfigPath(p);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
  }
});

export const SweepSpecSchema = z
  .object({
    /** Name used for the default sweep directory, the Slurm job and reports. */
    name: z.string().regex(/^[\w.-]+$/, 'expected letters, digits, _ . -'),
    description: z.string().optional(),
    /** CellRunner that runs one cell (see cell-runner.ts). */
    runner: z.string().min(1).default('experiment'),
    /** Experiment config, inline or the path of a JSON file (relative to the spec). */
    base: z.union([z.record(z.string(), z.unknown()), z.string().min(1)]),
    /** Config path → values; the cells are the Cartesian product. */
    grid: z.record(configPath, z.array(z.unknown()).min(1, 'needs at least one value')).default({}),
    /** Random search: `budget` draws from `params`, seeded by `seed`. */
    random: z
      .object({
        budget: z.number().int().positive(),
        seed: z.number().int().min(0),
        params: z.record(configPath, DistributionSchema).refine((p) => Object.keys(p).length > 0, 'needs at least one parameter'),
      })
      .strict()
      .optional(),
    /** The swept path that enumerates replicate seeds (reports average over it). */
    seedPath: configPath.default('seed'),
    /** The metric reports rank configurations by (default: the first metric, maximised). */
    objective: z
      .object({ metric: z.string().min(1), direction: z.enum(['maximize', 'minimize']).default('maximize') })
      .strict()
      .optional(),
    resources: ResourcesSchema.default(ResourcesSchema.parse({})),
    retry: RetrySchema.default(RetrySchema.parse({})),
  })
  .strict();

/** A validated spec whose `base` has been resolved to the config object. */
export type SweepSpec = Omit<z.infer<typeof SweepSpecSchema>, 'base'> & { base: Record<string, unknown> };

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(seg))) out += out ? `.${String(seg)}` : String(seg);
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out || '(spec)';
}

/**
 * Validate a sweep spec. A string `base` is read relative to `specDir`.
 * @throws InputError naming the offending path.
 */
export function parseSweepSpec(input: unknown, specDir = process.cwd()): SweepSpec {
  const r = SweepSpecSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = formatPath(issue.path);
    throw new InputError(`sweep spec: ${where}: ${issue.message}`, where);
  }
  const spec = r.data;
  for (const p of Object.keys(spec.random?.params ?? {})) {
    if (Object.hasOwn(spec.grid, p)) throw new InputError(`sweep spec: '${p}' is both in grid and in random.params`, `random.params.${p}`);
  }
  let base = spec.base;
  if (typeof base === 'string') {
    const file = resolve(specDir, base);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(`sweep spec: base: cannot read '${file}' (${(e as NodeJS.ErrnoException).code ?? String(e)})`, 'base');
    }
    const parsed = parseJson(text, `sweep spec base (${file})`);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InputError(`sweep spec: base: '${file}' must hold a JSON object`, 'base');
    base = parsed as Record<string, unknown>;
  }
  return { ...spec, base };
}

/** Read and validate a sweep spec file (base paths are relative to it). */
export function loadSweepSpec(file: string): SweepSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read sweep spec '${file}' (${(e as NodeJS.ErrnoException).code ?? String(e)})`, 'spec');
  }
  return parseSweepSpec(parseJson(text, `sweep spec (${file})`), dirname(resolve(file)));
}
