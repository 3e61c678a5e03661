/**
 * A listing page that links Word and OpenDocument protocols: the harvester
 * downloads them (it used to report them as skipped), checks they are zip
 * packages, and they are ingested dated and segmented with their source URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolDocument } from '../../domain/schemas.js';
import { harvest } from '../../ingest/harvest/harvest.js';
import type { Runtime } from '../../src/runtime.js';
import { startListingServer, type ListingServer } from '../helpers/listing-server.js';
import { MEETING, makeDocxProtocol, makeOdtProtocol } from '../helpers/office.js';
import { dropIndexes, testRuntime } from '../helpers/runtime.js';

const DOCX_PATH = '/filer/Protokoll Socialnämnden 2024-03-12.docx';
const ODT_PATH = '/filer/protokoll-sn-2024-03-12.odt';
const dirs: string[] = [];
const tmp = (name: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), `protokollsok-${name}-`));
  dirs.push(dir);
  return dir;
};

let runtime: Runtime;
let site: ListingServer;

beforeAll(async () => {
  ({ runtime } = await testRuntime());
  site = await startListingServer({
    clean: true,
    extraLinks: () => [DOCX_PATH, ODT_PATH, '/filer/fel.docx'],
    extraFiles: {
      [DOCX_PATH]: { body: await makeDocxProtocol(), type: 'application/octet-stream' },
      [ODT_PATH]: { body: makeOdtProtocol(), type: 'application/vnd.oasis.opendocument.text' },
      '/filer/fel.docx': { body: Buffer.from('<!doctype html><h1>Inte här</h1>'), type: 'text/html' },
    },
  });
}, 60_000);

afterAll(async () => {
  await site?.close();
  if (runtime) await dropIndexes(runtime);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('harvesting Word and OpenDocument protocols', () => {
  it('downloads and ingests them with their source URL, and refuses an HTML page behind a .docx link', async () => {
    const report = await harvest({
      listings: [site.listing],
      allowHosts: ['127.0.0.1'],
      corpusDir: tmp('harvest-office-corpus'),
      dataDir: tmp('harvest-office-data'),
      indexer: runtime.indexer,
      maxFileBytes: 5 * 1024 * 1024,
      delayMs: 0,
      retries: 0,
    });
    const downloaded = report.downloaded.map((d) => d.url);
    expect(downloaded).toEqual(expect.arrayContaining([site.urlOf(DOCX_PATH), site.urlOf(ODT_PATH)]));
    expect(report.failed.find((f) => f.url === site.urlOf('/filer/fel.docx'))?.reason).toMatch(
      /ingen Word-fil \(text\/html/,
    );
    expect(report.ingest?.failed).toEqual([]);
    const protocols = (
      await runtime.admin.index<ProtocolDocument>(runtime.names.protocols).getDocuments({ limit: 100 })
    ).results;
    for (const url of [site.urlOf(DOCX_PATH), site.urlOf(ODT_PATH)]) {
      const protocol = protocols.find((p) => p.sourceUrl === url);
      expect(protocol, url).toMatchObject({ meetingDate: MEETING.date, body: MEETING.body, itemCount: 5 });
    }
  }, 120_000);
});
