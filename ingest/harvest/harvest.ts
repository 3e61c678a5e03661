/**
 * Harvests the published protocol pages: for each listing page, read it and its
 * own pagination, find the protocol files it links, download the new and
 * changed ones into the corpus inbox (CORPUS_DIR/harvest/<host>/…) with their
 * provenance beside them, and ingest them.
 *
 * Unchanged files are not downloaded again: a conditional GET (If-None-Match /
 * If-Modified-Since) answers 304, and a server without validators still ends
 * at the content hash (the bytes come, nothing is written or re-ingested).
 * Nothing is ever deleted: a listing that suddenly links nothing is reported
 * (its layout may have changed), and its files stay indexed.
 */
import { createHash } from 'node:crypto';
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import robotsParserModule from 'robots-parser';
import type { Indexer } from '../indexer.js';
import { sourceDigest } from '../fingerprint.js';
import { ingestFiles, type RunSummary, type SourceFile } from '../run.js';
import { PoliteClient, USER_AGENT, type FetchPolicy } from './http.js';
import { readListing, type FileLink } from './links.js';
import { readProvenance, writeProvenance } from './provenance.js';
import { loadState, saveState } from './state.js';

export interface HarvestOptions {
  /** Listing pages (absolute http(s) URLs). */
  listings: readonly string[];
  /** Extra hosts; the only ones that may resolve to private or loopback addresses. */
  allowHosts?: readonly string[];
  corpusDir: string;
  dataDir: string;
  /** Ingest what was downloaded into this index; null: download only. */
  indexer: Indexer | null;
  maxFileBytes: number;
  delayMs?: number;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  /** Pages of one listing followed at most. */
  maxPages?: number;
  ingestTimeoutMs?: number;
  /** Worker threads for ingest (0: in this thread); a thread also bounds a PDF that hangs its parser. */
  ingestWorkers?: number;
  userAgent?: string;
  log?: (line: string) => void;
  now?: () => Date;
}

export interface HarvestReport {
  listings: { url: string; pages: number; fileLinks: number; ok: boolean; warnings: string[] }[];
  downloaded: { url: string; file: string; listingUrl: string; change: 'new' | 'changed' }[];
  /** Files already in the corpus under another name (put there by hand): not stored twice, given their source URL. */
  linked: { url: string; file: string }[];
  unchanged: number;
  skipped: { url: string; reason: string }[];
  failed: { url: string; reason: string }[];
  ingest: RunSummary | null;
  requests: number;
  seconds: number;
}

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}
// The package's own declaration file declares the module twice and types it as a namespace.
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => Robots;

/** The harvest folder inside the corpus, relative to it. */
export const HARVEST_FOLDER = 'harvest';

const safeSegment = (s: string) =>
  s
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()+-]+/gu, '_')
    .replace(/^[.\s]+/, '_')
    .trim()
    .slice(0, 120) || '_';

/** Corpus-relative path for a file URL: harvest/<host>/<path>, readable names kept (å/ä/ö, spaces). */
export function corpusPathFor(fileUrl: string, extension = ''): string {
  const url = new URL(fileUrl);
  const segments = url.pathname
    .split('/')
    .filter((s) => s !== '' && s !== '.' && s !== '..')
    .map((s) => {
      try {
        return safeSegment(decodeURIComponent(s));
      } catch {
        return safeSegment(s);
      }
    });
  let name = segments.pop() ?? 'fil';
  // A link typed as PDF without ".pdf" in its path is stored under a name ingest recognises.
  if (extension && !name.toLowerCase().endsWith(extension)) name = `${name}${extension}`;
  if (url.search) {
    // Two query-string variants of one path are two files.
    const digest = createHash('sha256').update(url.search).digest('hex').slice(0, 8);
    name = name.replace(/(\.[^.]+)?$/, (ext) => `-${digest}${ext}`);
  }
  return [HARVEST_FOLDER, safeSegment(url.host.replace(':', '_')), ...segments, name].join('/');
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/** The bytes look like what the link promised (a server's HTML error page behind a .pdf link is not a protocol). */
function looksLike(extension: string, body: Buffer, contentType: string): string | null {
  if (extension === '.pdf')
    return body.subarray(0, 1024).includes('%PDF-')
      ? null
      : `är ingen PDF (${contentType || 'okänd typ'}, börjar med ”${body.subarray(0, 20).toString('latin1').replace(/\s+/g, ' ')}”)`;
  if (/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(body.subarray(0, 200).toString('latin1')))
    return 'är en webbsida, ingen textfil';
  return null;
}

export async function harvest(options: HarvestOptions): Promise<HarvestReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const now = () => (options.now ?? (() => new Date()))().toISOString();
  const report: HarvestReport = {
    listings: [],
    downloaded: [],
    linked: [],
    unchanged: 0,
    skipped: [],
    failed: [],
    ingest: null,
    requests: 0,
    seconds: 0,
  };
  const listingUrls: URL[] = [];
  for (const raw of options.listings) {
    try {
      listingUrls.push(new URL(raw));
    } catch {
      report.listings.push({ url: raw, pages: 0, fileLinks: 0, ok: false, warnings: [`ogiltig adress: ${raw}`] });
      log(`FEL listsida ${raw}: ogiltig adress`);
    }
  }
  const allow = new Set((options.allowHosts ?? []).map((h) => h.toLowerCase()));
  const policy: FetchPolicy = {
    userAgent: options.userAgent ?? USER_AGENT,
    allowedHosts: new Set([...listingUrls.map((u) => u.hostname.toLowerCase()), ...allow]),
    privateAllowed: allow,
    delayMs: options.delayMs ?? 1000,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 3,
    backoffMs: options.backoffMs ?? 1000,
    maxBytes: options.maxFileBytes,
    maxRedirects: 5,
  };
  const client = new PoliteClient(policy);
  const { state, note } = await loadState(options.dataDir);
  if (note) log(`VARNING ${note}`);

  const robotsByOrigin = new Map<string, Robots | 'unavailable'>();
  const agentToken = policy.userAgent.split('/')[0]!;
  /** null: allowed; otherwise why not. */
  const robotsSays = async (target: string): Promise<string | null> => {
    const url = new URL(target);
    let robots = robotsByOrigin.get(url.origin);
    if (!robots) {
      const res = await client.get(`${url.origin}/robots.txt`);
      if (res.ok && res.status === 200) {
        robots = robotsParser(`${url.origin}/robots.txt`, res.body.toString('utf8'));
        const delay = robots.getCrawlDelay(agentToken);
        if (delay) client.setCrawlDelay(url.host.toLowerCase(), delay);
      } else if (!res.ok && res.kind === 'http' && res.status !== undefined && res.status >= 400 && res.status < 500) {
        // No robots.txt (4xx): everything is allowed (RFC 9309 §2.3.1.3).
        robots = robotsParser(`${url.origin}/robots.txt`, '');
      } else if (!res.ok && res.kind === 'not-allowed') {
        return res.reason;
      } else {
        // Unreachable robots.txt: assume everything is disallowed for now (RFC 9309 §2.3.1.4).
        robots = 'unavailable';
      }
      robotsByOrigin.set(url.origin, robots);
    }
    if (robots === 'unavailable') return `${url.origin}/robots.txt kunde inte läsas; värden hoppas över den här gången`;
    return robots.isAllowed(target, agentToken) === false ? 'robots.txt tillåter inte hämtning' : null;
  };

  // ── 1. Listing pages and their pagination ──
  const wanted = new Map<string, { link: FileLink; listingUrl: string }>();
  for (const listing of listingUrls) {
    const entry = { url: listing.href, pages: 0, fileLinks: 0, ok: true, warnings: [] as string[] };
    report.listings.push(entry);
    const queue = [listing.href];
    const seen = new Set(queue);
    const links = new Map<string, FileLink>();
    while (queue.length > 0 && entry.pages < (options.maxPages ?? 50)) {
      const pageUrl = queue.shift()!;
      const refused = await robotsSays(pageUrl).catch((e: Error) => e.message);
      if (refused) {
        entry.warnings.push(`${pageUrl}: ${refused}`);
        if (pageUrl === listing.href) entry.ok = false;
        continue;
      }
      const res = await client.get(pageUrl);
      if (!res.ok || res.status !== 200) {
        const reason = res.ok ? `HTTP ${res.status}` : res.reason;
        entry.warnings.push(`${pageUrl}: ${reason}`);
        if (pageUrl === listing.href) entry.ok = false;
        log(`FEL listsida ${pageUrl}: ${reason}`);
        continue;
      }
      entry.pages++;
      const page = readListing(res.body.toString('utf8'), res.url);
      for (const f of page.files) if (!links.has(f.url)) links.set(f.url, f);
      for (const next of page.pages) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    entry.fileLinks = links.size;
    const before = state.listings[listing.href];
    if (entry.ok && links.size === 0 && before && before.fileLinks > 0) {
      const warning = `listsidan länkar inga protokollfiler nu men hade ${before.fileLinks} förra gången (${before.lastRun.slice(0, 10)}); har sidans utseende ändrats? Inget tas bort.`;
      entry.warnings.push(warning);
      log(`VARNING ${listing.href}: ${warning}`);
    }
    if (entry.ok) state.listings[listing.href] = { fileLinks: links.size || before?.fileLinks || 0, lastRun: now() };
    log(`listsida ${listing.href}: ${entry.pages} sidor, ${links.size} fillänkar`);
    for (const link of links.values())
      if (!wanted.has(link.url)) wanted.set(link.url, { link, listingUrl: listing.href });
  }

  // ── 2. Files: new or changed ones downloaded ──
  const toIngest: SourceFile[] = [];
  const relink: SourceFile[] = [];
  let indexedByHash: Map<string, string> | undefined;
  for (const { link, listingUrl } of wanted.values()) {
    if (link.kind === 'unreadable-document') {
      report.skipped.push({
        url: link.url,
        reason: `${link.extension}-filer kan inte läsas in (bara PDF, .txt och .md); ladda ner och spara som PDF vid behov`,
      });
      log(`hoppar över ${link.url}: ${link.extension} kan inte läsas in`);
      continue;
    }
    const refused = await robotsSays(link.url).catch((e: Error) => e.message);
    if (refused) {
      report.skipped.push({ url: link.url, reason: refused });
      log(`hoppar över ${link.url}: ${refused}`);
      continue;
    }
    const known = state.files[link.url];
    const file = known?.file ?? corpusPathFor(link.url, link.extension);
    const absolute = path.join(options.corpusDir, ...file.split('/'));
    const onDisk = known ? await exists(absolute) : false;
    const headers: Record<string, string> = {};
    if (known && onDisk) {
      if (known.etag) headers['If-None-Match'] = known.etag;
      if (known.lastModified) headers['If-Modified-Since'] = known.lastModified;
    }
    const res = await client.get(link.url, headers);
    const checkedAt = now();
    if (!res.ok) {
      (res.kind === 'not-allowed' ? report.skipped : report.failed).push({ url: link.url, reason: res.reason });
      log(`${res.kind === 'not-allowed' ? 'hoppar över' : 'FEL'} ${link.url}: ${res.reason}`);
      continue;
    }
    if (res.status === 304) {
      report.unchanged++;
      state.files[link.url] = { ...known!, lastChecked: checkedAt };
      continue;
    }
    const contentType = String(res.headers['content-type'] ?? '');
    const wrong = looksLike(link.extension, res.body, contentType);
    if (wrong) {
      report.failed.push({ url: link.url, reason: `länken ${wrong}` });
      log(`FEL ${link.url}: länken ${wrong}`);
      continue;
    }
    const sha256 = createHash('sha256').update(res.body).digest('hex');
    const validators = {
      ...(typeof res.headers.etag === 'string' ? { etag: res.headers.etag } : {}),
      ...(typeof res.headers['last-modified'] === 'string' ? { lastModified: res.headers['last-modified'] } : {}),
    };
    if (known && onDisk && known.sha256 === sha256) {
      report.unchanged++;
      const { etag: _e, lastModified: _l, ...rest } = known;
      state.files[link.url] = { ...rest, ...validators, lastChecked: checkedAt };
      continue;
    }
    if (!known && options.indexer) {
      indexedByHash ??= new Map(
        [...(await options.indexer.indexedHashes())].map(([sourceFile, v]) => [
          v.sourceHash ?? v.contentHash,
          sourceFile,
        ]),
      );
      const existing = indexedByHash.get(sourceDigest(res.body));
      if (existing !== undefined) {
        const existingAbsolute = path.join(options.corpusDir, ...existing.split('/'));
        state.files[link.url] = {
          file: existing,
          listingUrl,
          ...validators,
          sha256,
          bytes: res.body.length,
          firstSeen: checkedAt,
          lastChanged: checkedAt,
          lastChecked: checkedAt,
        };
        if (existing === file) {
          report.unchanged++;
          continue;
        }
        if (!(await readProvenance(existingAbsolute)) && (await exists(existingAbsolute))) {
          await writeProvenance(existingAbsolute, { sourceUrl: link.url, listingUrl, fetchedAt: checkedAt });
          relink.push({ absolute: existingAbsolute, sourceFile: existing });
        }
        report.linked.push({ url: link.url, file: existing });
        log(`finns redan ${link.url} = ${existing} (sparas inte igen; källadressen noteras)`);
        continue;
      }
    }
    await mkdir(path.dirname(absolute), { recursive: true });
    await writeFile(absolute, res.body);
    await writeProvenance(absolute, { sourceUrl: link.url, listingUrl, fetchedAt: checkedAt });
    state.files[link.url] = {
      file,
      listingUrl,
      ...validators,
      sha256,
      bytes: res.body.length,
      firstSeen: known?.firstSeen ?? checkedAt,
      lastChanged: checkedAt,
      lastChecked: checkedAt,
    };
    const change = known ? 'changed' : 'new';
    report.downloaded.push({ url: link.url, file, listingUrl, change });
    log(`hämtad (${change === 'new' ? 'ny' : 'ändrad'}) ${link.url} → ${file}`);
    toIngest.push({ absolute, sourceFile: file });
  }
  // Saved before ingest: a download is never repeated because indexing failed (the inbox still holds the file).
  await saveState(options.dataDir, state);
  report.requests = client.requests;

  // ── 3. Ingest what came ──
  if (options.indexer && toIngest.length > 0) {
    report.ingest = await ingestFiles(options.indexer, toIngest, {
      maxFileBytes: options.maxFileBytes,
      workers: options.ingestWorkers ?? 0,
      ...(options.ingestTimeoutMs === undefined ? {} : { timeoutMs: options.ingestTimeoutMs }),
    });
    for (const f of report.ingest.failed) log(`FEL inläsning ${f.sourceFile}: ${f.reason}`);
  }
  if (options.indexer && relink.length > 0) {
    // Same bytes, new provenance: the content hash did not change, so these are re-ingested on purpose.
    const again = await ingestFiles(options.indexer, relink, {
      maxFileBytes: options.maxFileBytes,
      workers: options.ingestWorkers ?? 0,
      force: true,
      ...(options.ingestTimeoutMs === undefined ? {} : { timeoutMs: options.ingestTimeoutMs }),
    });
    for (const f of again.failed) log(`FEL inläsning ${f.sourceFile}: ${f.reason}`);
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

/** One line for logs: what a harvest did. */
export function summaryLine(r: HarvestReport): string {
  const ingest = r.ingest ? `, ${r.ingest.ingested} inlästa, ${r.ingest.failed.length} gick inte att läsa in` : '';
  return (
    `Skördning klar på ${r.seconds.toFixed(1)} s: ${r.listings.length} listsidor (${r.listings.filter((l) => !l.ok).length} misslyckades), ` +
    `${r.downloaded.length} hämtade, ${r.linked.length} fanns redan, ${r.unchanged} oförändrade, ${r.skipped.length} överhoppade, ${r.failed.length} fel${ingest}; ${r.requests} förfrågningar.`
  );
}
