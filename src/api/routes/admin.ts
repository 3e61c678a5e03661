/**
 * Admin: upload a protocol, re-index the corpus, list the files set aside.
 * Behind ADMIN_API_KEY ("Authorization: Bearer <key>").
 */
import { timingSafeEqual } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import express, { type RequestHandler, type Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { Config } from '../../domain/config.js';
import { AppError } from '../../domain/errors.js';
import type { Indexer } from '../../../ingest/indexer.js';
import { ingestFiles, listCorpus, ocrSettingsFrom, type RunSummary } from '../../../ingest/run.js';
import { listFailures } from '../../search/protocols.js';
import type { SearchContext } from '../../search/context.js';
import { route } from '../route.js';

const ACCEPTED = /\.(pdf|txt|md)$/i;

function requireAdmin(config: Config): RequestHandler {
  return (req, _res, next) => {
    if (!config.ADMIN_API_KEY) return next(new AppError('forbidden', 'Administrationen är avstängd: sätt ADMIN_API_KEY för att slå på den.'));
    const header = req.get('authorization') ?? '';
    const m = header.match(/^Bearer\s+(.+)$/i);
    if (!m) return next(new AppError('unauthorized', 'Ange administrationsnyckeln som "Authorization: Bearer <nyckel>".'));
    const given = Buffer.from(m[1]!.trim());
    const wanted = Buffer.from(config.ADMIN_API_KEY);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return next(new AppError('forbidden', 'Fel administrationsnyckel.'));
    next();
  };
}

/** A safe file name inside uploads/: letters, digits, . _ - only. */
export function uploadName(original: string): string {
  const base = path.basename(original).normalize('NFC');
  const ext = (base.match(ACCEPTED)?.[0] ?? '').toLowerCase();
  const stem = base
    .slice(0, base.length - ext.length)
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._]+/, '')
    .slice(0, 100);
  return `${stem || 'protokoll'}${ext}`;
}

/** Multipart file names arrive as Latin-1-decoded UTF-8 bytes; read them back as UTF-8. */
function utf8Name(name: string): string {
  if (!/[\u0080-\u00ff]/.test(name)) return name;
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? name : decoded;
}

export interface AdminDeps {
  config: Config;
  indexer: Indexer;
  search: SearchContext;
}

export function adminRoutes(router: Router, deps: AdminDeps) {
  const { config, indexer } = deps;
  const admin = requireAdmin(config);
  const limit = config.MAX_UPLOAD_MB * 1024 * 1024;
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: limit, files: 1, fields: 5 },
    fileFilter: (_req, file, cb) => {
      if (!ACCEPTED.test(file.originalname)) cb(new AppError('unsupported-media-type', 'Endast PDF-, .txt- och .md-filer kan laddas upp.'));
      else cb(null, true);
    },
  });
  const raw = express.raw({ type: ['application/pdf', 'text/plain', 'text/markdown'], limit });
  const receive: RequestHandler = (req, res, next) => {
    const type = req.get('content-type') ?? '';
    if (type.startsWith('multipart/form-data')) {
      return upload.single('file')(req, res, (error?: unknown) => {
        if (!error || error instanceof AppError) return next(error);
        const code = (error as { code?: string }).code;
        if (code === 'LIMIT_FILE_SIZE') return next(new AppError('payload-too-large', `Filen är större än ${config.MAX_UPLOAD_MB} MB (MAX_UPLOAD_MB).`, { cause: error }));
        // A truncated or malformed multipart body: the client's fault, not ours.
        next(new AppError('invalid-parameter', `Uppladdningen kunde inte tolkas (${(error as Error).message}). Skicka filen i fältet "file".`, { param: 'file', cause: error }));
      });
    }
    if (/^(application\/pdf|text\/plain|text\/markdown)/.test(type)) return raw(req, res, next);
    next(new AppError('unsupported-media-type', 'Skicka filen som multipart/form-data (fältet "file") eller som application/pdf, text/plain eller text/markdown.'));
  };

  let lastReindex: { running: boolean; startedAt: string | null; summary: Omit<RunSummary, 'failed'> & { failed: number } | null; error: string | null } = {
    running: false,
    startedAt: null,
    summary: null,
    error: null,
  };

  route(
    router,
    { method: 'post', path: '/api/ingest', summary: 'Upload a protocol: stored in the corpus and searchable within seconds', tags: ['admin'], admin: true, query: z.object({ filename: z.string().max(200).optional() }) },
    async ({ req, res, query }) => {
      const file = (req as { file?: Express.Multer.File }).file;
      const bytes = file ? file.buffer : Buffer.isBuffer(req.body) ? (req.body as Buffer) : null;
      const original = (file ? utf8Name(file.originalname) : undefined) ?? query.filename ?? (req.get('content-type')?.startsWith('application/pdf') ? 'uppladdad.pdf' : 'uppladdad.txt');
      if (!bytes || bytes.length === 0) throw new AppError('invalid-parameter', 'Ingen fil skickades (fältet "file" saknas eller är tomt).', { param: 'file' });
      if (!ACCEPTED.test(original)) throw new AppError('unsupported-media-type', 'Endast PDF-, .txt- och .md-filer kan laddas upp.');
      const name = uploadName(original);
      const dir = path.join(config.CORPUS_DIR, 'uploads');
      await mkdir(dir, { recursive: true });
      const absolute = path.join(dir, name);
      await writeFile(absolute, bytes);
      const sourceFile = `uploads/${name}`;
      const summary = await ingestFiles(indexer, [{ absolute, sourceFile }], { maxFileBytes: limit, timeoutMs: config.INGEST_FILE_TIMEOUT_MS, ocr: ocrSettingsFrom(config), workers: 1 });
      const failed = summary.failed[0];
      if (failed) {
        // Set aside, not lost: the file moves out of the corpus to DATA_DIR/rejected.
        const rejected = path.join(config.DATA_DIR, 'rejected');
        await mkdir(rejected, { recursive: true });
        await rename(absolute, path.join(rejected, `${Date.now()}-${name}`)).catch(() => undefined);
        throw new AppError('unprocessable-file', `Filen "${original}" kunde inte läsas in: ${failed.reason}`, { param: 'file' });
      }
      res.status(201);
      return { sourceFile, status: summary.ingested ? 'ingested' : 'unchanged', items: summary.items, pages: summary.pages };
    },
    admin,
    receive,
  );

  route(router, { method: 'post', path: '/api/reindex', summary: 'Re-ingest the whole corpus folder (runs in the background)', tags: ['admin'], admin: true }, async ({ res }) => {
    if (!lastReindex.running) {
      lastReindex = { running: true, startedAt: new Date().toISOString(), summary: null, error: null };
      void listCorpus(config.CORPUS_DIR)
        .then((files) => ingestFiles(indexer, files, { maxFileBytes: limit, timeoutMs: config.INGEST_FILE_TIMEOUT_MS, ocr: ocrSettingsFrom(config), force: true, removeMissing: true, workers: availableParallelism() }))
        .then(
          (summary) => (lastReindex = { ...lastReindex, running: false, summary: { ...summary, failed: summary.failed.length } }),
          (error: unknown) => (lastReindex = { ...lastReindex, running: false, error: error instanceof Error ? error.message : String(error) }),
        );
    }
    res.status(202);
    return lastReindex;
  }, admin);

  route(router, { method: 'get', path: '/api/reindex', summary: 'Status of the last re-index', tags: ['admin'], admin: true }, () => lastReindex, admin);

  route(router, { method: 'get', path: '/api/ingest/failures', summary: 'Files set aside by the ingest worker, with the reason', tags: ['admin'], admin: true }, async () => ({
    failures: await listFailures(deps.search),
  }), admin);
}
