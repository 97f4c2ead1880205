/**
 * Choosing the tfjs compute backend, and checking that the choice really took.
 *
 * All agent code imports `tf` from `@tensorflow/tfjs`; a native package (tfjs-node-gpu,
 * tfjs-node) only *registers* the `'tensorflow'` backend as a side effect of being
 * imported, and the wasm package registers `'wasm'`. `'cpu'` (pure JS) always exists.
 *
 * Two traps this module guards against (see reference/node-ecosystem.md §1):
 * - `tf.setBackend(name)` can resolve `false` **without throwing** (e.g. wasm with threads
 *   forced on in Node) and tfjs then silently stays on the previous backend. We check both
 *   the return value and `tf.getBackend() === name`.
 * - the native packages usually fail to install (no libtensorflow download), so their
 *   import fails: that is an expected, recorded fallback, not an error, under `'auto'`.
 *
 * In Node, `@tensorflow/tfjs-backend-wasm` finds its `.wasm` binaries next to its own
 * dist files (verified with tfjs 4.22.0), so no `setWasmPaths` call is needed.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendError, InputError } from '../core/errors.js';

/** A backend the caller may ask for. `'auto'` tries them in the order below. */
export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

/** One attempt: the candidate's label and why it failed (absent when it succeeded). */
export interface BackendAttempt {
  /** e.g. `'tensorflow (@tensorflow/tfjs-node-gpu)'`, `'wasm'`, `'cpu'`. */
  name: string;
  error?: string;
}

/** What was selected, and every attempt made on the way (record it in run provenance). */
export interface BackendSelection {
  /** The tfjs backend name now active: `'tensorflow'`, `'wasm'` or `'cpu'`. */
  backend: string;
  tried: BackendAttempt[];
}

/** Imports a module by specifier; injectable so tests can make imports fail. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

interface Candidate {
  backend: 'tensorflow' | 'wasm' | 'cpu';
  /** Package whose import registers the backend; none for cpu (built into tfjs). */
  module?: string;
}

/** Fallback order for `'auto'`: GPU native, CPU native, wasm, pure JS. */
const CANDIDATES: readonly Candidate[] = [
  { backend: 'tensorflow', module: '@tensorflow/tfjs-node-gpu' },
  { backend: 'tensorflow', module: '@tensorflow/tfjs-node' },
  { backend: 'wasm', module: '@tensorflow/tfjs-backend-wasm' },
  { backend: 'cpu' },
];

function label(c: Candidate): string {
  return c.module && c.backend === 'tensorflow' ? `tensorflow (${c.module})` : c.backend;
}

function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.slice(0, 300);
}

/** Try one candidate; returns an error text, or undefined when it is now the active backend. */
async function attempt(c: Candidate, importer: ModuleImporter): Promise<string | undefined> {
  if (c.module) {
    try {
      await importer(c.module);
    } catch (e) {
      return `import failed: ${message(e)}`;
    }
  }
  if (tf.findBackendFactory(c.backend) === null && tf.findBackend(c.backend) === null) {
    return `backend '${c.backend}' was not registered${c.module ? ` by ${c.module}` : ''}`;
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend(c.backend);
  } catch (e) {
    return `setBackend threw: ${message(e)}`;
  }
  // setBackend resolves false (without throwing) when initialisation fails.
  if (!ok) return `tf.setBackend('${c.backend}') returned false`;
  await tf.ready();
  const active = tf.getBackend();
  if (active !== c.backend) return `tf.getBackend() is '${active}' after setBackend('${c.backend}')`;
  return undefined;
}

/**
 * Select and activate a tfjs backend.
 *
 * - `'auto'` tries tfjs-node-gpu, tfjs-node (both register `'tensorflow'`), wasm, cpu, in
 *   that order, and never throws (cpu is always available).
 * - A forced choice that cannot be activated throws {@link BackendError} listing each try.
 *
 * @param want `'auto' | 'tensorflow' | 'wasm' | 'cpu'`; default `$DOSEGYM_BACKEND` or `'auto'`.
 * @param importer how modules are imported (tests inject failures).
 * @example const { backend, tried } = await selectBackend('auto'); // backend === 'wasm' here
 */
export async function selectBackend(
  want: string = process.env.DOSEGYM_BACKEND ?? 'auto',
  importer: ModuleImporter = (s) => import(s),
): Promise<BackendSelection> {
  if (!(BACKEND_CHOICES as readonly string[]).includes(want)) {
    throw new InputError(`backend must be one of ${BACKEND_CHOICES.join(', ')}; got '${want}'`, 'backend');
  }
  const candidates = want === 'auto' ? CANDIDATES : CANDIDATES.filter((c) => c.backend === want);
  const tried: BackendAttempt[] = [];
  for (const c of candidates) {
    const error = await attempt(c, importer);
    if (error === undefined) {
      tried.push({ name: label(c) });
      return { backend: c.backend, tried };
    }
    tried.push({ name: label(c), error });
  }
  const lines = tried.map((t) => `${t.name}: ${t.error}`);
  throw new BackendError(`cannot use tfjs backend '${want}' (tried ${lines.join('; ')})`, lines);
}
