/**
 * harvest()'s steps on their own (the whole run is in harvest.test.ts): which
 * listing pages may be harvested, the warning when a listing's links vanish,
 * and how each file's outcome is recorded in the report and the state.
 */
import { describe, expect, it } from 'vitest';
import {
  type HarvestReport,
  noteLinkCount,
  parseAllowHosts,
  parseListings,
  recordOutcome,
} from '../../ingest/harvest/harvest.js';
import type { HarvestState } from '../../ingest/harvest/state.js';

const emptyReport = (): HarvestReport => ({
  listings: [],
  downloaded: [],
  linked: [],
  unchanged: 0,
  skipped: [],
  failed: [],
  ingest: null,
  requests: 0,
  seconds: 0,
});
const emptyState = (): HarvestState => ({ version: 1, files: {}, listings: {} });

describe('parseListings', () => {
  it('keeps http(s) pages and refuses a bad address or one with credentials, naming neither password', () => {
    const { urls, refused } = parseListings([
      'https://kommun.example.se/protokoll/',
      'inte en adress',
      'https://u:hemligt@kommun.example.se/privat/',
    ]);
    expect(urls.map((u) => u.href)).toEqual(['https://kommun.example.se/protokoll/']);
    expect(refused.map((r) => [r.url, r.ok])).toEqual([
      ['inte en adress', false],
      ['https://kommun.example.se/privat/', false],
    ]);
    expect(refused[1]!.warnings[0]).toMatch(/inloggningsuppgifter/);
  });
});

describe('parseAllowHosts', () => {
  it('splits the entries into host[:port] and the ones that are not', () => {
    const { entries, invalid } = parseAllowHosts(['127.0.0.1:8080', 'example.se', 'http://x.se']);
    expect(entries).toEqual([
      { host: '127.0.0.1', port: 8080 },
      { host: 'example.se', port: null },
    ]);
    expect(invalid).toEqual(['http://x.se']);
  });
});

describe('noteLinkCount', () => {
  it('warns when a listing that linked files links none, and keeps the last count', () => {
    const state = emptyState();
    const url = 'https://kommun.example.se/protokoll/';
    const entry = { url, pages: 1, fileLinks: 12, ok: true, warnings: [] as string[] };
    expect(noteLinkCount(state, entry, '2025-01-01T00:00:00Z')).toBeNull();
    const empty = { ...entry, fileLinks: 0, warnings: [] as string[] };
    expect(noteLinkCount(state, empty, '2025-02-01T00:00:00Z')).toMatch(/hade 12 förra gången \(2025-01-01\)/);
    expect(state.listings[url]).toEqual({ fileLinks: 12, lastRun: '2025-02-01T00:00:00Z' });
  });
});

describe('recordOutcome', () => {
  it('puts each outcome in its list of the report and its state under the URL, with a log line', () => {
    const run = { report: emptyReport(), state: emptyState(), log: (line: string) => lines.push(line) };
    const lines: string[] = [];
    const fileState = {
      file: 'harvest/x/a.pdf',
      listingUrl: 'https://x/',
      sha256: 'ab',
      bytes: 1,
      firstSeen: 't',
      lastChanged: 't',
      lastChecked: 't',
    };
    recordOutcome(run, { kind: 'failed', url: 'https://x/404.pdf', reason: 'HTTP 404 (finns inte)' });
    recordOutcome(run, { kind: 'unchanged', url: 'https://x/b.pdf', state: fileState });
    recordOutcome(run, {
      kind: 'downloaded',
      url: 'https://x/a.pdf',
      file: 'harvest/x/a.pdf',
      listingUrl: 'https://x/',
      change: 'new',
      state: fileState,
      source: { absolute: '/c/harvest/x/a.pdf', sourceFile: 'harvest/x/a.pdf' },
    });
    expect(run.report.failed).toEqual([{ url: 'https://x/404.pdf', reason: 'HTTP 404 (finns inte)' }]);
    expect(run.report.unchanged).toBe(1);
    expect(run.report.downloaded).toEqual([
      { url: 'https://x/a.pdf', file: 'harvest/x/a.pdf', listingUrl: 'https://x/', change: 'new' },
    ]);
    expect(Object.keys(run.state.files).sort()).toEqual(['https://x/a.pdf', 'https://x/b.pdf']);
    expect(lines).toEqual([
      'FEL https://x/404.pdf: HTTP 404 (finns inte)',
      'hämtad (ny) https://x/a.pdf → harvest/x/a.pdf',
    ]);
  });
});
