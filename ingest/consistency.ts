/**
 * The consistency check: what the index holds against itself and the disk, at
 * start and after every reindex.
 *
 * - Items whose protocol does not exist, or that belong to another version of
 *   it (another content hash): left by a write that could not be rolled back
 *   (Meilisearch gone mid-write). Removed.
 * - Protocols with fewer items than they say (`itemCount`): their items were
 *   lost. Removed from the index, so the next ingest reads their file again.
 * - Protocols with no source: neither their corpus file nor the stored copy of
 *   their bytes exists, so `/source` cannot serve them. Reported.
 * - Protocols with the same source bytes under different files (the same
 *   protocol counted twice in every trend). Reported, with the files.
 *
 * Items of writes in progress in this process are never taken for orphans
 * (the indexer lists them), and a candidate is removed only when it is still
 * an orphan once Meilisearch's queue has been quiet for a moment, so a write
 * by another process (the compose worker) is not taken for one either.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Indexer, ItemRow, ProtocolRow } from './indexer.js';
import type { SourceStore } from './storage.js';

export interface ConsistencyReport {
  /** ISO time the check finished. */
  checkedAt: string;
  /** How long it took. */
  seconds: number;
  protocols: number;
  items: number;
  /** Items without their protocol (or of another version of it) found, and how many were removed. */
  orphanItems: number;
  removedOrphanItems: number;
  /** Protocols whose items were (partly) missing, removed so that the next ingest reads them again. */
  incompleteProtocols: string[];
  /** Source files of protocols whose bytes are neither in the corpus nor in the stored copies. */
  withoutSource: string[];
  /** Groups of source files with identical bytes. */
  duplicateSources: string[][];
  /** Everything found was repaired, or there was nothing to repair or report. */
  ok: boolean;
}

export interface ConsistencyOptions {
  corpusRoot: string;
  sources?: SourceStore;
  /** Remove what can be removed (default true); false only reports. */
  repair?: boolean;
  /** How long the task queue must stay quiet before candidates are checked again. */
  settleMs?: number;
}

interface Findings {
  orphanItems: ItemRow[];
  incomplete: ProtocolRow[];
}

/** Items without their protocol's version, and protocols missing items, among what the index holds now. */
function inspect(protocols: readonly ProtocolRow[], items: readonly ItemRow[], busy: ReadonlySet<string>): Findings {
  const byId = new Map(protocols.map((p) => [p.id, p]));
  const counts = new Map<string, number>();
  const orphanItems: ItemRow[] = [];
  for (const item of items) {
    if (busy.has(item.protocolId)) continue;
    const protocol = byId.get(item.protocolId);
    if (!protocol || protocol.contentHash !== item.contentHash) orphanItems.push(item);
    else counts.set(protocol.id, (counts.get(protocol.id) ?? 0) + 1);
  }
  const incomplete = protocols.filter((p) => !busy.has(p.id) && (counts.get(p.id) ?? 0) < p.itemCount);
  return { orphanItems, incomplete };
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** Files whose bytes are gone: neither the corpus file nor the stored copy. */
async function withoutSource(protocols: readonly ProtocolRow[], options: ConsistencyOptions): Promise<string[]> {
  const out: string[] = [];
  for (const p of protocols) {
    if (await exists(path.resolve(options.corpusRoot, p.sourceFile))) continue;
    if (options.sources && (await options.sources.has(p.contentHash, p.sourceFile))) continue;
    out.push(p.sourceFile);
  }
  return out;
}

function duplicates(protocols: readonly ProtocolRow[]): string[][] {
  const bySource = new Map<string, string[]>();
  for (const p of protocols) {
    if (!p.sourceHash) continue;
    bySource.set(p.sourceHash, [...(bySource.get(p.sourceHash) ?? []), p.sourceFile]);
  }
  return [...bySource.values()].filter((files) => files.length > 1).map((files) => files.sort());
}

/**
 * Whether the items' facet counts prove the index consistent without reading an item: every
 * protocol has exactly its `itemCount` items, every content hash exactly the items of the
 * protocols that have it, and no item belongs to anything else.
 */
function countsAgree(
  protocols: readonly ProtocolRow[],
  counts: NonNullable<Awaited<ReturnType<Indexer['itemCounts']>>>,
): boolean {
  const byHash = new Map<string, number>();
  let expected = 0;
  for (const p of protocols) {
    if ((counts.byProtocol[p.id] ?? 0) !== p.itemCount) return false;
    byHash.set(p.contentHash, (byHash.get(p.contentHash) ?? 0) + p.itemCount);
    expected += p.itemCount;
  }
  if (counts.total !== expected || Object.keys(counts.byProtocol).length !== protocols.length) return false;
  return (
    [...byHash].every(([hash, n]) => counts.byHash[hash] === n) && Object.keys(counts.byHash).length === byHash.size
  );
}

/** Runs the check, repairs what it can (unless `repair: false`) and reports. */
export async function checkConsistency(indexer: Indexer, options: ConsistencyOptions): Promise<ConsistencyReport> {
  const started = performance.now();
  const seconds = () => Math.round(performance.now() - started) / 1000;
  const repair = options.repair ?? true;
  let protocols = await indexer.protocolRows();
  // The common case in one request: the counts agree, and no item needs reading.
  const counts = await indexer.itemCounts();
  if (counts && countsAgree(protocols, counts)) {
    const missing = await withoutSource(protocols, options);
    const dup = duplicates(protocols);
    return {
      checkedAt: new Date().toISOString(),
      seconds: seconds(),
      protocols: protocols.length,
      items: counts.total,
      orphanItems: 0,
      removedOrphanItems: 0,
      incompleteProtocols: [],
      withoutSource: missing,
      duplicateSources: dup,
      ok: missing.length === 0 && dup.length === 0,
    };
  }
  let items = await indexer.itemRows();
  let found = inspect(protocols, items, indexer.writing());
  let orphanCount = found.orphanItems.length;
  let removed = 0;
  let incomplete: ProtocolRow[] = [];
  if (repair && (found.orphanItems.length > 0 || found.incomplete.length > 0)) {
    // Confirm on a quiet queue: a write by another process may be between its items and its protocol.
    await indexer.quiet(10_000);
    await new Promise((r) => setTimeout(r, options.settleMs ?? 1000));
    await indexer.quiet(10_000);
    protocols = await indexer.protocolRows();
    items = await indexer.itemRows();
    const before = new Set(found.orphanItems.map((i) => i.id));
    const incompleteBefore = new Set(found.incomplete.map((p) => p.id));
    found = inspect(protocols, items, indexer.writing());
    const confirmed = found.orphanItems.filter((i) => before.has(i.id)).map((i) => i.id);
    await indexer.removeItems(confirmed);
    // Candidates that got their protocol meanwhile were a write in progress, not orphans.
    orphanCount = confirmed.length;
    removed = confirmed.length;
    incomplete = found.incomplete.filter((p) => incompleteBefore.has(p.id));
    await indexer.removeProtocols(incomplete.map((p) => p.id));
    const gone = new Set(incomplete.map((p) => p.id));
    protocols = protocols.filter((p) => !gone.has(p.id));
    items = items.filter((i) => !gone.has(i.protocolId) && !confirmed.includes(i.id));
  } else incomplete = found.incomplete;
  const missing = await withoutSource(protocols, options);
  const dup = duplicates(protocols);
  return {
    checkedAt: new Date().toISOString(),
    seconds: seconds(),
    protocols: protocols.length,
    items: items.length,
    orphanItems: orphanCount,
    removedOrphanItems: removed,
    incompleteProtocols: incomplete.map((p) => p.sourceFile),
    withoutSource: missing,
    duplicateSources: dup,
    ok: (repair || (orphanCount === 0 && incomplete.length === 0)) && missing.length === 0 && dup.length === 0,
  };
}

/** The report as log lines (English, like the rest of the start-up log). */
export function describeConsistency(report: ConsistencyReport): string[] {
  const lines = [
    `Consistency check in ${report.seconds.toFixed(1)} s: ${report.protocols} protocols, ${report.items} agenda items${report.ok ? ', consistent' : ''}.`,
  ];
  if (report.orphanItems > 0)
    lines.push(
      `  ${report.orphanItems} agenda items had no protocol (or an older version of it); ${report.removedOrphanItems} removed.`,
    );
  if (report.incompleteProtocols.length > 0)
    lines.push(
      `  ${report.incompleteProtocols.length} protocols had lost agenda items and were removed from the index, to be read again: ${report.incompleteProtocols.slice(0, 5).join(', ')}`,
    );
  if (report.withoutSource.length > 0)
    lines.push(
      `  ${report.withoutSource.length} protocols have neither their file nor a stored copy (their source cannot be served): ${report.withoutSource.slice(0, 5).join(', ')}`,
    );
  for (const group of report.duplicateSources.slice(0, 5))
    lines.push(`  identical bytes indexed more than once: ${group.join(', ')}`);
  if (report.duplicateSources.length > 5)
    lines.push(`  … ${report.duplicateSources.length - 5} more groups of identical files`);
  return lines;
}
