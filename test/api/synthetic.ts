/**
 * Hand-made and generated ItemDocuments for API tests that need cases the five
 * seed protocols lack, or more distinct values than Meilisearch's defaults.
 * The derived fields are built exactly as ingest/pipeline.ts builds them.
 */
import type { ItemDocument, ItemId, ProtocolDocument, ProtocolId } from '../../domain/schemas.js';
import { MUNICIPALITIES } from '../../domain/schemas.js';
import { itemTerms } from '../../domain/swedish/item-terms.js';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const dayOf = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

export interface ItemSpec {
  protocolId: string;
  meetingDate: string;
  itemNumber?: string;
  title: string;
  text: string;
  body?: string;
  topics?: string[];
  municipalities?: string[];
  hasDecision?: boolean;
  ordinal?: number;
}

/** An item document as the pipeline would store it. */
export function itemDoc(spec: ItemSpec): ItemDocument {
  const ordinal = spec.ordinal ?? Number(spec.itemNumber ?? 1) - 1;
  const full = `${spec.title}\n${spec.text}`;
  return {
    id: `${spec.protocolId}_${ordinal}` as ItemId,
    protocolId: spec.protocolId as ProtocolId,
    sourceFile: `${spec.protocolId}.pdf`,
    body: spec.body ?? 'Testorgan',
    organisation: null,
    docType: 'protokoll',
    meetingDate: spec.meetingDate,
    meetingDay: dayOf(spec.meetingDate),
    year: Number(spec.meetingDate.slice(0, 4)),
    itemOrdinal: ordinal,
    itemNumber: spec.itemNumber ?? String(ordinal + 1),
    title: spec.title,
    text: spec.text,
    page: 1,
    pages: [1],
    presenters: [],
    municipalities: (spec.municipalities ?? []) as ItemDocument['municipalities'],
    municipalitiesPresent: [],
    topics: spec.topics ?? [],
    topicEvidence: [],
    decisions: [],
    decisionText: '',
    hasDecision: spec.hasDecision ?? false,
    hasRoutineDecision: false,
    ...itemTerms(spec.title, spec.text, []),
    wordCount: full.split(/\s+/).filter(Boolean).length,
    ocr: false,
    ocrConfidence: null,
    contentHash: 'synthetic',
  };
}

/** The protocol documents the ingest writes beside the items: body, year and the union of topics. */
export function protocolDocs(
  items: readonly ItemDocument[],
): Pick<ProtocolDocument, 'id' | 'body' | 'docType' | 'year' | 'topics' | 'meetingDay' | 'sourceFile'>[] {
  const protocols = new Map<
    string,
    Pick<ProtocolDocument, 'id' | 'body' | 'docType' | 'year' | 'topics' | 'meetingDay' | 'sourceFile'>
  >();
  for (const d of items) {
    const p = protocols.get(d.protocolId) ?? {
      id: d.protocolId,
      body: d.body,
      docType: d.docType,
      year: d.year,
      meetingDay: d.meetingDay,
      sourceFile: d.sourceFile,
      topics: [],
    };
    p.topics = [...new Set([...p.topics, ...d.topics])];
    protocols.set(d.protocolId, p);
  }
  return [...protocols.values()];
}

export const TOPICS = ['nära vård', 'psykisk hälsa', 'samsjuklighet', 'äldre', 'folkhälsa'];

/**
 * A corpus with more distinct protocols and bodies than Meilisearch's default
 * facet limit (100 values): `protocols` meetings of 2–9 items each, 2015–2026.
 */
export function syntheticCorpus(protocols: number, bodies: number, seed = 42): ItemDocument[] {
  const random = rng(seed);
  const docs: ItemDocument[] = [];
  for (let p = 0; p < protocols; p++) {
    const year = 2015 + Math.floor(random() * 12);
    const body = `Organ ${p % bodies}`;
    const day = Math.round(Date.UTC(year, Math.floor(random() * 12), 1 + Math.floor(random() * 27)) / 86_400_000);
    const meetingDate = new Date(day * 86_400_000).toISOString().slice(0, 10);
    const count = 2 + Math.floor(random() * 8);
    for (let i = 0; i < count; i++) {
      const topics = TOPICS.filter(() => random() < 0.25);
      const municipalities = MUNICIPALITIES.filter(() => random() < 0.1);
      const padding = ' text'.repeat(Math.floor(random() * 400));
      docs.push(
        itemDoc({
          protocolId: `p${p}`,
          meetingDate,
          ordinal: i,
          title: `Punkt ${i + 1}`,
          text: (topics.length ? `Om ${topics.join(' och ')}.` : 'Övrigt.') + padding,
          body,
          topics,
          municipalities: [...municipalities],
          hasDecision: random() < 0.3,
        }),
      );
    }
  }
  return docs;
}
