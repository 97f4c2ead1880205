/**
 * Compile the hand-written WebAssembly kernels (`src/**\/kernels/*.wat`) to `.wasm` next
 * to their source with wabt's wat2wasm (SIMD enabled). The binaries are committed so
 * that nothing compiles at install or run time; test/agents/nn/gemm.test.ts checks that
 * each committed binary is exactly what its source compiles to.
 *
 * Usage: `npm run build:wasm`
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The wasm binary of a .wat file. */
export async function compileWat(watPath: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat(watPath, readFileSync(watPath, 'utf8'), { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

/** Every `kernels/*.wat` under src/. */
export function watSources(dir = join(ROOT, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.wat') && e.parentPath.endsWith('kernels'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const wat of watSources()) {
    const bytes = await compileWat(wat);
    const out = wat.replace(/\.wat$/, '.wasm');
    writeFileSync(out, bytes);
    console.log(`${relative(ROOT, out)}: ${bytes.length} bytes`);
  }
}
