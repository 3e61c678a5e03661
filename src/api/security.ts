/** Security headers, rate limiting, the request log, and keys kept out of URLs. */
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { AppError } from '../../domain/errors.js';
import { toProblem } from './problem.js';

export interface SecurityOptions {
  /**
   * The service is reached over HTTPS. Only then may the CSP carry
   * `upgrade-insecure-requests`: over plain HTTP under any name but localhost it
   * makes the browser fetch app.js over https, and the UI stays blank.
   */
  https?: boolean;
}

/** Headers for an app whose UI is fully bundled: everything from 'self' only. */
export const securityHeaders = (options: SecurityOptions = {}): RequestHandler =>
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameSrc: ["'self'"],
        objectSrc: ["'self'"],
        // helmet adds it by default; null removes it.
        upgradeInsecureRequests: options.https ? [] : null,
      },
    },
    // Without HTTPS an HSTS header is meaningless at best.
    strictTransportSecurity: options.https ? { maxAge: 15_552_000, includeSubDomains: false } : false,
    // The PDF viewer opens the source file in the same origin.
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'sameorigin' },
  });

/**
 * Rate limit per client address. With TRUST_PROXY set, express takes the
 * address from X-Forwarded-For, so clients behind one reverse proxy do not
 * share a single bucket.
 */
export function rateLimiter(perMinute: number): RequestHandler {
  if (perMinute <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(
        new AppError(
          'rate-limited',
          `För många förfrågningar: högst ${perMinute} per minut. Vänta en stund och försök igen.`,
        ),
      ),
  });
}

/** Query parameters that carry credentials in other APIs; a key never belongs in a URL (logs, history, Referer). */
const KEY_PARAMS =
  /^(?:key|api[-_]?key|apikey|admin[-_]?key|access[-_]?token|token|auth|authorization|bearer|password|secret|master[-_]?key)$/i;

const queryPairs = (url: string): [string, string][] => {
  const q = url.indexOf('?');
  if (q < 0) return [];
  try {
    return [...new URLSearchParams(url.slice(q + 1))];
  } catch {
    return [];
  }
};

/** The URL with the values of key-like parameters and any known secret replaced by "***". */
export function redactUrl(url: string, secrets: readonly string[] = []): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const rawName = eq < 0 ? part : part.slice(0, eq);
      const rawValue = eq < 0 ? '' : part.slice(eq + 1);
      let name = rawName;
      let value = rawValue;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
        value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
      } catch {
        // Malformed escapes are logged as sent.
      }
      const secret = KEY_PARAMS.test(name) || secrets.some((s) => s.length > 0 && value.includes(s));
      return secret ? `${rawName}=***` : part;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

/**
 * Refuses a key sent in the query string (400), answering without the URL's
 * query in `instance` so the key is not echoed back. The request log redacts it.
 */
export function rejectKeysInQuery(secrets: readonly string[] = []): RequestHandler {
  return (req, res, next) => {
    const pairs = queryPairs(req.originalUrl);
    const offending = pairs.find(
      ([name, value]) => KEY_PARAMS.test(name) || secrets.some((s) => s.length > 0 && value.includes(s)),
    );
    if (!offending) return next();
    const error = new AppError(
      'invalid-parameter',
      'Nycklar får inte skickas i adressen (de hamnar i loggar och webbläsarhistorik). Skicka administrationsnyckeln som "Authorization: Bearer <nyckel>".',
    );
    res
      .status(400)
      .type('application/problem+json')
      .send(JSON.stringify(toProblem(error, req.path)));
  };
}

/**
 * Answers that depend on a request header say so. An admin answer depends on
 * Authorization (data with the key, 401/403 without): it is never stored by a
 * shared cache nor served to a request with another key, so it carries
 * `Cache-Control: private, no-store` and `Vary: Authorization`. Every other
 * answer depends on the URL alone: links come from PUBLIC_URL, not from Host
 * (domain/urls.ts), and nothing is negotiated by Accept headers, so the feed
 * may be publicly cacheable without a Vary.
 */
export const privateAnswer: RequestHandler = (_req, res, next) => {
  res.vary('Authorization');
  res.set('Cache-Control', 'private, no-store');
  next();
};

/** One line per request: method, path (secrets redacted), status, time. */
export function requestLog(log: (line: string) => void, secrets: readonly string[] = []): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log(
        `${new Date().toISOString()} ${req.method} ${redactUrl(req.originalUrl, secrets)} ${res.statusCode} ${ms.toFixed(1)}ms`,
      );
    });
    next();
  };
}
