/**
 * Pseudonymisation of patient ids for reports and exports.
 *
 * Ids are pseudonymised by default: pseudonym = 'ps-' + the first 16 hex digits (64 bits) of
 * HMAC-SHA256(key = salt, message = id). The salt is given, or generated (128 random bits)
 * and returned so the caller can report it: whoever holds the salt can re-link a pseudonym to
 * an id by recomputing it, nobody else can (short of guessing both). Keeping the real ids is an
 * explicit option (`keepIds: true`).
 *
 * 64 bits make an accidental collision negligible for cohorts of any practical size (≈ n²/2⁶⁵);
 * {@link pseudonymiseCohort} still checks and throws if two ids collide.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { InputError } from '../core/errors.js';

/** Options for pseudonymisation. */
export interface PseudonymOptions {
  /** Salt (HMAC key); generated when absent. At least 8 characters. */
  salt?: string;
  /** Keep the real ids (no pseudonymisation). Default false. */
  keepIds?: boolean;
}

/** A configured pseudonymiser: the salt it uses and the id → pseudonym map. */
export interface Pseudonymiser {
  /** The salt in use (undefined when ids are kept). Report it alongside the output. */
  salt: string | undefined;
  keepIds: boolean;
  /** Method description for provenance, e.g. 'HMAC-SHA256, 64-bit truncation'. */
  method: string;
  pseudonym(id: string): string;
}

/** Hex digits kept from the HMAC. */
export const PSEUDONYM_HEX_DIGITS = 16;

/**
 * A pseudonymiser with the given (or a fresh random) salt.
 * @example createPseudonymiser({ salt: 'study-2024-salt' }).pseudonym('NA12878') // 'ps-…' (16 hex digits)
 */
export function createPseudonymiser(options: PseudonymOptions = {}): Pseudonymiser {
  if (options.keepIds === true) {
    return { salt: undefined, keepIds: true, method: 'none (ids kept)', pseudonym: (id) => id };
  }
  const salt = options.salt ?? randomBytes(16).toString('hex');
  if (salt.length < 8) throw new InputError(`salt: must have at least 8 characters, got ${salt.length}`, 'salt');
  return {
    salt,
    keepIds: false,
    method: `HMAC-SHA256, truncated to ${PSEUDONYM_HEX_DIGITS * 4} bits`,
    pseudonym: (id) => `ps-${createHmac('sha256', salt).update(id, 'utf8').digest('hex').slice(0, PSEUDONYM_HEX_DIGITS)}`,
  };
}

/**
 * Replace the `id` of every record by its pseudonym (a copy; the input is not changed).
 * Returns the records and the pseudonymiser (whose `salt` must be reported).
 */
export function pseudonymiseCohort<T extends { id: string }>(
  records: readonly T[],
  options: PseudonymOptions = {},
): { records: T[]; pseudonymiser: Pseudonymiser } {
  const pseudonymiser = createPseudonymiser(options);
  const seen = new Map<string, string>();
  const out = records.map((r) => {
    const p = pseudonymiser.pseudonym(r.id);
    const other = seen.get(p);
    if (other !== undefined && other !== r.id) {
      throw new InputError(`ids '${other}' and '${r.id}' have the same pseudonym; use another salt`, 'id');
    }
    seen.set(p, r.id);
    return { ...r, id: p };
  });
  return { records: out, pseudonymiser };
}
