/**
 * Where the harvester may fetch from: a host *and a port*. Allowing a host used
 * to allow every port on it, so a listing page could pull documents from other
 * services on the same machine (an admin console on :8080, Meilisearch on
 * :7700), which were then indexed and publicly searchable.
 *
 * - A listing page's own host is allowed on the listing page's own scheme and
 *   port, and on the default ports 80 (http) and 443 (https).
 * - An allow-list entry (HARVEST_ALLOW_HOSTS, --allow-host) is `host` or
 *   `host:port` (`[::1]:8080` for IPv6). Without a port it allows 80 and 443,
 *   and the listing page's own port when it is a listing page's host; with a
 *   port, that port only (http or https). Only allow-list hosts may resolve to
 *   private or loopback addresses (checked at connect time, address.ts).
 * - "example.se" and "www.example.se" are one site (a redirect between them is
 *   common).
 * - A URL with a user name or password ("https://user:pass@host/") is refused:
 *   it would be fetched with those credentials and the credentials would be
 *   published as the protocol's source.
 *
 * Pure: URLs in, a Swedish reason (or null) out.
 */

export interface AllowEntry {
  /** Lower case, IPv6 without brackets. */
  readonly host: string;
  /** null: the default ports (and a listing page's own). */
  readonly port: number | null;
}

const ENTRY = /^(?:\[(?<v6>[0-9a-f:.]+)\]|(?<name>[a-z0-9.-]+|[0-9a-f:]+))(?::(?<port>\d{1,5}))?$/;

/** "host", "host:port" or "[v6]:port" → an entry; null when it is none of these (a URL, a path, a bad port). */
export function parseAllowEntry(raw: string): AllowEntry | null {
  const text = raw.trim().toLowerCase();
  // A bare IPv6 address has colons of its own: only the bracketed form takes a port.
  if (/^[0-9a-f]*:[0-9a-f]*:[0-9a-f:.]*$/.test(text)) return { host: text, port: null };
  const m = ENTRY.exec(text);
  if (!m?.groups) return null;
  const host = m.groups.v6 ?? m.groups.name!;
  const port = m.groups.port === undefined ? null : Number(m.groups.port);
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { host, port };
}

const hostOf = (url: URL) => url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
const portOf = (url: URL) => (url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80);
const DEFAULT_PORT: Record<string, number> = { 'http:': 80, 'https:': 443 };
/** The host and its www. twin. */
const siteOf = (host: string) => [host, host.startsWith('www.') ? host.slice(4) : `www.${host}`];

/** A URL's credentials, named without their value, or null. */
export function credentialsIn(url: URL): string | null {
  if (url.username === '' && url.password === '') return null;
  return 'adressen innehåller inloggningsuppgifter (användarnamn eller lösenord före @); sådana adresser hämtas inte och publiceras aldrig';
}

export class AllowList {
  /** host → allowed (scheme, port) pairs; scheme "" is any of http and https. */
  private readonly ports = new Map<string, Set<string>>();
  private readonly explicit = new Set<string>();

  constructor(listings: readonly URL[], entries: readonly AllowEntry[]) {
    const allow = (host: string, scheme: string, port: number) => {
      for (const h of siteOf(host)) {
        const set = this.ports.get(h) ?? new Set<string>();
        set.add(`${scheme}${port}`);
        this.ports.set(h, set);
      }
    };
    const defaults = (host: string) => {
      allow(host, 'http:', 80);
      allow(host, 'https:', 443);
    };
    for (const listing of listings) {
      allow(hostOf(listing), listing.protocol, portOf(listing));
      defaults(hostOf(listing));
    }
    for (const entry of entries) {
      this.explicit.add(entry.host);
      if (entry.port === null) defaults(entry.host);
      else allow(entry.host, '', entry.port);
    }
  }

  /** True for a host named on the allow-list itself (the only ones that may be private or loopback). */
  privateAllowed(host: string): boolean {
    return this.explicit.has(host.toLowerCase().replace(/^\[|\]$/g, ''));
  }

  /** null when the URL may be fetched; otherwise why not, in Swedish. */
  refusal(url: URL): string | null {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `bara http och https hämtas (${url.protocol})`;
    const credentials = credentialsIn(url);
    if (credentials) return credentials;
    const host = hostOf(url);
    const allowed = this.ports.get(host);
    if (!allowed) return `värden ${host} är varken en listsidas värd eller med i HARVEST_ALLOW_HOSTS`;
    const port = portOf(url);
    if (allowed.has(`${url.protocol}${port}`) || allowed.has(`${port}`)) return null;
    const shown = host.includes(':') ? `[${host}]` : host;
    return `port ${port} på ${shown} är inte tillåten (bara listsidans egen port och ${DEFAULT_PORT[url.protocol]} för ${url.protocol.slice(0, -1)}); lägg till ${shown}:${port} i HARVEST_ALLOW_HOSTS för att tillåta den`;
  }
}
