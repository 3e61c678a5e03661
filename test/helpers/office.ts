/**
 * Real Word and OpenDocument protocols for tests: a .docx written by the
 * `docx` library (as Word would save it: heading styles, automatic numbering,
 * a form table for the head) and an .odt zipped by hand from the XML
 * LibreOffice writes (text:h headings, numbered lists, a table, a page break).
 */
import * as docx from 'docx';
import { strToU8, zipSync } from 'fflate';

/** The protocol both formats carry: a social-care committee meeting with five items. */
export const MEETING = {
  body: 'Socialnämnden',
  date: '2024-03-12',
  items: [
    { number: '12', title: 'Val av justerare' },
    { number: '13', title: 'Budgetuppföljning för äldreomsorgen' },
    { number: '14', title: 'Samverkan kring psykisk hälsa' },
    { number: '15', title: 'Informationsärenden' },
    { number: '16', title: 'Övriga frågor' },
  ],
} as const;

const BODY_TEXT: Record<string, string[]> = {
  '12': ['Anna Andersson väljs att justera protokollet.'],
  '13': [
    'Förvaltningen redovisar budgetuppföljningen för äldreomsorgen efter februari. Hemtjänsten visar ett underskott.',
    'Socialnämnden beslutar att godkänna budgetuppföljningen och uppdra åt förvaltningen att ta fram en åtgärdsplan.',
  ],
  '14': [
    'Regionen och kommunen har tagit fram en gemensam plan för samverkan kring barn och unga med psykisk ohälsa.',
    'Socialnämnden beslutar att ställa sig bakom planen.',
  ],
  '15': ['Förvaltningschefen informerar om rekryteringsläget inom vård och omsorg.'],
  '16': ['Inga övriga frågor.'],
};

/**
 * A .docx protocol: a title, a head form table (label | value), and items as "Heading 1"
 * paragraphs numbered automatically "§ 12", "§ 13" … (the numbers are not in the text:
 * Word writes them from the numbering definition), with a bold "Beslut" and a bulleted list.
 */
export async function makeDocxProtocol(options: { pageBreakBefore?: string } = {}): Promise<Buffer> {
  const cell = (text: string) => new docx.TableCell({ children: [new docx.Paragraph(text)] });
  const children: (docx.Paragraph | docx.Table)[] = [
    new docx.Paragraph({ text: `Protokoll ${MEETING.body}`, heading: docx.HeadingLevel.TITLE }),
    new docx.Table({
      rows: [
        ['Plats och tid', 'Kommunhuset, tisdagen den 12 mars 2024 kl 13.00–15.30'],
        ['Beslutande', 'Eva Ek (S), ordförande'],
        ['Sammanträdesdatum', MEETING.date],
      ].map(([label, value]) => new docx.TableRow({ children: [cell(label!), cell(value!)] })),
    }),
  ];
  for (const item of MEETING.items) {
    const [first, ...rest] = BODY_TEXT[item.number]!;
    children.push(
      new docx.Paragraph({
        text: item.title,
        heading: docx.HeadingLevel.HEADING_1,
        numbering: { reference: 'paragrafer', level: 0 },
        pageBreakBefore: options.pageBreakBefore === item.number,
      }),
      new docx.Paragraph(first!),
    );
    if (item.number === '13')
      children.push(
        new docx.Paragraph({ text: 'Hemtjänsten', bullet: { level: 0 } }),
        new docx.Paragraph({ text: 'Särskilt boende', bullet: { level: 0 } }),
      );
    for (const text of rest)
      children.push(
        new docx.Paragraph({ children: [new docx.TextRun({ text: 'Beslut', bold: true })] }),
        new docx.Paragraph(text),
      );
  }
  const document = new docx.Document({
    numbering: {
      config: [
        {
          reference: 'paragrafer',
          levels: [{ level: 0, format: docx.LevelFormat.DECIMAL, text: '§ %1', start: 12 }],
        },
      ],
    },
    sections: [{ children }],
  });
  return docx.Packer.toBuffer(document);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An .odt protocol as LibreOffice writes one: numbered items as a list whose style numbers
 * "§ 12." onwards (no number in the text), a head table, and a page break before item 15.
 */
export function makeOdtProtocol(): Buffer {
  const NS =
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3"';
  const items = MEETING.items
    .map((item) => {
      const [first, ...rest] = BODY_TEXT[item.number]!;
      return `<text:list text:style-name="Paragrafer" text:continue-numbering="true"><text:list-item><text:p text:style-name="Rubrik">${esc(item.title)}</text:p></text:list-item></text:list>
${item.number === '15' ? '<text:p text:style-name="Standard"><text:soft-page-break/></text:p>' : ''}
<text:p text:style-name="Standard">${esc(first!)}</text:p>
${rest.map((t) => `<text:p text:style-name="Fet">Beslut</text:p><text:p text:style-name="Standard">${esc(t)}</text:p>`).join('\n')}`;
    })
    .join('\n');
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content ${NS}>
<office:automatic-styles>
<style:style style:name="Rubrik" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Fet" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-weight="bold"/></style:style>
<text:list-style style:name="Paragrafer"><text:list-level-style-number text:level="1" style:num-prefix="§ " style:num-suffix="" style:num-format="1" text:start-value="12"/></text:list-style>
</office:automatic-styles>
<office:body><office:text>
<text:h text:outline-level="1">Protokoll ${esc(MEETING.body)}</text:h>
<table:table table:name="Huvud">
<table:table-row><table:table-cell><text:p>Plats och tid</text:p></table:table-cell><table:table-cell><text:p>Kommunhuset, tisdagen den 12 mars 2024 kl<text:s/>13.00–15.30</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>Sammanträdesdatum</text:p></table:table-cell><table:table-cell><text:p>${MEETING.date}</text:p></table:table-cell></table:table-row>
</table:table>
${items}
<text:tracked-changes><text:changed-region><text:deletion><text:p>Borttagen text som inte ska synas</text:p></text:deletion></text:changed-region></text:tracked-changes>
</office:text></office:body></office:document-content>`;
  const styles = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles ${NS}><office:styles>
<style:default-style style:family="paragraph"><style:text-properties fo:font-size="11pt"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph"/>
</office:styles></office:document-styles>`;
  return Buffer.from(
    zipSync({
      // The mimetype comes first and is stored, as ODF requires.
      mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
      'content.xml': strToU8(content),
      'styles.xml': strToU8(styles),
      'META-INF/manifest.xml': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>',
      ),
    }),
  );
}
