/**
 * Cell hashes: the provenance config hash (SHA-256 of the canonical JSON of the resolved
 * config, see ../provenance.ts) truncated to {@link CELL_HASH_LENGTH} hex characters, so a
 * cell's hash is a prefix of the config hash its run directory records.
 */
import { configHash } from '../provenance.js';

/** Hex characters kept: 16 (64 bits), collision-free in practice for any sweep size. */
export const CELL_HASH_LENGTH = 16;

/**
 * The hash that names a cell (and its `results/<hash>.json`).
 * @example cellHash({ seed: 1, lr: 0.1 }) === cellHash({ lr: 0.1, seed: 1 }) // true
 */
export function cellHash(config: unknown, length = CELL_HASH_LENGTH): string {
  return configHash(config).slice(0, length);
}
