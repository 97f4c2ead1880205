/**
 * Shared config validation for the RL algorithms: a zod schema with defaults, and an
 * InputError naming the first bad field (e.g. `PPO config: gamma: Too big: expected number to be <=1`).
 */
import type { z } from 'zod';
import { InputError } from '../../core/errors.js';

/** Validate `input` (a partial config; undefined/null = all defaults) against `schema`. */
export function parseAlgoConfig<S extends z.ZodType>(schema: S, input: unknown, algo: string): z.infer<S> {
  const r = schema.safeParse(input ?? {});
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.join('.') || '(config)';
    throw new InputError(`${algo} config: ${field}: ${issue.message}`, field);
  }
  return r.data;
}
