import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../ingest/harvest/address.js';
import { corpusPathFor } from '../../ingest/harvest/harvest.js';
import { readListing } from '../../ingest/harvest/links.js';

const PAGE = 'https://www.regionorebrolan.se/sv/Samverkansorganisation/Protokoll/Chefsgruppen/';

describe('reading a listing page', () => {
  it('resolves relative, root-relative and absolute file links, with spaces and å/ä/ö raw or encoded', () => {
    const html = `<ul>
      <li><a href="Minnesanteckningar 2022-10-13 vård.pdf">Minnesanteckningar (pdf, 96 kB)</a></li>
      <li><a href="/download/18.4f1e/1666/Protokoll%20n%C3%A4rv%C3%A5rd.PDF">Protokoll</a></li>
      <li><a href="https://cdn.example.se/filer/protokoll.pdf#page=2">Protokoll på annan värd</a></li>
      <li><a href="../Chefsgruppen/Minnesanteckningar%202022-10-13%20v%C3%A5rd.pdf">samma fil igen</a></li>
    </ul>`;
    const { files } = readListing(html, PAGE);
    expect(files.map((f) => f.url)).toEqual([
      `${PAGE}Minnesanteckningar%202022-10-13%20v%C3%A5rd.pdf`,
      'https://www.regionorebrolan.se/download/18.4f1e/1666/Protokoll%20n%C3%A4rv%C3%A5rd.PDF',
      'https://cdn.example.se/filer/protokoll.pdf',
    ]);
    expect(files.map((f) => f.kind)).toEqual(['readable', 'readable', 'readable']);
    expect(files[0]!.text).toBe('Minnesanteckningar (pdf, 96 kB)');
  });

  it('reads Word and OpenDocument links, reports old .doc files as unreadable and ignores pages, mail links and anchors', () => {
    const html = `<a href="Bilaga.docx">Bilaga</a><a href="Gammal.doc">Gammal</a><a href="p.odt">ODF</a><a href="/kontakt/">Kontakt</a><a href="mailto:a@b.se">Mejl</a><a href="#top">Upp</a><a href="text.txt">Text</a>`;
    const { files, pages } = readListing(html, PAGE);
    expect(files.map((f) => [f.extension, f.kind])).toEqual([
      ['.docx', 'readable'],
      ['.doc', 'unreadable-document'],
      ['.odt', 'readable'],
      ['.txt', 'readable'],
    ]);
    expect(pages).toEqual([]);
  });

  it('follows the listing’s own pagination (?page=2, numbers, rel=next, “Nästa”) but not other sections', () => {
    const html = `<nav class="pagination"><a href="?page=2">2</a> <a href="?page=3">3</a> <a rel="next" href="?page=2">Nästa ›</a></nav>
      <a href="/sv/Annat/?page=2">Andra nyheter</a> <a href="../Socialchefsnatverket/?page=2">Ett annat nätverk</a>`;
    expect(readListing(html, PAGE).pages).toEqual([`${PAGE}?page=2`, `${PAGE}?page=3`]);
  });

  it('respects <base href> and a type="application/pdf" link without an extension', () => {
    const html = `<base href="https://www.regionorebrolan.se/arkiv/"><a href="dokument?id=77" type="application/pdf">Protokoll</a>`;
    expect(readListing(html, PAGE).files).toMatchObject([
      { url: 'https://www.regionorebrolan.se/arkiv/dokument?id=77', extension: '.pdf' },
    ]);
  });
});

describe('where a harvested file is stored', () => {
  it('keeps readable names under harvest/<host>/ and never leaves the folder', () => {
    expect(
      corpusPathFor('https://www.regionorebrolan.se/download/18.4f/Protokoll%20n%C3%A4rv%C3%A5rd%202023.pdf'),
    ).toBe('harvest/www.regionorebrolan.se/download/18.4f/Protokoll närvård 2023.pdf');
    const tricky = corpusPathFor('http://127.0.0.1:8080/a/..%2F..%2F..%2Fetc/passwd.pdf');
    expect(tricky.startsWith('harvest/127.0.0.1_8080/a/')).toBe(true);
    expect(tricky.split('/')).not.toContain('..');
    expect(corpusPathFor('https://www.regionorebrolan.se/arkiv/dokument?id=77', '.pdf')).toMatch(
      /^harvest\/www\.regionorebrolan\.se\/arkiv\/dokument-[0-9a-f]{8}\.pdf$/,
    );
    const a = corpusPathFor('https://x.se/get.pdf?id=1');
    const b = corpusPathFor('https://x.se/get.pdf?id=2');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^harvest\/x\.se\/get-[0-9a-f]{8}\.pdf$/);
  });
});

describe('which addresses are private', () => {
  it('refuses loopback, private, link-local and mapped addresses, and allows public ones', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.5',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['193.183.31.10', '8.8.8.8', '2a00:1450:4001::1']) expect(isPrivateAddress(a), a).toBe(false);
  });
});
