/**
 * Admin: upload a protocol, re-index the corpus, list the files set aside,
 * delete a protocol. Behind ADMIN_API_KEY ("Authorization: Bearer <key>").
 * Storage, duplicates and reindex state live in the ingest service.
 */
import { timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler, type Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { Config } from '../../../domain/config.js';
import { AppError } from '../../../domain/errors.js';
import { FILE_TYPES, fileTypeOf, unsupportedUploadReason } from '../../../domain/file-types.js';
import type { IngestService } from '../../../ingest/index.js';
import { route } from '../route.js';

export { uploadName } from '../../../ingest/index.js';

/** The admin key check ("Authorization: Bearer <ADMIN_API_KEY>"), for every admin route. */
export function requireAdmin(config: Config): RequestHandler {
  return (req, _res, next) => {
    if (!config.ADMIN_API_KEY)
      return next(new AppError('forbidden', 'Administrationen är avstängd: sätt ADMIN_API_KEY för att slå på den.'));
    const header = req.get('authorization') ?? '';
    const m = header.match(/^Bearer\s+(?<key>.+)$/i);
    if (!m?.groups?.key)
      return next(new AppError('unauthorized', 'Ange administrationsnyckeln som "Authorization: Bearer <nyckel>".'));
    const given = Buffer.from(m.groups.key.trim());
    const wanted = Buffer.from(config.ADMIN_API_KEY);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
      return next(new AppError('forbidden', 'Fel administrationsnyckel.'));
    next();
  };
}

/** Multipart file names arrive as Latin-1-decoded UTF-8 bytes; read them back as UTF-8. */
function utf8Name(name: string): string {
  if (!/[\u0080-\u00ff]/.test(name)) return name;
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? name : decoded;
}

const RAW_TYPES = FILE_TYPES.map((t) => t.mediaType);

/** Accepts multipart/form-data (field "file") or a raw body of a supported media type. */
function receiver(config: Config): RequestHandler {
  const limit = config.MAX_UPLOAD_MB * 1024 * 1024;
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: limit, files: 1, fields: 5 },
    fileFilter: (_req, file, cb) =>
      fileTypeOf(file.originalname)
        ? cb(null, true)
        : cb(new AppError('unsupported-media-type', unsupportedUploadReason)),
  });
  const raw = express.raw({ type: RAW_TYPES, limit });
  return (req, res, next) => {
    const type = req.get('content-type') ?? '';
    if (type.startsWith('multipart/form-data')) {
      return upload.single('file')(req, res, (error?: unknown) => {
        if (!error || error instanceof AppError) return next(error);
        const code = (error as { code?: string }).code;
        if (code === 'LIMIT_FILE_SIZE')
          return next(
            new AppError('payload-too-large', `Filen är större än ${config.MAX_UPLOAD_MB} MB (MAX_UPLOAD_MB).`, {
              cause: error,
            }),
          );
        // A truncated or malformed multipart body: the client's fault, not ours.
        next(
          new AppError(
            'invalid-parameter',
            `Uppladdningen kunde inte tolkas (${(error as Error).message}). Skicka filen i fältet "file".`,
            { param: 'file', cause: error },
          ),
        );
      });
    }
    if (RAW_TYPES.some((t) => type.startsWith(t))) return raw(req, res, next);
    next(
      new AppError(
        'unsupported-media-type',
        `Skicka filen som multipart/form-data (fältet "file") eller som ${RAW_TYPES.join(', ')}.`,
      ),
    );
  };
}

export interface AdminDeps {
  config: Config;
  ingest: IngestService;
}

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,120}$/, 'ogiltigt id');

export function adminRoutes(router: Router, { config, ingest }: AdminDeps) {
  const admin = requireAdmin(config);

  route(
    router,
    {
      method: 'post',
      path: '/api/ingest',
      summary:
        'Upload a protocol: stored in the corpus and searchable within seconds; the same bytes again answer 409 with a link',
      tags: ['admin'],
      admin: true,
      query: z.object({ filename: z.string().max(200).optional() }),
    },
    async ({ req, res, query }) => {
      const file = (req as { file?: Express.Multer.File }).file;
      const bytes = file ? file.buffer : Buffer.isBuffer(req.body) ? (req.body as Buffer) : Buffer.alloc(0);
      const name =
        (file ? utf8Name(file.originalname) : undefined) ??
        query.filename ??
        `uppladdad${FILE_TYPES.find((t) => req.get('content-type')?.startsWith(t.mediaType))?.extension ?? '.txt'}`;
      const result = await ingest.upload({ bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), name });
      res.status(201).location(result.url);
      return result;
    },
    admin,
    receiver(config),
  );

  route(
    router,
    {
      method: 'post',
      path: '/api/reindex',
      summary: 'Re-ingest the whole corpus folder (runs in the background)',
      tags: ['admin'],
      admin: true,
    },
    ({ res }) => {
      res.status(202);
      return ingest.reindex();
    },
    admin,
  );

  route(
    router,
    { method: 'get', path: '/api/reindex', summary: 'Status of the last re-index', tags: ['admin'], admin: true },
    () => ingest.reindexState(),
    admin,
  );

  route(
    router,
    {
      method: 'get',
      path: '/api/ingest/failures',
      summary: 'Files set aside by the ingest worker, with the reason',
      tags: ['admin'],
      admin: true,
    },
    async () => ({
      failures: await ingest.failures(),
    }),
    admin,
  );

  route(
    router,
    {
      method: 'delete',
      path: '/api/protocols/{id}',
      summary: 'Delete a protocol: its items, the protocol and its stored file',
      tags: ['admin'],
      admin: true,
      params: z.object({ id: Id }),
    },
    async ({ params }) => ({
      deleted: await ingest.remove(params.id),
    }),
    admin,
  );
}
