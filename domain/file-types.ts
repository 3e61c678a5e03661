/**
 * The one table of what the ingest reads and of why it sets a file aside.
 * Upload checks, the corpus walker, the inbox watcher and the extract stage all
 * read it, so adding a format or rewording a reason happens here only.
 */
import type { IngestFailure } from './schemas.js';

export type FileKind = 'pdf' | 'text' | 'docx' | 'odt';

/** Supported file endings, the kind each is read as, and the media type it is served and uploaded with. */
export const FILE_TYPES = [
  { extension: '.pdf', kind: 'pdf', mediaType: 'application/pdf' },
  { extension: '.txt', kind: 'text', mediaType: 'text/plain' },
  { extension: '.md', kind: 'text', mediaType: 'text/markdown' },
  {
    extension: '.docx',
    kind: 'docx',
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  { extension: '.odt', kind: 'odt', mediaType: 'application/vnd.oasis.opendocument.text' },
] as const satisfies readonly { extension: string; kind: FileKind; mediaType: string }[];

export const SUPPORTED_EXTENSIONS: readonly string[] = FILE_TYPES.map((t) => t.extension);

/** The entry for a file name, by its ending (case-insensitive), or null. */
export function fileTypeOf(filename: string): (typeof FILE_TYPES)[number] | null {
  const lower = filename.toLowerCase();
  return FILE_TYPES.find((t) => lower.endsWith(t.extension)) ?? null;
}

/** The kind of file by its name, or null when the ingest does not read it. */
export const detectKind = (filename: string): FileKind | null => fileTypeOf(filename)?.kind ?? null;

export type FailureKind = IngestFailure['kind'];

/** Human list of the supported endings. */
const supportedList = 'PDF-, Word- (.docx), OpenDocument- (.odt), .txt- och .md-filer';

/** Swedish reasons, for people: what is wrong and what to do. */
const REASONS = {
  'unsupported-type': () => `Endast ${supportedList} kan läsas in.`,
  'too-large': (v: { mb?: number; limitMb?: number }) =>
    `Filen är ${(v.mb ?? 0).toFixed(1)} MB; gränsen är ${(v.limitMb ?? 0).toFixed(0)} MB (MAX_UPLOAD_MB).`,
  timeout: (v: { seconds?: number }) =>
    `Filen tog längre tid än ${v.seconds ?? 0} s att läsa och lades åt sidan (misstänkt skadad eller extremt stor).`,
  'too-complex': (v: { mb?: number }) =>
    `Filen krävde mer än ${v.mb ?? 0} MB minne att läsa (troligen en komprimeringsbomb eller en skadad PDF) och lades åt sidan. Spara om den från originalprogrammet eller skriv ut den till en ny PDF.`,
  empty: () => 'Filen är tom (0 byte).',
} as const;

type ReasonValues = { mb?: number; limitMb?: number; seconds?: number };

export function failureReason(kind: keyof typeof REASONS, values: ReasonValues = {}): string {
  return REASONS[kind](values);
}

/** For uploads: the answer when the ending is not in the table. */
export const unsupportedUploadReason = `Endast ${supportedList} kan laddas upp.`;
