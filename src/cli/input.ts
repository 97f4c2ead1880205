/**
 * Helpers shared by CLI commands for reading option values.
 */
import { readFileSync } from 'node:fs';
import { InputError, parseJson } from '../core/errors.js';

/**
 * Read a JSON option given inline or as `@path` to a file.
 * @example readJsonOption('@patient.json', '--patient')
 * @example readJsonOption('{"age": 70}', '--patient')
 */
export function readJsonOption(value: string, option: string): unknown {
  if (value.startsWith('@')) {
    const path = value.slice(1);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code ?? String(e);
      throw new InputError(`${option}: cannot read file '${path}' (${why})`, option);
    }
    return parseJson(text, `${option} (${path})`);
  }
  return parseJson(value, option);
}

/**
 * Parse a comma-separated list of finite numbers.
 * @example parseNumberList('0,1.5,2', '--times') // [0, 1.5, 2]
 */
export function parseNumberList(value: string, option: string): number[] {
  const parts = String(value).split(',').map((s) => s.trim());
  return parts.map((s, i) => {
    const x = s === '' ? Number.NaN : Number(s);
    if (!Number.isFinite(x)) throw new InputError(`${option}: item ${i + 1} ('${s}') is not a finite number`, option);
    return x;
  });
}
