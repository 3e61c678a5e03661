/** Keyness as spreadsheet sheets (terms, topics) and its "Om datat". */
import type { ExportAbout, ExportTable } from './export.js';
import type { Keyness } from './keyness.js';

const sideText = (s: Keyness['target']) =>
  `${s.label}: ${s.items} dagordningspunkter i ${s.protocols} möten, ${s.tokens} innehållsord`;

export function keynessSheets(k: Keyness): ExportTable[] {
  return [
    {
      sheet: 'Ord',
      columns: [
        { header: 'Ord', kind: 'text', width: 24 },
        { header: `Antal ${k.target.label}`, kind: 'integer', width: 16 },
        { header: `Antal ${k.reference.label}`, kind: 'integer', width: 16 },
        { header: 'Ord totalt (mål)', kind: 'integer', width: 16 },
        { header: 'Ord totalt (jämförelse)', kind: 'integer', width: 22 },
        { header: 'G²', kind: 'decimal', width: 10 },
        { header: 'Log-kvot', kind: 'decimal', width: 10 },
        { header: 'Nytt', kind: 'text', width: 6 },
      ],
      rows: k.terms.map((t) => [
        t.term,
        t.countTarget,
        t.countReference,
        t.totalTarget,
        t.totalReference,
        t.g2,
        t.logRatio,
        t.new ? 'ja' : null,
      ]),
    },
    {
      sheet: 'Ämnen',
      columns: [
        { header: 'Ämne', kind: 'text', width: 24 },
        { header: `Punkter ${k.target.label}`, kind: 'integer', width: 16 },
        { header: `Punkter ${k.reference.label}`, kind: 'integer', width: 16 },
        { header: 'Punkter totalt (mål)', kind: 'integer', width: 20 },
        { header: 'Punkter totalt (jämförelse)', kind: 'integer', width: 26 },
        { header: 'G²', kind: 'decimal', width: 10 },
        { header: 'Log-kvot', kind: 'decimal', width: 10 },
      ],
      rows: k.topics.map((t) => [
        t.topic,
        t.countTarget,
        t.countReference,
        t.totalTarget,
        t.totalReference,
        t.g2,
        t.logRatio,
      ]),
    },
  ];
}

export function keynessAbout(
  k: Keyness,
  corpus: { version: string; updatedAt: string | null },
  now: Date,
  base: string,
): ExportAbout {
  return {
    title: 'Protokollsök – vad är nytt (nyckelord)',
    fields: [
      ['Mål', sideText(k.target)],
      ['Jämförelse', sideText(k.reference)],
      [
        'Mått',
        'G² (log-likelihood, 1 frihetsgrad; 3,84 ≈ p < 0,05, 10,83 ≈ p < 0,001) och log-kvot (log2 av kvoten mellan de relativa frekvenserna; +1 = dubbelt så vanligt; en nolla räknas som 0,5).',
      ],
      [
        'Urval',
        `ord som ${k.unit === 'words' ? `förekommer minst ${k.minCount} gånger` : `förekommer i minst ${k.minCount} dagordningspunkter`} i målet, är vanligare där och har G² ≥ ${k.minG2}`,
      ],
      ['Räknat', k.unit === 'words' ? 'förekomster (antal gånger ordet står)' : 'dagordningspunkter där ordet står'],
      [
        'Dokument',
        'protokoll och anteckningar; kallelser och föredragningslistor räknas inte (ett möte räknas efter sitt protokoll) utom när dokumenttypen väljs',
      ],
      ['Ord', 'ordformer räknade per ordstam; småord, siffror och namn på närvarande och föredragande är borttagna'],
      ['Nytt', 'ja: ordet förekommer inte alls i jämförelsen'],
      ['Korpusversion', corpus.version],
      ['Exporterad', `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`, 'datetime'],
      ['Källa', `Protokollsök${base ? ` (${base})` : ''}`],
    ],
  };
}
