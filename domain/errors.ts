/**
 * Application errors: a kind (what went wrong, stable for clients), a detail a
 * person can act on (Swedish, shown in the UI), and the cause (logged, never sent).
 * They are mapped to HTTP once, in `api/problem.ts`.
 */

export const errorKinds = {
  'invalid-parameter': { status: 400, title: 'Ogiltig parameter' },
  unauthorized: { status: 401, title: 'Inloggning krävs' },
  forbidden: { status: 403, title: 'Åtkomst nekad' },
  'not-found': { status: 404, title: 'Hittades inte' },
  'method-not-allowed': { status: 405, title: 'Metoden stöds inte' },
  conflict: { status: 409, title: 'Finns redan' },
  'request-timeout': { status: 408, title: 'Förfrågan tog för lång tid' },
  'payload-too-large': { status: 413, title: 'Filen är för stor' },
  'unsupported-media-type': { status: 415, title: 'Filtypen stöds inte' },
  'expectation-failed': { status: 417, title: 'Förväntan kan inte uppfyllas' },
  'unprocessable-file': { status: 422, title: 'Filen kunde inte läsas in' },
  'rate-limited': { status: 429, title: 'För många förfrågningar' },
  'request-too-large': { status: 431, title: 'Förfrågan är för stor' },
  internal: { status: 500, title: 'Internt fel' },
  'storage-error': { status: 507, title: 'Filen kunde inte sparas' },
  'search-unavailable': { status: 503, title: 'Sökmotorn är inte tillgänglig' },
  overloaded: { status: 503, title: 'Hög belastning' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorKind = keyof typeof errorKinds;

export interface AppErrorOptions {
  /** The request parameter that failed, for 400s. */
  param?: string;
  cause?: unknown;
  /** Extra members of the problem document, e.g. a link to the resource that already exists, or the values allowed. */
  extensions?: Readonly<Record<string, string | readonly string[]>>;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly param: string | undefined;
  readonly extensions: Readonly<Record<string, string | readonly string[]>> | undefined;
  constructor(
    readonly kind: ErrorKind,
    /** What happened and what to do about it, in Swedish. */
    readonly detail: string,
    options: AppErrorOptions = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.param = options.param;
    this.extensions = options.extensions;
  }

  get status(): number {
    return errorKinds[this.kind].status;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
