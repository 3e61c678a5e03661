/**
 * Which addresses the harvester may connect to. A listing page is input from
 * the web: a link or a redirect could point at the machine itself, the
 * container network or a cloud metadata endpoint. Those ranges are refused
 * unless the host is on the explicit allow-list (HARVEST_ALLOW_HOSTS).
 */
import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** True for loopback, private, link-local, carrier-grade NAT, multicast and reserved addresses. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    // ::ffff:10.0.0.1 is 10.0.0.1.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1]!, 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return true;
}

/** Refused before or while connecting; the message says what to change. */
export class AddressNotAllowedError extends Error {
  override readonly name = 'AddressNotAllowedError';
  readonly code = 'EADDRNOTALLOWED';
}

/**
 * A DNS lookup for http.request that refuses private addresses for hosts not
 * explicitly allowed. Checking inside the connect (not before it) means the
 * address checked is the address used: a name that resolves differently the
 * second time (DNS rebinding) cannot slip through.
 */
export function guardedLookup(allowPrivate: (host: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as { address: string; family: number }[];
      const ok = allowPrivate(hostname) ? list : list.filter((a) => !isPrivateAddress(a.address));
      if (ok.length === 0) {
        return callback(
          new AddressNotAllowedError(
            `${hostname} resolves to a private or loopback address (${list.map((a) => a.address).join(', ')}); add it to HARVEST_ALLOW_HOSTS to allow it`,
          ),
          '',
          0,
        );
      }
      if (options.all)
        return (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, ok);
      const first = ok[0]!;
      callback(null, first.address, first.family);
    });
  };
}
