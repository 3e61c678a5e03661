/**
 * What a protocol's index documents are a function of, as named components:
 * the source bytes, each stage (name, version, config), every data file a stage
 * reads (by its bytes) and the libraries whose upgrade changes the output. The
 * content hash is derived from these, never kept by hand, so a changed
 * taxonomy, lexicon or stop-word file re-ingests every protocol it affects, and
 * a changed README re-ingests nothing. The components are stored with each
 * protocol, so a re-ingest can say which of them changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DATA_FILES, dataFileDigests, type DataFileName } from '../domain/data-files.js';
import { DOCUMENTS, EXTRACT, TEXT_STAGES } from './stages/index.js';
import type { StageDescriptor } from './stages/stage.js';

const sha = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');
const short = (hex: string) => hex.slice(0, 16);

/** Libraries whose version changes what extraction, stemming or tagging produce. */
const LIBRARIES = ['pdf-parse', 'pdfjs-dist', 'natural', 'dictionary-sv'] as const;

/** A package's version, read from its package.json next to its entry point. */
function packageVersion(name: string): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    return 'absent';
  }
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === name) return pkg.version ?? 'unknown';
  }
  return 'unknown';
}

/** Every stage the pipeline runs, in order: extraction, the text stages, the documents' derived fields. */
export const PIPELINE_STAGES: readonly StageDescriptor[] = [EXTRACT, ...TEXT_STAGES, DOCUMENTS];

export type Manifest = Readonly<Record<string, string>>;

/**
 * The pipeline's components (without the source): `stage:<name>`, `data:<file>`,
 * `lib:<package>`, each a short digest. Data files are read from `dataRoot`
 * (tests point it at an edited copy).
 */
export function pipelineManifest(
  options: { dataRoot?: string; stages?: readonly StageDescriptor[]; extra?: Readonly<Record<string, string>> } = {},
): Manifest {
  const stages = options.stages ?? PIPELINE_STAGES;
  const out: Record<string, string> = {};
  for (const s of stages) out[`stage:${s.name}`] = short(sha(JSON.stringify([s.version, s.config])));
  const files = [...new Set(stages.flatMap((s) => s.dataFiles))].sort() as DataFileName[];
  for (const [file, digest] of Object.entries(dataFileDigests(files, options.dataRoot)))
    out[`data:${file}`] = short(digest);
  for (const lib of LIBRARIES) out[`lib:${lib}`] = short(sha(packageVersion(lib)));
  for (const [k, v] of Object.entries(options.extra ?? {})) out[k] = short(sha(v));
  return out;
}

let cached: Manifest | null = null;
/** The running pipeline's manifest (computed once per process: the files it hashes are read at start too). */
export function currentManifest(): Manifest {
  cached ??= pipelineManifest();
  return cached;
}

/**
 * The running manifest plus the OCR engine's fingerprint (engine, model, settings;
 * read asynchronously, once per run), as component `ocr:engine`.
 */
export function manifestWithOcr(ocrFingerprint: string): Manifest {
  return ocrFingerprint ? { ...currentManifest(), 'ocr:engine': short(sha(ocrFingerprint)) } : currentManifest();
}

/** sha256 of the source bytes. */
export const sourceDigest = (bytes: Uint8Array) => sha(bytes);

/** The content hash: source digest plus the manifest. Equal hash means nothing to do. */
export function contentHashOf(source: string, manifest: Manifest = currentManifest()): string {
  const keys = Object.keys(manifest).sort();
  return sha(JSON.stringify([source, keys.map((k) => [k, manifest[k]])]));
}

/**
 * Which components differ between a stored protocol's build and now: `source`
 * (the file itself), or the manifest keys that changed (`data:<file>`,
 * `stage:<name>`, `lib:<package>`); `pipeline` when the stored build predates
 * manifests.
 */
export function changedComponents(
  before: { source: string | null; manifest: Manifest | null },
  now: { source: string; manifest: Manifest },
): string[] {
  if (before.source !== null && before.source !== now.source) return ['source'];
  if (!before.manifest || before.source === null) return ['pipeline'];
  const keys = new Set([...Object.keys(before.manifest), ...Object.keys(now.manifest)]);
  const changed = [...keys].filter((k) => before.manifest![k] !== now.manifest[k]).sort();
  return changed.length ? changed : ['pipeline'];
}

/** A component key in words: "domain/taxonomy.json changed", "the tag stage changed". */
export function describeComponent(key: string, language: 'en' | 'sv' = 'en'): string {
  const at = key.indexOf(':');
  const [kind, name] = at < 0 ? [key, ''] : [key.slice(0, at), key.slice(at + 1)];
  const en: Record<string, string> = {
    source: 'the file changed',
    pipeline: 'the pipeline changed',
    data: `${name} changed`,
    stage: `the ${name} stage changed`,
    lib: `${name} was upgraded`,
    ocr: 'the OCR engine or its settings changed',
  };
  const sv: Record<string, string> = {
    source: 'filen har ändrats',
    pipeline: 'inläsningen har ändrats',
    data: `${name} har ändrats`,
    stage: `steget ${name} har ändrats`,
    lib: `${name} har uppgraderats`,
    ocr: 'OCR-motorn eller dess inställningar har ändrats',
  };
  return (language === 'sv' ? sv : en)[kind] ?? `${key} changed`;
}

/** The data files known to the project, for tests that edit each one. */
export const KNOWN_DATA_FILES = DATA_FILES;
