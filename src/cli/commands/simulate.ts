/**
 * `dosegym simulate`: concentrations (and every other output) of one individual of a
 * registered model under a dosing regimen.
 *
 * ```
 * dosegym simulate --model pk2cmt --regimen '[{"time":0,"amt":100,"cmt":"depot"}]' --times 0,1,2,4,8
 * {"model":"pk2cmt","timeUnit":"h","times":[0,1,2,4,8],"outputs":{"C":[0,…]},"units":{"C":"mg/L"}}
 * ```
 * - Times and dose times are in the model's time unit (`dosegym models` lists it).
 * - `--patient` (JSON or @file) is read by `parseSubject`: missing fields take
 *   DEFAULT_SUBJECT's values; age 0–120 y, weight 0.5–400 kg, height 30–250 cm,
 *   sex male|female are checked, naming the field.
 * - `--params '{"CL": 3}'` replaces the model's typical (population) values by name,
 *   before covariate effects and variability are applied.
 * - Without `--sample`: the typical individual (covariates applied, no between-subject
 *   variability, no residual error). With `--sample --seed n`: one individual drawn
 *   reproducibly from RandomStream.fromSeed(n).fork('individual'), and residual error
 *   added to every output that declares one, from fork('residual').fork(<output name>).
 * - `--format csv`: header `time,<out1>,<out2>…`, one row per time.
 * Bad input (unknown model or parameter, bad amounts, unsorted or negative times,
 * malformed JSON, missing file) is an InputError/NotFoundError: one line on stderr, exit 2.
 */
import type { CommandModule } from 'yargs';
import { InputError } from '../../core/errors.js';
import { RandomStream } from '../../core/random.js';
import { validateRegimen } from '../../pkpd/dosing.js';
import { getModel } from '../../pkpd/models/registry.js';
import { applyResidualError, sampleIndividual, subjectParameters } from '../../pkpd/population.js';
import { simulate, SIMULATION_SOLVERS, validateTimes, type SimulationSolver } from '../../pkpd/simulate.js';
import { parseSubject } from '../../pkpd/subject-input.js';
import { DEFAULT_SUBJECT, type ModelSpec, type Subject } from '../../pkpd/types.js';
import { parseNumberList, readJsonOption } from '../input.js';

/** Options of {@link runSimulate}, as given on the command line (strings unparsed). */
export interface SimulateCliOptions {
  model: string;
  patient?: string;
  regimen?: string;
  params?: string;
  times: string;
  sample?: boolean;
  seed?: string;
  solver?: string;
}

/** The JSON printed by `dosegym simulate`. */
export interface SimulateCliResult {
  model: string;
  timeUnit: string;
  times: number[];
  outputs: Record<string, number[]>;
  units: Record<string, string>;
}

/**
 * A copy of `spec` whose typical parameter values are replaced by `--params`.
 * @throws InputError naming an unknown parameter or a non-finite value
 */
export function withParameterOverrides(spec: ModelSpec, overrides: unknown, option = '--params'): ModelSpec {
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new InputError(`${option} must be a JSON object of parameter values like {"CL": 3}`, option);
  }
  const names = spec.parameters.map((q) => q.name);
  const values = overrides as Record<string, unknown>;
  for (const [name, value] of Object.entries(values)) {
    if (!names.includes(name)) throw new InputError(`${option}: unknown parameter '${name}' of model ${spec.id} (known: ${names.join(', ')})`, `${option}.${name}`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new InputError(`${option}.${name} must be a finite number, got ${JSON.stringify(value)}`, `${option}.${name}`);
  }
  return { ...spec, parameters: spec.parameters.map((q) => (q.name in values ? { ...q, value: values[q.name] as number } : q)) };
}

function parseSeedOption(seed: string | undefined): number {
  if (seed === undefined) throw new InputError('--sample needs --seed <n> (a non-negative integer) so that the draw is reproducible', '--seed');
  const s = String(seed).trim();
  const n = /^\d+$/.test(s) ? Number(s) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new InputError(`--seed must be a non-negative integer, got '${s}'`, '--seed');
  return n;
}

/**
 * Run the command and return the JSON result (no printing).
 * @example runSimulate({ model: 'pk1cmt', regimen: '[{"time":0,"amt":100,"cmt":"central"}]', times: '2' })
 * // { model: 'pk1cmt', timeUnit: 'h', times: [2], outputs: { C: [1.6374615…] }, units: { C: 'mg/L' } }
 */
export function runSimulate(options: SimulateCliOptions): SimulateCliResult {
  let spec = getModel(options.model);
  const solver = (options.solver ?? 'dopri5') as SimulationSolver;
  if (!(SIMULATION_SOLVERS as readonly string[]).includes(solver)) {
    throw new InputError(`--solver must be one of ${SIMULATION_SOLVERS.join(', ')}, got '${solver}'`, '--solver');
  }
  if (options.params !== undefined) spec = withParameterOverrides(spec, readJsonOption(options.params, '--params'));
  const subject: Subject = options.patient !== undefined ? parseSubject(readJsonOption(options.patient, '--patient'), 'patient') : DEFAULT_SUBJECT;
  const regimen = options.regimen !== undefined ? validateRegimen(spec, readJsonOption(options.regimen, '--regimen'), 'regimen') : [];
  const times = parseNumberList(options.times, '--times');
  validateTimes(times, '--times');

  let root: RandomStream | undefined;
  let p: Float64Array;
  if (options.sample) {
    root = RandomStream.fromSeed(parseSeedOption(options.seed));
    p = sampleIndividual(spec, subject, root.fork('individual'));
  } else {
    p = subjectParameters(spec, subject);
  }
  const result = simulate(spec, p, regimen, times, { solver });

  const outputs: Record<string, number[]> = {};
  const units: Record<string, string> = {};
  for (const o of spec.outputs) {
    outputs[o.name] = Array.from(result.outputs[o.name]!);
    units[o.name] = o.unit;
  }
  if (root) {
    const residual = root.fork('residual');
    for (const r of spec.residualError ?? []) {
      const rng = residual.fork(r.output);
      const values = outputs[r.output]!;
      for (let k = 0; k < values.length; k++) values[k] = applyResidualError(r.model, values[k]!, rng);
    }
  }
  return { model: spec.id, timeUnit: spec.timeUnit, times, outputs, units };
}

/** CSV of a result: header `time,<out1>,…`, one row per time, full precision. */
export function simulateResultToCsv(result: SimulateCliResult): string {
  const names = Object.keys(result.outputs);
  const lines = [['time', ...names].join(',')];
  result.times.forEach((t, k) => lines.push([t, ...names.map((n) => result.outputs[n]![k])].join(',')));
  return `${lines.join('\n')}\n`;
}

interface SimulateArgs {
  model: string;
  patient?: string;
  regimen?: string;
  params?: string;
  times: string;
  format: string;
  sample: boolean;
  seed?: string;
  solver: string;
}

export const simulateCommand: CommandModule<object, SimulateArgs> = {
  command: 'simulate',
  describe: 'Simulate one individual of a model under a dosing regimen (JSON or CSV)',
  builder: (y) =>
    y
      .option('model', { type: 'string', demandOption: true, describe: 'model id (see `dosegym models`)' })
      .option('patient', { type: 'string', describe: 'patient JSON or @file, e.g. {"age":60,"weight":80,"sex":"female"}' })
      .option('regimen', { type: 'string', describe: 'dose records JSON or @file, e.g. [{"time":0,"amt":100,"cmt":"depot","ii":12,"addl":6}]' })
      .option('params', { type: 'string', describe: 'typical parameter overrides JSON or @file, e.g. {"CL":3}' })
      .option('times', { type: 'string', demandOption: true, describe: 'output times t1,t2,… in the model time unit (sorted, ≥ 0)' })
      .option('format', { type: 'string', choices: ['json', 'csv'], default: 'json', describe: 'output format' })
      .option('sample', { type: 'boolean', default: false, describe: 'draw one individual (IIV) and add residual error; needs --seed' })
      .option('seed', { type: 'string', describe: 'root seed for --sample (non-negative integer)' })
      .option('solver', { type: 'string', default: 'dopri5', describe: `integrator: ${SIMULATION_SOLVERS.join(' | ')}` }) as never,
  handler: (argv) => {
    const result = runSimulate({
      model: argv.model,
      patient: argv.patient,
      regimen: argv.regimen,
      params: argv.params,
      times: String(argv.times),
      sample: argv.sample,
      seed: argv.seed,
      solver: argv.solver,
    });
    process.stdout.write(argv.format === 'csv' ? simulateResultToCsv(result) : `${JSON.stringify(result)}\n`);
  },
};
