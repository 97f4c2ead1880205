import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempPathFor, writeFileAtomic, writeJsonAtomic } from '../../src/core/atomic-write.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dosegym-atomic-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('the target only ever holds the old or the complete new content, and no temp file remains', async () => {
    const path = join(dir, 'big.bin');
    writeFileSync(path, 'old');
    const data = new Uint8Array(48 * 1024 * 1024).fill(7); // large enough to take many event-loop turns
    let done = false;
    const seenSizes = new Set<number>();
    const writing = writeFileAtomic(path, data).then(() => (done = true));
    let polls = 0;
    while (!done) {
      seenSizes.add(statSync(path).size); // the name always exists: rename replaces atomically
      polls++;
      await new Promise((r) => setImmediate(r));
    }
    await writing;
    expect(polls).toBeGreaterThan(1);
    expect([...seenSizes].every((s) => s === 3 || s === data.length)).toBe(true);
    expect(statSync(path).size).toBe(data.length);
    expect(readdirSync(dir)).toEqual(['big.bin']);
  });

  it('writes JSON with a final newline, and strings as UTF-8', async () => {
    await writeJsonAtomic(join(dir, 'a.json'), { b: [1, 2], s: 'Ω' });
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('{\n  "b": [\n    1,\n    2\n  ],\n  "s": "Ω"\n}\n');
  });

  it('fails cleanly: missing directory, or a rename that cannot replace, leave no temp file', async () => {
    await expect(writeFileAtomic(join(dir, 'nope', 'x.txt'), 'x')).rejects.toThrow(/ENOENT/);
    mkdirSync(join(dir, 'target'));
    writeFileSync(join(dir, 'target', 'keep'), 'k');
    await expect(writeFileAtomic(join(dir, 'target'), 'x')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['target']);
  });

  it('uses hidden unique temp names in the same directory', () => {
    const a = tempPathFor(join(dir, 'p.json'));
    expect(a.startsWith(join(dir, '.p.json.'))).toBe(true);
    expect(a.endsWith('.tmp')).toBe(true);
    expect(tempPathFor(join(dir, 'p.json'))).not.toBe(a);
    expect(existsSync(a)).toBe(false);
  });
});
