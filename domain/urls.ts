/**
 * URLs that are published (feeds, exports, the protocol page) or fetched (the
 * harvester): what may be in them, decided once.
 */

/** True when the URL carries a user name or password ("https://user:pass@host/…"). */
export function hasCredentials(url: URL | string): boolean {
  const parsed = typeof url === 'string' ? (URL.canParse(url) ? new URL(url) : null) : url;
  return parsed !== null && (parsed.username !== '' || parsed.password !== '');
}

/**
 * The URL without user name and password; unparsable input comes back empty,
 * so a damaged value is never published as it was.
 */
export function withoutCredentials(url: string): string {
  if (!URL.canParse(url)) return '';
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}

/**
 * The base of the links the API writes into feeds and exports: PUBLIC_URL
 * without its trailing slash, or "" for root-relative links. Never taken from
 * a request header, which any client can set.
 */
export function linkBase(publicUrl: string | undefined): string {
  return publicUrl ? publicUrl.replace(/\/+$/, '') : '';
}
