import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend, type ModuleImporter } from '../../src/agents/backend.js';
import { BackendError, InputError } from '../../src/core/errors.js';

const realImport: ModuleImporter = (s) => import(s);
const failing =
  (pattern: RegExp): ModuleImporter =>
  async (s) => {
    if (pattern.test(s)) throw new Error(`Cannot find package '${s}'`);
    return realImport(s);
  };

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('selectBackend', () => {
  it("'auto' falls back past failing native packages to wasm, in order", async () => {
    const sel = await selectBackend('auto', failing(/tfjs-node/));
    expect(sel.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(sel.tried.map((t) => t.name)).toEqual(['tensorflow (@tensorflow/tfjs-node-gpu)', 'tensorflow (@tensorflow/tfjs-node)', 'wasm']);
    expect(sel.tried[0]!.error).toMatch(/import failed/);
    expect(sel.tried[2]!.error).toBeUndefined();
  });

  it("'auto' ends on cpu when every import fails", async () => {
    const sel = await selectBackend('auto', failing(/./));
    expect(sel.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(sel.tried.map((t) => t.name)).toEqual(['tensorflow (@tensorflow/tfjs-node-gpu)', 'tensorflow (@tensorflow/tfjs-node)', 'wasm', 'cpu']);
    expect(sel.tried.slice(0, 3).every((t) => t.error !== undefined)).toBe(true);
  });

  it('records an import that registers nothing, and a backend whose setBackend returns false', async () => {
    const importer: ModuleImporter = async (s) => {
      if (s === '@tensorflow/tfjs-node-gpu') return {}; // imports, but registers no backend
      if (s === '@tensorflow/tfjs-node') {
        // registers 'tensorflow' whose initialisation fails: setBackend resolves false.
        tf.registerBackend('tensorflow', () => {
          throw new Error('libtensorflow.so: cannot open shared object file');
        });
        return {};
      }
      throw new Error('no wasm either');
    };
    try {
      const sel = await selectBackend('auto', importer);
      expect(sel.backend).toBe('cpu');
      expect(sel.tried[0]!.error).toMatch(/was not registered/);
      expect(sel.tried[1]!.error).toMatch(/returned false/);
    } finally {
      tf.removeBackend('tensorflow');
    }
  });

  it("in the real environment 'auto' does not throw and 'cpu' can be forced", async () => {
    const sel = await selectBackend('auto');
    expect(['tensorflow', 'wasm', 'cpu']).toContain(sel.backend);
    expect(tf.getBackend()).toBe(sel.backend);
    expect((await selectBackend('cpu')).backend).toBe('cpu');
  });

  it("a forced 'tensorflow' that cannot load rejects with BackendError listing the tries", async () => {
    const err = await selectBackend('tensorflow', failing(/tfjs-node/)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).tried).toHaveLength(2);
    expect((err as BackendError).message).toMatch(/tfjs-node-gpu.*tfjs-node/);
  });

  it('rejects an unknown backend name with InputError', async () => {
    await expect(selectBackend('gpu')).rejects.toBeInstanceOf(InputError);
  });
});
