/**
 * Provenance of a run: what produced it (package version, git commit, Node version,
 * platform, compute backend), with which inputs (seeds, config hash) and from which
 * published models (ids and citations). Written into every run directory and policy card.
 *
 * The config hash is SHA-256 over the config's *canonical JSON* (keys sorted at every
 * level, no whitespace), so the same config hashes the same whatever its key order or
 * formatting.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultKernelName } from '../agents/nn/kernel.js';
import { InputError } from '../core/errors.js';

/** A published model a run used. */
export interface ModelReference {
  id: string;
  citation?: string;
}

/** What only the caller knows. */
export interface ProvenanceInput {
  /** The run's config: hashed (configHash), not copied. */
  config?: unknown;
  /** Compute backend name as picked and checked by agents/backend (e.g. 'wasm'). */
  backend?: string;
  /** Seeds by purpose, e.g. { train: 1, evaluation: 1000 }. */
  seeds?: Record<string, number>;
  models?: readonly ModelReference[];
  /** Further citations (datasets, algorithms). */
  citations?: readonly string[];
  /** Where to ask git for the commit (default: the package's directory). */
  cwd?: string;
  /** Time of the record (default now). */
  now?: Date;
}

export interface Provenance {
  packageName: string;
  packageVersion: string;
  /** HEAD commit, or null outside a git checkout or without git. */
  gitCommit: string | null;
  nodeVersion: string;
  /** `${platform}-${arch}`, e.g. 'linux-x64'. */
  platform: string;
  backend: string | null;
  /** The network kernel of the 'ts' learner engines and the inference runtime ('wasm' or 'js'). */
  kernel: string;
  seeds: Record<string, number>;
  models: ModelReference[];
  citations: string[];
  /** SHA-256 (hex) of the canonical JSON of the config, or null without a config. */
  configHash: string | null;
  createdAt: string;
}

/**
 * JSON with object keys sorted at every level and no whitespace. Object entries whose value
 * is undefined are dropped (as JSON.stringify does); non-finite numbers, functions, symbols
 * and bigints are an InputError naming the path (a hash must not silently change meaning).
 * @example canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }] }) // '{"a":[true,{"c":"x","d":null}],"b":1}'
 */
export function canonicalJson(value: unknown, path = '$'): string {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InputError(`${path}: ${value} has no JSON form`, path);
    return JSON.stringify(value);
  }
  if (typeof value === 'object') {
    const withJson = value as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return canonicalJson(withJson.toJSON(), path);
    if (Array.isArray(value) || ArrayBuffer.isView(value)) {
      return `[${Array.from(value as ArrayLike<unknown>, (v, i) => canonicalJson(v, `${path}[${i}]`)).join(',')}]`;
    }
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, `${path}.${k}`)}`).join(',')}}`;
  }
  throw new InputError(`${path}: a ${typeof value} has no JSON form`, path);
}

/**
 * SHA-256 (hex) of the canonical JSON of `config`.
 * @example configHash({ a: 1, b: 2 }) === configHash({ b: 2, a: 1 }) // true
 */
export function configHash(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config), 'utf8').digest('hex');
}

/** The package.json next to src/ (this file is src/experiments/provenance.ts). */
const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

function readPackage(): { name: string; version: string } {
  try {
    const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { name?: unknown; version?: unknown };
    return { name: String(pkg.name ?? 'dosegym'), version: String(pkg.version ?? 'unknown') };
  } catch {
    return { name: 'dosegym', version: 'unknown' };
  }
}

/**
 * The HEAD commit of the git checkout at `cwd`, or null (no git, not a checkout, timeout).
 * Read-only: runs `git rev-parse HEAD`.
 * @example gitCommit() // 'b80e308…' or null
 */
export function gitCommit(cwd: string = dirname(fileURLToPath(PACKAGE_JSON))): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000, encoding: 'utf8' }).trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}

/**
 * The provenance record of a run.
 * @example collectProvenance({ config, backend: 'wasm', seeds: { train: 1 }, models: [{ id: 'hamberg2007-warfarin', citation: 'Hamberg AK et al. 2007' }] })
 */
export function collectProvenance(input: ProvenanceInput = {}): Provenance {
  const pkg = readPackage();
  return {
    packageName: pkg.name,
    packageVersion: pkg.version,
    gitCommit: gitCommit(input.cwd),
    nodeVersion: process.version,
    platform: `${process.platform}-${process.arch}`,
    backend: input.backend ?? null,
    kernel: defaultKernelName(),
    seeds: { ...(input.seeds ?? {}) },
    models: (input.models ?? []).map((m) => ({ ...m })),
    citations: [...(input.citations ?? [])],
    configHash: input.config === undefined ? null : configHash(input.config),
    createdAt: (input.now ?? new Date()).toISOString(),
  };
}
