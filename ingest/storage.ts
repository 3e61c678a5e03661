/**
 * Files written so that nothing existing is ever damaged:
 *
 * - new bytes go to a fresh temp file in the target folder, opened with
 *   O_CREAT|O_EXCL|O_NOFOLLOW (never an existing file, never through a
 *   symlink), written, fsynced, and only then linked to their final name;
 * - `link` fails when the final name exists, so a file is never replaced
 *   (rename would silently replace it);
 * - a failed write (a full disk) removes the temp file and leaves the folder
 *   as it was.
 *
 * `SourceStore` keeps, per content hash, a copy of the bytes each indexed
 * protocol was built from, so `/source` serves exactly those bytes even after
 * someone overwrote the corpus file with a broken copy.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Where writes can be made to fail, for drills ("the disk is full"). */
export interface StorageHooks {
  /** Writes `chunk` at `position`; defaults to `handle.write`. */
  write?: (handle: FileHandle, chunk: Uint8Array, position: number) => Promise<{ bytesWritten: number }>;
}

const CHUNK = 256 * 1024;

async function writeAll(handle: FileHandle, bytes: Uint8Array, hooks: StorageHooks): Promise<void> {
  const write =
    hooks.write ?? ((h: FileHandle, chunk: Uint8Array, position: number) => h.write(chunk, 0, chunk.length, position));
  for (let offset = 0; offset < bytes.length; ) {
    const chunk = bytes.subarray(offset, Math.min(bytes.length, offset + CHUNK));
    const { bytesWritten } = await write(handle, chunk, offset);
    if (bytesWritten <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    offset += bytesWritten;
  }
}

/** Makes a directory entry durable (the new name survives a crash). */
async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY).catch(() => null);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

/** Writes `bytes` to a new hidden temp file in `dir` (fsynced) and returns its path. */
export async function writeTempFile(dir: string, bytes: Uint8Array, hooks: StorageHooks = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.incoming-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o644,
  );
  try {
    await writeAll(handle, bytes, hooks);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temp;
}

/**
 * Gives the temp file its final name unless that name exists. Returns false
 * (and leaves both files alone) when it does.
 */
export async function publishNoReplace(temp: string, final: string): Promise<boolean> {
  try {
    await link(temp, final);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  await unlink(temp);
  await fsyncDir(path.dirname(final));
  return true;
}

/** Whether anything (a file, a folder, a symlink, even a dangling one) has this name. */
export async function nameTaken(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

/** Content-addressed copies of the bytes behind each indexed protocol. */
export class SourceStore {
  constructor(
    readonly dir: string,
    private readonly hooks: StorageHooks = {},
  ) {}

  /** The stored copy's path for a content hash (the source's ending kept for its media type). */
  pathFor(contentHash: string, sourceFile: string): string {
    const ext = path
      .extname(sourceFile)
      .toLowerCase()
      .replace(/[^.a-z0-9]/g, '');
    return path.join(this.dir, `${contentHash}${ext}`);
  }

  /** Stores the bytes under their hash; a copy already there is kept (same hash, same bytes). */
  async save(contentHash: string, sourceFile: string, bytes: Uint8Array): Promise<void> {
    const final = this.pathFor(contentHash, sourceFile);
    if (
      await stat(final).then(
        (s) => s.size === bytes.length,
        () => false,
      )
    )
      return;
    const temp = await writeTempFile(this.dir, bytes, this.hooks);
    // Same hash means same bytes: replacing a partial copy left by a crash is safe here.
    await rename(temp, final);
  }

  async has(contentHash: string, sourceFile: string): Promise<boolean> {
    return stat(this.pathFor(contentHash, sourceFile)).then(
      () => true,
      () => false,
    );
  }

  async remove(contentHash: string, sourceFile: string): Promise<void> {
    await rm(this.pathFor(contentHash, sourceFile), { force: true });
  }

  /**
   * Removes copies whose hash no indexed protocol has. Temp files and copies
   * younger than `minAgeMs` are left alone: an upload stores its copy just
   * before it writes its protocol.
   */
  async prune(keep: ReadonlySet<string>, minAgeMs = 10 * 60_000): Promise<number> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const hash = name.replace(/\.[^.]*$/, '');
      if (name.startsWith('.') || keep.has(hash)) continue;
      const age = await stat(path.join(this.dir, name)).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age >= minAgeMs) {
        await rm(path.join(this.dir, name), { force: true });
        removed++;
      }
    }
    return removed;
  }
}
