/**
 * A write group spooled to disk: the item documents of the protocols a run has
 * ingested, one JSON document a line (NDJSON) in a temporary file, and only
 * their protocol documents (~4 kB each) in memory. The group is sent to
 * Meilisearch as one request streamed from the file, so a write can be as
 * large as Meilisearch indexes best (its cost is per batch: 1,000 protocols
 * took 9.3 s of its CPU in 8 writes and 6.8 s in one, measured on this machine)
 * while the process holds no more than one protocol's documents at a time.
 */
import { closeSync, createReadStream, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Meilisearch } from 'meilisearch';
import { answerOf } from '../domain/store/http-client.js';
import type { ItemDocument, ProtocolDocument } from '../domain/schemas.js';
import type { ProtocolWrite } from './indexer.js';
import { alive } from './storage.js';

const SPOOL_PREFIX = 'protokollsok-spool-';

/**
 * Removes the spool folders that processes killed mid-run left behind (an exit removes its own): a
 * folder whose files name no running process, and that has not changed for a minute (a process
 * that has just made its folder has not written its first file yet).
 */
export function sweepSpools(tmp = os.tmpdir()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(tmp)) {
    if (!name.startsWith(SPOOL_PREFIX)) continue;
    const dir = path.join(tmp, name);
    try {
      const pids = readdirSync(dir).map((f) => Number(/^items-(\d+)-/.exec(f)?.[1]));
      if (pids.some((pid) => Number.isFinite(pid) && alive(pid))) continue;
      if (Date.now() - statSync(dir).mtimeMs < 60_000) continue;
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Another process's folder, or gone meanwhile: left alone.
    }
  }
  return removed;
}

/** The folder of this process's spool files (made on first use, removed at exit). */
let spoolDir: string | null = null;
let spoolFiles = 0;
function nextSpoolFile(): string {
  if (spoolDir === null) {
    sweepSpools();
    const dir = mkdtempSync(path.join(os.tmpdir(), SPOOL_PREFIX));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    spoolDir = dir;
  }
  return path.join(spoolDir, `items-${process.pid}-${++spoolFiles}.ndjson`);
}

export class SpooledGroup {
  /** The protocol documents, in the order their items were spooled. */
  readonly protocols: ProtocolDocument[] = [];
  /** Bytes of item documents spooled (the request's size). */
  bytes = 0;
  items = 0;
  /** When the group was opened (its first protocol came), by `performance.now()`. */
  readonly openedAt = performance.now();
  readonly file: string;
  private fd: number | null;

  constructor(file = nextSpoolFile()) {
    this.file = file;
    this.fd = openSync(file, 'w');
  }

  get length(): number {
    return this.protocols.length;
  }

  /** Appends one protocol: its items to the file, its document to the list. */
  add(write: ProtocolWrite): void {
    if (this.fd === null) throw new Error('the spooled group was already sealed');
    if (write.items.length > 0) {
      const buf = Buffer.from(`${write.items.map((i) => JSON.stringify(i)).join('\n')}\n`, 'utf8');
      for (let at = 0; at < buf.length; ) at += writeSync(this.fd, buf, at, buf.length - at);
      this.bytes += buf.length;
      this.items += write.items.length;
    }
    this.protocols.push(write.protocol);
  }

  /** No more protocols: the file is complete. */
  seal(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** The group read back one protocol at a time (to write them one by one when the whole is refused). */
  async *writes(): AsyncGenerator<ProtocolWrite> {
    this.seal();
    const lines = readline.createInterface({ input: createReadStream(this.file, 'utf8'), crlfDelay: Infinity });
    const byProtocol = new Map<string, ItemDocument[]>();
    let next = 0;
    for await (const line of lines) {
      if (line === '') continue;
      const item = JSON.parse(line) as ItemDocument;
      // Items are spooled protocol by protocol: a new protocol id means the ones before it are complete.
      while (next < this.protocols.length && this.protocols[next]!.id !== item.protocolId) {
        const protocol = this.protocols[next++]!;
        yield { protocol, items: byProtocol.get(protocol.id) ?? [] };
        byProtocol.delete(protocol.id);
      }
      byProtocol.set(item.protocolId, [...(byProtocol.get(item.protocolId) ?? []), item]);
    }
    while (next < this.protocols.length) {
      const protocol = this.protocols[next++]!;
      yield { protocol, items: byProtocol.get(protocol.id) ?? [] };
    }
  }

  /** Removes the file. */
  dispose(): void {
    this.seal();
    rmSync(this.file, { force: true });
  }
}

/**
 * Adds (or replaces) the documents of an NDJSON file to an index in one request streamed from
 * disk, as meilisearch-js's addDocumentsFromString would with the whole file in memory. Resolves
 * with the enqueued task's uid; a refusal rejects with meilisearch-js's own MeilisearchApiError
 * (what `meiliApiError` reads), a network failure with the socket's error (retried by the caller).
 */
export function addNdjsonFile(admin: Meilisearch, uid: string, file: string): Promise<{ taskUid: number }> {
  const url = new URL(
    `indexes/${encodeURIComponent(uid)}/documents?primaryKey=id`,
    `${admin.config.host.replace(/\/?$/, '/')}`,
  );
  const transport = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { 'content-type': 'application/x-ndjson', 'accept-encoding': 'identity' };
  if (admin.config.apiKey) headers.authorization = `Bearer ${admin.config.apiKey}`;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, { method: 'POST', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('error', reject);
      response.on('end', () => {
        try {
          const parsed = answerOf(response.statusCode ?? 0, response.statusMessage ?? '', text);
          if (typeof (parsed as { taskUid?: unknown } | undefined)?.taskUid !== 'number')
            throw new Error(`Meilisearch answered a document write without a task: ${text.slice(0, 200)}`);
          resolve(parsed as { taskUid: number });
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on('error', reject);
    const body = createReadStream(file);
    body.on('error', (error) => {
      request.destroy(error);
      reject(error);
    });
    body.pipe(request);
  });
}
