/**
 * The few XML parts of a .docx or .odt (both are zip packages), read with
 * fflate and bounded against zip bombs before anything is inflated:
 *
 * - only the named parts are inflated, every other entry is skipped unread;
 * - each part's declared size and their sum are checked against the limits
 *   first, and fflate inflates into a buffer of exactly the declared size, so
 *   an entry that lies about its size is cut off there, never grows past it
 *   (the XML then fails to parse, and the file is set aside as damaged);
 * - a central directory with absurdly many entries is refused while listed.
 * The ingest child's memory and time caps (INGEST_MEMORY_MB,
 * INGEST_FILE_TIMEOUT_MS) stay behind these as the last line.
 */
import { unzipSync } from 'fflate';

export interface ZipLimits {
  /** Largest declared uncompressed size of one part. */
  maxPartBytes: number;
  /** Largest declared uncompressed size of all the parts read together. */
  maxTotalBytes: number;
  /** Most entries a package may list. */
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxPartBytes: 64 * 1024 * 1024,
  maxTotalBytes: 128 * 1024 * 1024,
  maxEntries: 10_000,
};

export type ZipRead =
  | { ok: true; parts: Map<string, Uint8Array> }
  | { ok: false; kind: 'corrupt' | 'too-complex'; detail: string };

class Refused extends Error {}

/** True when the bytes open like a zip package ("PK\x03\x04"). */
export const looksLikeZip = (bytes: Uint8Array) =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** The named parts that exist in the package (missing ones are simply absent from the map). */
export function readParts(bytes: Uint8Array, names: readonly string[], limits = DEFAULT_ZIP_LIMITS): ZipRead {
  const wanted = new Set(names);
  let entries = 0;
  let total = 0;
  try {
    const files = unzipSync(bytes, {
      filter: (entry) => {
        if (++entries > limits.maxEntries) throw new Refused(`fler än ${limits.maxEntries} delar i paketet`);
        if (!wanted.has(entry.name)) return false;
        if (entry.compression !== 0 && entry.compression !== 8)
          throw new Error(`okänd komprimering ${entry.compression} i ${entry.name}`);
        if (entry.originalSize > limits.maxPartBytes)
          throw new Refused(
            `${entry.name} packas upp till ${mb(entry.originalSize)} MB (gränsen är ${mb(limits.maxPartBytes)} MB)`,
          );
        total += entry.originalSize;
        if (total > limits.maxTotalBytes)
          throw new Refused(`delarna packas upp till mer än ${mb(limits.maxTotalBytes)} MB`);
        return true;
      },
    });
    return { ok: true, parts: new Map(Object.entries(files)) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return error instanceof Refused
      ? { ok: false, kind: 'too-complex', detail }
      : { ok: false, kind: 'corrupt', detail };
  }
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
