/**
 * `dosegym check-env`: run `checkEnv` on a registered env built with `make`.
 *
 * ```
 * dosegym check-env <id> [--env-options <json|@file>] [--seed 0] [--max-steps 1000]
 * ```
 * Exit 0 when every rule passes ("PASS <id>" on stdout); exit 1 when a rule fails, with
 * one line per failure on stdout (`FAIL [rule] message`) and a summary line on stderr.
 * An unknown id or malformed options exit 2 (one line on stderr).
 */
import type { CommandModule } from 'yargs';
import { InputError } from '../../core/errors.js';
import '../../envs/builtin.js';
import { checkEnv } from '../../envs/check-env.js';
import { make, type MakeOptions } from '../../envs/registry.js';
import { readJsonOption } from '../input.js';

interface CheckEnvArgs {
  id: string;
  envOptions?: string;
  seed: number;
  maxSteps: number;
}

/** `--env-options` as make() options: a JSON object (inline or @file). */
export function readEnvOptions(value: string | undefined): MakeOptions {
  if (value === undefined) return {};
  const parsed = readJsonOption(value, '--env-options');
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(`--env-options must be a JSON object of env kwargs (e.g. '{"maxEpisodeSteps": 50}'), got ${JSON.stringify(parsed)}`, '--env-options');
  }
  return parsed as MakeOptions;
}

/** A non-negative integer option (yargs turns 'abc' into NaN). */
export function integerOption(value: unknown, option: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new InputError(`${option} must be an integer ≥ ${min}, got ${String(value)}`, option);
  }
  return value;
}

export const checkEnvCommand: CommandModule<object, CheckEnvArgs> = {
  command: 'check-env <id>',
  describe: 'Check a registered env against the Env contract (spaces, seeding, determinism, types)',
  builder: (y) =>
    y
      .positional('id', { type: 'string', describe: 'env id, e.g. dosegym/CartPole-v1' })
      .option('env-options', { type: 'string', describe: 'make() options as JSON or @file (kwargs, maxEpisodeSteps)' })
      .option('seed', { type: 'number', default: 0, describe: 'seed of the checked episodes' })
      .option('max-steps', { type: 'number', default: 1000, describe: 'step budget per checked episode' }) as never,
  handler: (argv) => {
    const seed = integerOption(argv.seed, '--seed', 0);
    const maxSteps = integerOption(argv.maxSteps, '--max-steps', 1);
    const env = make(argv.id, readEnvOptions(argv.envOptions));
    const result = checkEnv(env, { seed, maxSteps });
    env.close();
    if (result.passed) {
      process.stdout.write(`PASS ${argv.id}\n`);
      for (const s of result.skipped) process.stdout.write(`  skipped [${s.rule}] ${s.message}\n`);
      return;
    }
    for (const f of result.failures) process.stdout.write(`FAIL [${f.rule}] ${f.message}\n`);
    process.stderr.write(`dosegym: ${argv.id} failed ${result.failures.length} rule(s): ${result.failures.map((f) => f.rule).join(', ')}\n`);
    process.exitCode = 1;
  },
};
