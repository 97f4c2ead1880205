/**
 * Atomic file writes: a reader (or a resumed run after a crash) sees either the old file
 * or the complete new one, never a partial file.
 *
 * How: the data goes to a temporary file in the *same directory* (a rename is atomic only
 * within one file system), which is fsynced (data on disk before the name points to it),
 * then renamed over the target (atomic replace on POSIX; on Windows `rename` replaces too,
 * though not with the same guarantee), then the directory is fsynced so the rename itself
 * survives a crash (best effort: not every platform can open a directory). On failure the
 * temporary file is removed. Temporary names start with '.' and end in '.tmp'.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The temporary path used for `path` (same directory, hidden, unique).
 * @example tempPathFor('/runs/a/progress.json') // '/runs/a/.progress.json.4f1c2a9e0b3d.tmp'
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Write `data` to `path` atomically (see the module doc). The directory must exist.
 * @example await writeFileAtomic('runs/x/metrics.csv', csvText)
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await syncDirectory(dirname(path));
}

/**
 * Write `value` as pretty JSON (2-space indent, final newline) atomically.
 * @example await writeJsonAtomic('runs/x/config.json', config)
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** fsync a directory so a rename in it is durable; ignored where directories cannot be opened. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows and some file systems refuse to open or fsync a directory: durability of the
    // rename is then the file system's, the atomicity is unaffected.
  }
}

/**
 * Synchronous twin of {@link writeFileAtomic}, for callers that are synchronous throughout
 * (cohort files, export artefacts). Same guarantees: temp file, fsync, rename.
 * @example writeFileAtomicSync('cohort.json', text)
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const tmp = tempPathFor(path);
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
