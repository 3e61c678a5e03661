/**
 * Reads a listing page: the links to protocol files on it and the links to its
 * own further pages. Pure (HTML and its URL in, links out), so the rules are
 * tested without a server.
 *
 * Real listing pages (Sitevision, Episerver, meeting portals) link files with
 * relative or absolute hrefs, spaces and å/ä/ö raw or percent-encoded, and page
 * with "?page=2", numbered links or "Nästa". A link is taken by what its path
 * ends with (or its type attribute says), never by its text.
 */
import { Parser } from 'htmlparser2';
import { SUPPORTED_EXTENSIONS } from '../../domain/file-types.js';

export type LinkKind = 'readable' | 'unreadable-document';

export interface FileLink {
  /** Absolute, normalised (percent-encoded, no fragment). */
  url: string;
  /** The link's text as shown on the page. */
  text: string;
  /** readable: a type ingest reads (domain/file-types.ts); unreadable-document: .doc, .rtf, .xlsx … (reported, not downloaded). */
  kind: LinkKind;
  extension: string;
}

export interface ListingPage {
  files: FileLink[];
  /** Further pages of the same listing (absolute URLs), in page order. */
  pages: string[];
}

/** Extensions the ingest reads: the one table in domain/file-types.ts. */
export const READABLE: readonly string[] = SUPPORTED_EXTENSIONS;
/** Documents a listing links that the ingest cannot read: reported, not downloaded. */
const DOCUMENTS = ['.doc', '.rtf', '.xlsx', '.xls', '.pptx', '.ppt', '.ods', '.odp'];
const PAGE_PARAM = /^(page|sida|p|pg|pagenumber|pageindex|start|offset|skip|\w*page\w*)$/i;
const NEXT_TEXT = /^(nästa|next|följande|fler|visa fler|nästa sida|[›»>→]+|\d{1,3})$/i;

function extensionOf(url: URL): string {
  const last = decodeURIComponent(url.pathname).split('/').pop() ?? '';
  const m = /(\.[a-z0-9]{1,5})$/i.exec(last);
  return m ? m[1]!.toLowerCase() : '';
}

function resolve(href: string, base: string): URL | null {
  const trimmed = href.trim();
  if (!trimmed || /^(mailto|tel|javascript|data):/i.test(trimmed) || trimmed.startsWith('#')) return null;
  try {
    // Browsers percent-encode spaces and å/ä/ö in hrefs; so does URL, from a raw or an encoded href alike.
    const url = new URL(trimmed, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url;
  } catch {
    return null;
  }
}

const isPaginationOf = (candidate: URL, listing: URL) => {
  if (candidate.origin !== listing.origin || candidate.pathname !== listing.pathname) return false;
  return [...candidate.searchParams.keys()].some((k) => PAGE_PARAM.test(k)) && candidate.search !== listing.search;
};

/** The file links and pagination links of one listing page. */
export function readListing(html: string, pageUrl: string): ListingPage {
  let base = pageUrl;
  const anchors: { href: string; rel: string; type: string; text: string }[] = [];
  let open: { href: string; rel: string; type: string; text: string } | null = null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'base' && attrs.href) {
          const b = resolve(attrs.href, pageUrl);
          if (b) base = b.href;
        }
        if (name === 'link' && /\bnext\b/i.test(attrs.rel ?? '') && attrs.href)
          anchors.push({ href: attrs.href, rel: 'next', type: '', text: '' });
        if (name === 'a' && attrs.href !== undefined)
          open = { href: attrs.href, rel: attrs.rel ?? '', type: attrs.type ?? '', text: attrs['aria-label'] ?? '' };
      },
      ontext(text) {
        if (open) open.text += text;
      },
      onclosetag(name) {
        if (name === 'a' && open) {
          anchors.push(open);
          open = null;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();

  const listing = new URL(pageUrl);
  const files = new Map<string, FileLink>();
  const pages = new Map<string, string>();
  for (const a of anchors) {
    const url = resolve(a.href, base);
    if (!url) continue;
    const text = a.text.replace(/\s+/g, ' ').trim();
    const ext = extensionOf(url) || (/pdf/i.test(a.type) ? '.pdf' : '');
    if (READABLE.includes(ext) || DOCUMENTS.includes(ext)) {
      if (!files.has(url.href))
        files.set(url.href, {
          url: url.href,
          text,
          kind: DOCUMENTS.includes(ext) ? 'unreadable-document' : 'readable',
          extension: ext,
        });
      continue;
    }
    if (url.href === listing.href) continue;
    const samePlace = url.origin === listing.origin && url.pathname.startsWith(listing.pathname.replace(/[^/]*$/, ''));
    if (
      isPaginationOf(url, listing) ||
      (samePlace && (/\bnext\b/i.test(a.rel) || (NEXT_TEXT.test(text) && url.search !== '')))
    )
      pages.set(url.href, url.href);
  }
  return { files: [...files.values()], pages: [...pages.values()] };
}
