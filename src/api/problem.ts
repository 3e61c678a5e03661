/**
 * Errors → RFC 9457 `application/problem+json`, in one place. Known errors keep
 * their Swedish detail and the failing parameter; unknown ones become a generic
 * 500 with the cause logged, never a stack trace in the response.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, errorKinds, type ErrorKind } from '../../domain/errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  param?: string;
  [extension: string]: string | number | readonly string[] | undefined;
}

export const problemType = (kind: ErrorKind) => `https://protokollsok.invalid/problems/${kind}`;

export function toProblem(error: AppError, instance: string): Problem {
  const { status, title } = errorKinds[error.kind];
  return {
    ...error.extensions,
    type: problemType(error.kind),
    title,
    status,
    detail: error.detail,
    instance,
    ...(error.param ? { param: error.param } : {}),
  };
}

/** Turns a zod error on request input into a 400 naming the first failing parameter. */
export function fromZodError(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const param = issue ? String(issue.path[0] ?? '') : '';
  const message = issue?.message ?? 'ogiltigt värde';
  return new AppError(
    'invalid-parameter',
    param ? `Parametern "${param}" är ogiltig: ${message}.` : `Ogiltig förfrågan: ${message}.`,
    { param, cause: error },
  );
}

/** Maps body-parser, multer and other library errors with an HTTP status to AppErrors. */
function fromHttpError(error: {
  status?: number;
  statusCode?: number;
  type?: string;
  code?: string;
  message?: string;
}): AppError | null {
  const status = error.status ?? error.statusCode;
  if (error.code === 'LIMIT_FILE_SIZE' || status === 413)
    return new AppError('payload-too-large', 'Filen är för stor. Dela upp den eller höj MAX_UPLOAD_MB.', {
      cause: error,
    });
  if (status === 415) return new AppError('unsupported-media-type', 'Innehållstypen stöds inte.', { cause: error });
  if (error.type === 'entity.parse.failed')
    return new AppError('invalid-parameter', 'Förfrågans innehåll är inte giltig JSON.', { cause: error });
  if (typeof error.code === 'string' && error.code.startsWith('LIMIT_'))
    return new AppError('invalid-parameter', `Uppladdningen avvisades: ${error.message ?? error.code}.`, {
      cause: error,
    });
  if (status !== undefined && status >= 400 && status < 500)
    return new AppError('invalid-parameter', 'Förfrågan kunde inte tolkas.', { cause: error });
  return null;
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not-found', `Det finns ingen resurs på ${req.path}.`));
};

export function problemHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    let appError: AppError;
    if (error instanceof AppError) appError = error;
    else if (error instanceof z.ZodError) appError = fromZodError(error);
    else
      appError =
        (typeof error === 'object' && error !== null && fromHttpError(error as never)) ||
        new AppError('internal', 'Ett oväntat fel inträffade. Försök igen; kvarstår felet, kontakta förvaltningen.', {
          cause: error,
        });
    if (appError.status >= 500) {
      const cause =
        appError.cause instanceof Error
          ? `${appError.cause.name}: ${appError.cause.message}`
          : String(appError.cause ?? '');
      log(
        `[error] ${req.method} ${req.originalUrl} → ${appError.status} ${appError.kind}${cause ? ` (${cause})` : ''}`,
      );
      if (appError.kind === 'internal' && appError.cause instanceof Error && appError.cause.stack)
        log(appError.cause.stack);
    }
    if (res.headersSent) return;
    if (appError.kind === 'search-unavailable') res.setHeader('Retry-After', '5');
    if (appError.kind === 'overloaded') res.setHeader('Retry-After', '2');
    res
      .status(appError.status)
      .type('application/problem+json')
      .send(JSON.stringify(toProblem(appError, req.originalUrl)));
  };
}
