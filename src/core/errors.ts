/**
 * Typed errors. Every error that a user can cause by bad input is a {@link DosegymError}
 * with a stable `code`; the CLI prints its message as one line on stderr and exits with 2.
 * Messages name the field, line or value and say what was expected.
 */

/** Stable machine-readable error codes. */
export type ErrorCode =
  | 'E_INPUT' // malformed or out-of-range input: field, value and expectation named
  | 'E_NOT_FOUND' // unknown id (model, env, gene, allele, sample, file)
  | 'E_PARSE' // a file or string that cannot be parsed (line number named)
  | 'E_NUMERICAL' // NaN, non-finite state, step-size underflow
  | 'E_STATE' // an operation in the wrong order (step before reset, step after the end)
  | 'E_BACKEND'; // a compute backend that cannot be used

export class DosegymError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DosegymError';
    this.code = code;
  }
}

/** Bad input value. `field` names where it came from (e.g. `regimen[2].amt`). */
export class InputError extends DosegymError {
  readonly field: string | undefined;
  constructor(message: string, field?: string, options?: { cause?: unknown }) {
    super('E_INPUT', message, options);
    this.name = 'InputError';
    this.field = field;
  }
}

/** An id that is not known: lists what is known when that is short enough to help. */
export class NotFoundError extends DosegymError {
  constructor(kind: string, id: string, known?: readonly string[]) {
    const hint = known && known.length > 0 && known.length <= 40 ? ` (known: ${known.join(', ')})` : '';
    super('E_NOT_FOUND', `unknown ${kind} '${id}'${hint}`);
    this.name = 'NotFoundError';
  }
}

/** A text input that cannot be parsed; `line` is 1-based where known. */
export class ParseError extends DosegymError {
  readonly line: number | undefined;
  constructor(message: string, line?: number, options?: { cause?: unknown }) {
    super('E_PARSE', line === undefined ? message : `line ${line}: ${message}`, options);
    this.name = 'ParseError';
    this.line = line;
  }
}

/** Numerical failure, reported with model, patient and time where known. */
export class NumericalError extends DosegymError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_NUMERICAL', message, options);
    this.name = 'NumericalError';
  }
}

/** An API used out of order (e.g. `step` before `reset`). */
export class StateError extends DosegymError {
  constructor(message: string) {
    super('E_STATE', message);
    this.name = 'StateError';
  }
}

/** The requested compute backend cannot be used; `tried` lists each attempt and its failure. */
export class BackendError extends DosegymError {
  readonly tried: readonly string[];
  constructor(message: string, tried: readonly string[]) {
    super('E_BACKEND', message);
    this.name = 'BackendError';
    this.tried = tried;
  }
}

/**
 * Parse JSON from a CLI option or a file, naming the source in the error.
 * @example parseJson('{"a":1}', '--params') // { a: 1 }
 */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new InputError(`${source}: malformed JSON (${why})`, source);
  }
}
