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
import { withoutCredentials } from '../../domain/urls.js';
import type { Indexer } from '../indexer.js';
import { sourceDigest } from '../fingerprint.js';
import { ingestFiles, type RunSummary, type SourceFile } from '../run.js';
import { AllowList, credentialsIn, parseAllowEntry, type AllowEntry } from './allow.js';
import { PoliteClient, USER_AGENT, type FetchPolicy } from './http.js';
import { readListing, type FileLink } from './links.js';
import { readProvenance, writeProvenance } from './provenance.js';
import { RobotsGate } from './robots.js';
import { loadState, saveState, type FileState, type HarvestState } from './state.js';

export interface HarvestOptions {
  /** Listing pages (absolute http(s) URLs). */
  listings: readonly string[];
  /**
   * Extra `host` or `host:port` entries (allow.ts): without a port the default ports 80/443 (and a
   * listing page's own); the only hosts that may resolve to private or loopback addresses.
   */
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

type ListingReport = HarvestReport['listings'][number];
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
  const start = () => body.subarray(0, 20).toString('latin1').replace(/\s+/g, ' ');
  if (extension === '.pdf')
    return body.subarray(0, 1024).includes('%PDF-')
      ? null
      : `är ingen PDF (${contentType || 'okänd typ'}, börjar med ”${start()}”)`;
  if (extension === '.docx' || extension === '.odt')
    // Both are zip packages ("PK\x03\x04"); what is inside is for the ingest to judge.
    return body.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))
      ? null
      : `är ingen ${extension === '.docx' ? 'Word' : 'OpenDocument'}-fil (${contentType || 'okänd typ'}, börjar med ”${start()}”)`;
  if (/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(body.subarray(0, 200).toString('latin1')))
    return 'är en webbsida, ingen textfil';
  return null;
}

/** Everything one run shares: options, its client and robots gate, the saved state, the report being built. */
export interface Run {
  readonly options: HarvestOptions;
  readonly report: HarvestReport;
  readonly state: HarvestState;
  readonly client: PoliteClient;
  readonly robots: RobotsGate;
  readonly log: (line: string) => void;
  readonly now: () => string;
  /** Content hash → corpus file, read from the index on the first file that needs it. */
  indexedByHash?: Map<string, string>;
}

/** Step 1 (pure): the listing pages that can be harvested, and a report line for each that cannot. */
export function parseListings(raw: readonly string[]): { urls: URL[]; refused: ListingReport[] } {
  const urls: URL[] = [];
  const refused: ListingReport[] = [];
  for (const text of raw) {
    const url = URL.canParse(text) ? new URL(text) : null;
    const reason = url === null ? 'ogiltig adress' : credentialsIn(url);
    if (reason === null) urls.push(url!);
    else
      refused.push({
        url: url ? withoutCredentials(url.href) : text,
        pages: 0,
        fileLinks: 0,
        ok: false,
        warnings: [reason],
      });
  }
  return { urls, refused };
}

/** Step 1 (pure): allow-list entries as `host[:port]`, and the ones that are not. */
export function parseAllowHosts(raw: readonly string[]): { entries: AllowEntry[]; invalid: string[] } {
  const entries: AllowEntry[] = [];
  const invalid: string[] = [];
  for (const text of raw) {
    const entry = parseAllowEntry(text);
    if (entry) entries.push(entry);
    else invalid.push(text);
  }
  return { entries, invalid };
}

/** Step 1 (pure): the client's policy for these listing pages and allow-list entries. */
export function fetchPolicy(
  options: HarvestOptions,
  listings: readonly URL[],
  allow: readonly AllowEntry[],
): FetchPolicy {
  return {
    userAgent: options.userAgent ?? USER_AGENT,
    allow: new AllowList(listings, allow),
    delayMs: options.delayMs ?? 1000,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 3,
    backoffMs: options.backoffMs ?? 1000,
    maxBytes: options.maxFileBytes,
    maxRedirects: 5,
  };
}

/** Step 2: one listing page and its own pagination → its report line and the file links it holds. */
export async function walkListing(
  run: Run,
  listing: URL,
): Promise<{ entry: ListingReport; links: Map<string, FileLink> }> {
  const entry: ListingReport = { url: listing.href, pages: 0, fileLinks: 0, ok: true, warnings: [] };
  const queue = [listing.href];
  const seen = new Set(queue);
  const links = new Map<string, FileLink>();
  while (queue.length > 0 && entry.pages < (run.options.maxPages ?? 50)) {
    const pageUrl = queue.shift()!;
    const refused = await run.robots.refusal(pageUrl);
    if (refused) {
      entry.warnings.push(`${pageUrl}: ${refused}`);
      if (pageUrl === listing.href) entry.ok = false;
      continue;
    }
    const res = await run.client.get(pageUrl);
    if (!res.ok || res.status !== 200) {
      const reason = res.ok ? `HTTP ${res.status}` : res.reason;
      entry.warnings.push(`${pageUrl}: ${reason}`);
      if (pageUrl === listing.href) entry.ok = false;
      run.log(`FEL listsida ${pageUrl}: ${reason}`);
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
  return { entry, links };
}

/**
 * Step 2 (pure but for the state it updates): a listing that linked files last time and links none now
 * is warned about (its layout may have changed; nothing is deleted); the count is remembered.
 */
export function noteLinkCount(state: HarvestState, entry: ListingReport, now: string): string | null {
  const before = state.listings[entry.url];
  let warning: string | null = null;
  if (entry.ok && entry.fileLinks === 0 && before && before.fileLinks > 0) {
    warning = `listsidan länkar inga protokollfiler nu men hade ${before.fileLinks} förra gången (${before.lastRun.slice(0, 10)}); har sidans utseende ändrats? Inget tas bort.`;
    entry.warnings.push(warning);
  }
  if (entry.ok) state.listings[entry.url] = { fileLinks: entry.fileLinks || before?.fileLinks || 0, lastRun: now };
  return warning;
}

/** What became of one file link. */
export type FileOutcome =
  | { kind: 'skipped' | 'failed'; url: string; reason: string }
  | { kind: 'unchanged'; url: string; state: FileState }
  | { kind: 'linked'; url: string; file: string; state: FileState; relink: SourceFile | null }
  | {
      kind: 'downloaded';
      url: string;
      file: string;
      listingUrl: string;
      change: 'new' | 'changed';
      state: FileState;
      source: SourceFile;
    };

/** Why a link is not fetched at all, before any request: not a readable type, refused URL, robots.txt. */
async function linkRefusal(run: Run, link: FileLink): Promise<FileOutcome | null> {
  const url = withoutCredentials(link.url) || link.url;
  if (link.kind === 'unreadable-document')
    return {
      kind: 'skipped',
      url,
      reason: `${link.extension}-filer kan inte läsas in (bara PDF, Word (.docx), OpenDocument (.odt), .txt och .md); spara som PDF eller .docx vid behov`,
    };
  const credentials = credentialsIn(new URL(link.url));
  if (credentials) return { kind: 'skipped', url, reason: `hämtas inte: ${credentials}` };
  const refused = await run.robots.refusal(link.url);
  return refused ? { kind: 'skipped', url, reason: refused } : null;
}

/** The validators a response offers for the next conditional GET. */
const validatorsOf = (headers: Record<string, unknown>) => ({
  ...(typeof headers.etag === 'string' ? { etag: headers.etag } : {}),
  ...(typeof headers['last-modified'] === 'string' ? { lastModified: headers['last-modified'] } : {}),
});

/**
 * Step 3: one file link → fetched conditionally, compared by content hash, and stored in the
 * harvest folder with its provenance (or linked to the copy already in the corpus).
 */
export async function fetchFile(run: Run, link: FileLink, listingUrl: string): Promise<FileOutcome> {
  const refused = await linkRefusal(run, link);
  if (refused) return refused;
  const { options, state } = run;
  const known = state.files[link.url];
  const file = known?.file ?? corpusPathFor(link.url, link.extension);
  const absolute = path.join(options.corpusDir, ...file.split('/'));
  const onDisk = known ? await exists(absolute) : false;
  const headers: Record<string, string> = {};
  if (known && onDisk) {
    if (known.etag) headers['If-None-Match'] = known.etag;
    if (known.lastModified) headers['If-Modified-Since'] = known.lastModified;
  }
  const res = await run.client.get(link.url, headers);
  const checkedAt = run.now();
  if (!res.ok) return { kind: res.kind === 'not-allowed' ? 'skipped' : 'failed', url: link.url, reason: res.reason };
  if (res.status === 304) return { kind: 'unchanged', url: link.url, state: { ...known!, lastChecked: checkedAt } };
  const contentType = String(res.headers['content-type'] ?? '');
  const wrong = looksLike(link.extension, res.body, contentType);
  if (wrong) return { kind: 'failed', url: link.url, reason: `länken ${wrong}` };
  const sha256 = createHash('sha256').update(res.body).digest('hex');
  const validators = validatorsOf(res.headers);
  if (known && onDisk && known.sha256 === sha256) {
    const { etag: _e, lastModified: _l, ...rest } = known;
    return { kind: 'unchanged', url: link.url, state: { ...rest, ...validators, lastChecked: checkedAt } };
  }
  const fresh = (stored: string): FileState => ({
    file: stored,
    listingUrl,
    ...validators,
    sha256,
    bytes: res.body.length,
    firstSeen: known?.firstSeen ?? checkedAt,
    lastChanged: checkedAt,
    lastChecked: checkedAt,
  });
  if (!known) {
    const existing = await alreadyIndexed(run, res.body);
    if (existing !== null) return linkExisting(run, link.url, listingUrl, existing, file, fresh(existing), checkedAt);
  }
  await mkdir(path.dirname(absolute), { recursive: true });
  await writeFile(absolute, res.body);
  await writeProvenance(absolute, { sourceUrl: link.url, listingUrl, fetchedAt: checkedAt });
  return {
    kind: 'downloaded',
    url: link.url,
    file,
    listingUrl,
    change: known ? 'changed' : 'new',
    state: fresh(file),
    source: { absolute, sourceFile: file },
  };
}

/** The corpus file that already holds these bytes (put there by hand or by an upload), or null. */
async function alreadyIndexed(run: Run, body: Buffer): Promise<string | null> {
  const indexer = run.options.indexer;
  if (!indexer) return null;
  run.indexedByHash ??= new Map(
    [...(await indexer.indexedHashes())].map(([sourceFile, v]) => [v.sourceHash ?? v.contentHash, sourceFile]),
  );
  return run.indexedByHash.get(sourceDigest(body)) ?? null;
}

/** The same bytes are in the corpus already: not stored twice; the copy there gets this source URL. */
async function linkExisting(
  run: Run,
  url: string,
  listingUrl: string,
  existing: string,
  file: string,
  state: FileState,
  checkedAt: string,
): Promise<FileOutcome> {
  if (existing === file) return { kind: 'unchanged', url, state };
  const existingAbsolute = path.join(run.options.corpusDir, ...existing.split('/'));
  let relink: SourceFile | null = null;
  if (!(await readProvenance(existingAbsolute)) && (await exists(existingAbsolute))) {
    await writeProvenance(existingAbsolute, { sourceUrl: url, listingUrl, fetchedAt: checkedAt });
    relink = { absolute: existingAbsolute, sourceFile: existing };
  }
  return { kind: 'linked', url, file: existing, state, relink };
}

/** Step 3 (pure but for the report and state it updates): one outcome recorded, and its log line. */
export function recordOutcome(run: Pick<Run, 'report' | 'state' | 'log'>, outcome: FileOutcome): void {
  const { report, state, log } = run;
  switch (outcome.kind) {
    case 'skipped':
    case 'failed':
      (outcome.kind === 'skipped' ? report.skipped : report.failed).push({ url: outcome.url, reason: outcome.reason });
      log(`${outcome.kind === 'skipped' ? 'hoppar över' : 'FEL'} ${outcome.url}: ${outcome.reason}`);
      return;
    case 'unchanged':
      report.unchanged++;
      state.files[outcome.url] = outcome.state;
      return;
    case 'linked':
      state.files[outcome.url] = outcome.state;
      report.linked.push({ url: outcome.url, file: outcome.file });
      log(`finns redan ${outcome.url} = ${outcome.file} (sparas inte igen; källadressen noteras)`);
      return;
    case 'downloaded':
      state.files[outcome.url] = outcome.state;
      report.downloaded.push({
        url: outcome.url,
        file: outcome.file,
        listingUrl: outcome.listingUrl,
        change: outcome.change,
      });
      log(`hämtad (${outcome.change === 'new' ? 'ny' : 'ändrad'}) ${outcome.url} → ${outcome.file}`);
  }
}

/** Step 4: what came is ingested; files that only got a source URL are re-ingested on purpose. */
export async function ingestHarvested(
  options: HarvestOptions,
  toIngest: readonly SourceFile[],
  relink: readonly SourceFile[],
  log: (line: string) => void,
): Promise<RunSummary | null> {
  if (!options.indexer) return null;
  const settings = {
    maxFileBytes: options.maxFileBytes,
    workers: options.ingestWorkers ?? 0,
    ...(options.ingestTimeoutMs === undefined ? {} : { timeoutMs: options.ingestTimeoutMs }),
  };
  let summary: RunSummary | null = null;
  if (toIngest.length > 0) {
    summary = await ingestFiles(options.indexer, [...toIngest], settings);
    for (const f of summary.failed) log(`FEL inläsning ${f.sourceFile}: ${f.reason}`);
  }
  if (relink.length > 0) {
    // Same bytes, new provenance: the content hash did not change, so these are re-ingested on purpose.
    const again = await ingestFiles(options.indexer, [...relink], { ...settings, force: true });
    for (const f of again.failed) log(`FEL inläsning ${f.sourceFile}: ${f.reason}`);
  }
  return summary;
}

/** Reads the listing pages, fetches what is new or changed into the corpus inbox, and ingests it. */
export async function harvest(options: HarvestOptions): Promise<HarvestReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
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
  // 1. What may be fetched.
  const listings = parseListings(options.listings);
  for (const refused of listings.refused) log(`FEL listsida ${refused.url}: ${refused.warnings.join('; ')}`);
  const allow = parseAllowHosts(options.allowHosts ?? []);
  for (const bad of allow.invalid)
    log(`VARNING HARVEST_ALLOW_HOSTS: "${bad}" är ingen värd eller värd:port; posten används inte`);
  const client = new PoliteClient(fetchPolicy(options, listings.urls, allow.entries));
  const { state, note } = await loadState(options.dataDir);
  if (note) log(`VARNING ${note}`);
  const run: Run = {
    options,
    report,
    state,
    client,
    robots: new RobotsGate(client),
    log,
    now: () => (options.now ?? (() => new Date()))().toISOString(),
  };

  report.listings.push(...listings.refused);

  // 2. Listing pages and their pagination.
  const wanted = new Map<string, { link: FileLink; listingUrl: string }>();
  for (const listing of listings.urls) {
    const { entry, links } = await walkListing(run, listing);
    report.listings.push(entry);
    const warning = noteLinkCount(state, entry, run.now());
    if (warning) log(`VARNING ${listing.href}: ${warning}`);
    log(`listsida ${listing.href}: ${entry.pages} sidor, ${links.size} fillänkar`);
    for (const link of links.values())
      if (!wanted.has(link.url)) wanted.set(link.url, { link, listingUrl: listing.href });
  }

  // 3. Files: new or changed ones downloaded.
  const toIngest: SourceFile[] = [];
  const relink: SourceFile[] = [];
  for (const { link, listingUrl } of wanted.values()) {
    const outcome = await fetchFile(run, link, listingUrl);
    recordOutcome(run, outcome);
    if (outcome.kind === 'downloaded') toIngest.push(outcome.source);
    if (outcome.kind === 'linked' && outcome.relink) relink.push(outcome.relink);
  }
  // Saved before ingest: a download is never repeated because indexing failed (the inbox still holds the file).
  await saveState(options.dataDir, state);
  report.requests = client.requests;

  // 4. Ingest what came.
  report.ingest = await ingestHarvested(options, toIngest, relink, log);
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
