/**
 * Configuration: the only module that reads `process.env`.
 *
 * One zod object describes every variable (the README's table is generated from
 * the `.describe()` texts by `npm run docs:config`); `loadConfig` parses it once in
 * `main.ts` and the frozen result is passed down. An invalid value stops start-up
 * with a {@link ConfigError} naming the variable and what it accepts.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from './paths.js';

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const port = (fallback: number) =>
  z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 65535')
      .max(65535, 'must be between 1 and 65535')
      .default(fallback),
  );

const bool = (fallback: boolean) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  );

const positiveInt = (fallback: number, max: number) =>
  z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );

/** The environment variables Protokollsök reads, with defaults and their meaning. */
export const envSchema = z.object({
  PORT: port(3000).describe('Port the API and web UI listen on.'),
  HOST: z
    .preprocess(emptyAsUndefined, z.string().default('127.0.0.1'))
    .describe('Address the API binds to; use 0.0.0.0 in a container.'),
  MEILI_URL: z
    .preprocess(emptyAsUndefined, z.url({ error: 'must be an http(s) URL such as http://127.0.0.1:7700' }).optional())
    .describe(
      'External Meilisearch server. When unset, npm start runs the bundled Meilisearch 1.21 as a child process.',
    ),
  MEILI_MASTER_KEY: z
    .preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 bytes').optional())
    .describe(
      'Master key of the external Meilisearch (with MEILI_URL). The embedded server generates its own and keeps it in DATA_DIR.',
    ),
  MEILI_PORT: z
    .preprocess(emptyAsUndefined, port(0))
    .describe('Port of the embedded Meilisearch; 0 picks a free port.'),
  MEILI_MAX_INDEXING_MEMORY: z
    .preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^\d+(Kb|Mb|Gb|KiB|MiB|GiB|B)$/, 'must be a size such as 256Mb')
        .default('256Mb'),
    )
    .describe(
      'Indexing memory cap for the embedded Meilisearch (its default, 2/3 of RAM, makes batches slow and erratic).',
    ),
  MEILI_TIMEOUT_MS: positiveInt(1000, 60_000).describe(
    'Timeout of one search request to Meilisearch; past it the API answers 503.',
  ),
  SEARCH_CONCURRENCY: positiveInt(8, 256).describe(
    'Searches the API runs against Meilisearch at once; more wait in a queue.',
  ),
  SEARCH_QUEUE: positiveInt(64, 10_000).describe(
    'Searches that may wait for a free slot; past it the API answers 503 with Retry-After at once (load shedding).',
  ),
  SEARCH_QUEUE_WAIT_MS: positiveInt(750, 60_000).describe(
    'Longest wait for a free slot before the API answers 503 with Retry-After.',
  ),
  SEARCH_CACHE_ENTRIES: positiveInt(500, 100_000).describe(
    'Answers of search, decisions, timeline, trends and related items kept per corpus version (identical requests share one computation); 0 turns the cache off, e.g. to measure the computation itself.',
  ),
  INDEX_PREFIX: z
    .preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[a-z][a-z0-9_-]{0,40}$/, 'must be lower-case letters, digits, - or _')
        .default('protokoll'),
    )
    .describe('Prefix of the Meilisearch index names (<prefix>-items, <prefix>-protocols, <prefix>-failures).'),
  CORPUS_DIR: z
    .preprocess(emptyAsUndefined, z.string().default('corpus'))
    .describe('Folder of protocols (PDF, .docx, .odt, .txt, .md) ingested at start and where uploads are stored.'),
  DATA_DIR: z
    .preprocess(emptyAsUndefined, z.string().default('.data'))
    .describe('Folder for the embedded Meilisearch database, and its master key (git-ignored).'),
  INGEST_ON_START: bool(true).describe('Ingest CORPUS_DIR incrementally when the service starts.'),
  ADMIN_API_KEY: z
    .preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional())
    .describe(
      'Key for the admin endpoints (upload, reindex, failures), sent as "Authorization: Bearer <key>". Unset: admin endpoints answer 403.',
    ),
  MAX_UPLOAD_MB: positiveInt(50, 1024).describe('Largest protocol file accepted by upload or ingest, in megabytes.'),
  INGEST_FILE_TIMEOUT_MS: positiveInt(60_000, 3_600_000).describe(
    'Time limit for extracting one file; past it the file is set aside as failed. OCR of pages without a text layer is bounded per page by OCR_PAGE_TIMEOUT_MS instead.',
  ),
  OCR_ENABLED: bool(true).describe(
    'Read PDF pages without a text layer (scans) with Tesseract OCR (needs tesseract-ocr, tesseract-ocr-swe, poppler-utils). Off, or without them, image-only PDFs are set aside.',
  ),
  OCR_PAGE_TIMEOUT_MS: positiveInt(60_000, 600_000).describe(
    'Time limit for rendering and OCR of one page; past it the OCR processes are killed and the page stays blank.',
  ),
  OCR_MAX_PAGES: positiveInt(50, 10_000).describe(
    'Pages OCR reads per file at most; later pages without text stay blank (with a warning).',
  ),
  RATE_LIMIT_PER_MINUTE: positiveInt(1200, 1_000_000).describe(
    'Requests per minute per client address to /api; 0 turns the limit off.',
  ),
  LOG_REQUESTS: bool(true).describe('Write one log line per HTTP request.'),
  WARM_SEARCH_QUESTIONS: positiveInt(300, 10_000).describe(
    "Sample questions made of the corpus's own words that the API runs through its search after a start, in the background (for at most 5 s), so the first users' questions do not wait for the JIT; 0 runs none.",
  ),
  INGEST_WORKERS: z
    .preprocess(
      emptyAsUndefined,
      z.coerce
        .number({ error: 'must be a whole number' })
        .int('must be a whole number')
        .min(1, 'must be between 1 and 32')
        .max(32, 'must be between 1 and 32')
        .default(defaultWorkers),
    )
    .describe(
      'Ingest processes working at once, shared by start-up ingest, uploads, reindex and the inbox watcher (default: cores − 1, at least 1, at most 4: Meilisearch indexes on a core of its own).',
    ),
  INGEST_MEMORY_MB: positiveInt(1024, 16_384).describe(
    'Memory cap of one ingest process in MB (resident set, ArrayBuffers included); a file that needs more is set aside as too complex.',
  ),
  MIN_FREE_DISK_MB: positiveInt(256, 10_000_000).describe(
    'Free disk space (MB) that CORPUS_DIR and DATA_DIR must keep after a write: an upload that would leave less is refused at once with 507 storage-full, and an ingest run stops before its next write; 0 turns the check off.',
  ),
  WRITE_TIMEOUT_MS: positiveInt(60_000, 3_600_000).describe(
    'Deadline of one write: storing an upload on disk, and one index write (its Meilisearch tasks, which are canceled and rolled back past it); the upload then answers 507 or 503 instead of waiting.',
  ),
  UPLOAD_QUEUE: positiveInt(16, 10_000).describe(
    'Uploads accepted at once (being parsed, or waiting for an ingest process); past it an upload answers 503 with Retry-After at once.',
  ),
  TRUST_PROXY: z
    .preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(
          /^(false|true|loopback|linklocal|uniquelocal|\d{1,2}|[0-9a-fA-F.:/, ]+)$/,
          'must be false, true, a hop count, loopback/linklocal/uniquelocal or addresses',
        )
        .default('false'),
    )
    .describe(
      'Express "trust proxy" setting: behind a reverse proxy set it (e.g. 1 or loopback) so the rate limit counts per client, not per proxy.',
    ),
  PUBLIC_HTTPS: bool(false).describe(
    'The service is reached over HTTPS (a TLS proxy in front): the CSP then asks browsers to upgrade insecure requests.',
  ),
  PUBLIC_URL: z
    .preprocess(
      emptyAsUndefined,
      z
        .string()
        .refine(
          (v) =>
            URL.canParse(v) &&
            /^https?:$/.test(new URL(v).protocol) &&
            new URL(v).username === '' &&
            new URL(v).password === '' &&
            new URL(v).search === '' &&
            new URL(v).hash === '',
          'must be the http(s) address people reach the service on, such as https://protokoll.example.se (a path is allowed; no user, query or fragment)',
        )
        .optional(),
    )
    .describe(
      "Address people reach the service on (https://protokoll.example.se, or with a path behind a proxy). Feed and export links are built from it; unset, they are root-relative (feed readers resolve them against the feed's address). Never taken from the request's Host header.",
    ),
  // ── Harvesting the published protocol pages (ingest/harvest) ──
  HARVEST_SOURCES: z
    .preprocess(emptyAsUndefined, z.string().default(''))
    .transform((v, ctx) => {
      const urls = v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      for (const u of urls) {
        if (!/^https?:\/\//i.test(u) || !URL.canParse(u)) {
          ctx.addIssue({
            code: 'custom',
            message: `must be comma-separated http(s) URLs of listing pages; "${u}" is not one`,
          });
          return z.NEVER;
        }
      }
      return urls;
    })
    .describe(
      'Listing pages to harvest protocols from (comma-separated URLs). npm start and the ingest worker (--watch) fetch them on start and every HARVEST_INTERVAL_MINUTES.',
    ),
  HARVEST_INTERVAL_MINUTES: positiveInt(360, 10_080).describe(
    'Minutes between harvests of HARVEST_SOURCES; 0 harvests only once at start.',
  ),
  HARVEST_ALLOW_HOSTS: z
    .preprocess(emptyAsUndefined, z.string().default(''))
    .transform((v, ctx) => {
      const entries = v
        .split(',')
        .map((x) => x.trim().toLowerCase())
        .filter(Boolean);
      for (const entry of entries) {
        // host, host:port or [v6]:port (ingest/harvest/allow.ts reads them); never a URL.
        if (!/^(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+|[0-9a-f:]+)(?::\d{1,5})?$/.test(entry)) {
          ctx.addIssue({
            code: 'custom',
            message: `must be comma-separated host or host:port entries (no scheme or path); "${entry}" is not one`,
          });
          return z.NEVER;
        }
      }
      return entries;
    })
    .describe(
      "Extra hosts the harvester may fetch from besides the listing pages' own, comma-separated, each host or host:port. Without a port only 80/443 (and a listing page's own port) are allowed; another port must be named. The only way to allow loopback or private addresses.",
    ),
  HARVEST_DELAY_MS: positiveInt(1000, 60_000).describe(
    'Pause between two requests to the same host while harvesting (robots.txt Crawl-delay wins when longer).',
  ),
});

/**
 * Ingest processes by default: one per core but one, at most four. An ingest is
 * parsing, the main process serialising writes and Meilisearch indexing them, all
 * at once on the same machine, so the last core is left to the indexing. On 2
 * cores (1,000 generated protocols, shared machine) one parser took 89-112 s and
 * 214-233 MB for the whole worker, two 83-90 s and 340-366 MB: each parser costs
 * ~110 MB resident, and two no longer fit the worker's 300 MB. Measured again with
 * the writes spooled to disk and 8 MB semi-spaces (load 3.7-4 from other work):
 * one parser 62-67 s and 259-280 MB, two 70 s and 403 MB.
 */
function defaultWorkers(): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 4));
}

/** Variables whose values are secrets: never in an error, a log line or a response. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set(['ADMIN_API_KEY', 'MEILI_MASTER_KEY']);

/** Validated, frozen configuration with paths resolved against the project root. */
export type Config = Readonly<
  Omit<z.infer<typeof envSchema>, 'CORPUS_DIR' | 'DATA_DIR' | 'TRUST_PROXY'> & {
    CORPUS_DIR: string;
    DATA_DIR: string;
    /** As express's "trust proxy" takes it: a boolean, a hop count, or names/addresses. */
    TRUST_PROXY: boolean | number | string;
  }
>;

/** Invalid configuration: names the variable and what it accepts. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly kind = 'config' as const;
  constructor(
    readonly variable: string,
    readonly detail: string,
  ) {
    super(`Invalid configuration: ${variable} ${detail}`);
  }
}

/** Parses the environment; throws {@link ConfigError} on the first invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(envSchema.shape)) picked[key] = env[key];
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    // Keys and passwords are never echoed: a start-up log is read by many people.
    const received = SECRET_VARIABLES.has(variable)
      ? '(value hidden)'
      : `(got ${JSON.stringify(env[variable] ?? null)})`;
    throw new ConfigError(variable, `${issue.message} ${received}`);
  }
  const value = parsed.data;
  return Object.freeze({
    ...value,
    CORPUS_DIR: path.resolve(projectRoot, value.CORPUS_DIR),
    DATA_DIR: path.resolve(projectRoot, value.DATA_DIR),
    TRUST_PROXY: trustProxy(value.TRUST_PROXY),
  });
}

function trustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** Rows for the README's configuration table. */
export function describeConfig(): { variable: string; default: string; description: string }[] {
  const defaults = envSchema.parse({});
  return Object.entries(envSchema.shape).map(([variable, schema]) => ({
    variable,
    default: String((defaults as Record<string, unknown>)[variable] ?? '—'),
    description: schema.description ?? '',
  }));
}
