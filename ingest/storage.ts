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
import { link, lstat, mkdir, open, readdir, rename, rm, stat, statfs, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../domain/errors.js';

/** Where writes can be made to fail, for drills ("the disk is full"). */
export interface StorageHooks {
  /** Writes `chunk` at `position`; defaults to `handle.write`. */
  write?: (handle: FileHandle, chunk: Uint8Array, position: number) => Promise<{ bytesWritten: number }>;
}

/** The prefix of every temp file these writes make (uploads/ and the stored copies). */
export const TEMP_PREFIX = '.incoming-';

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
  const temp = path.join(dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
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

/** Bytes available to this process on the filesystem holding `dir` (its nearest existing ancestor), or null. */
export async function freeBytes(dir: string): Promise<number | null> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    try {
      const fs = await statfs(at);
      return fs.bavail * fs.bsize;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(at) === at) return null;
    }
  }
}

/**
 * Refuses a write that would leave less than `floorBytes` free on the filesystem of any of
 * `dirs`: an immediate 507 storage-full instead of a write that fills the disk and hangs.
 * A floor of 0 turns the check off.
 */
export async function ensureFreeSpace(dirs: readonly string[], neededBytes: number, floorBytes: number): Promise<void> {
  if (floorBytes <= 0) return;
  for (const dir of dirs) {
    const free = await freeBytes(dir);
    if (free === null || free - neededBytes >= floorBytes) continue;
    const mb = (n: number) => (n / 1e6).toFixed(n < 10e6 ? 1 : 0);
    throw new AppError(
      'storage-full',
      `Disken är nästan full: ${mb(Math.max(0, free))} MB ledigt, och minst ${mb(floorBytes)} MB ska finnas kvar efter en skrivning (MIN_FREE_DISK_MB). Frigör utrymme och försök igen; inget har ändrats.`,
    );
  }
}

/**
 * Settles with `work`, or rejects with `onTimeout()` once `ms` have passed (the work itself goes
 * on: a file system call cannot be canceled, so `cleanup` is called with its result when it
 * ends late). `ms` of 0 waits without a deadline.
 */
export function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  onTimeout: () => Error,
  cleanup?: (late: T) => unknown,
): Promise<T> {
  if (ms <= 0) return work;
  return new Promise<T>((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(onTimeout());
    }, ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        if (late) void Promise.resolve(cleanup?.(value)).catch(() => undefined);
        else resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!late) reject(error);
      },
    );
  });
}

/** Whether a process with this pid exists (on this host). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp files a killed process left in `dir` (not recursive): those named with a pid
 * that no longer runs, or with this process's own pid (in a container a restarted API has
 * the same pid, and this process has written none yet when it starts). Returns their names.
 */
export async function removeLeftoverTemps(dir: string): Promise<{ name: string; bytes: number }[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: { name: string; bytes: number }[] = [];
  for (const name of names) {
    const m = name.startsWith(TEMP_PREFIX) ? /^\.incoming-(\d+)-[0-9a-f]+\.tmp$/.exec(name) : null;
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && alive(pid)) continue;
    const file = path.join(dir, name);
    const info = await lstat(file).catch(() => null);
    if (!info?.isFile()) continue;
    await rm(file, { force: true });
    removed.push({ name, bytes: info.size });
  }
  return removed;
}
