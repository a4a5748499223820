import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { WebhooksConfig } from '../../config';

/** An endpoint URL or address this service will not call (README "Webhooks", outbound requests). */
export class RefusedDestination extends Error {
  /** True when asking again later may succeed (the name does not resolve now). */
  constructor(
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }
}

/** Address ranges no endpoint may reach even with WEBHOOK_ALLOW_PRIVATE_NETWORKS. */
const NEVER = new Set(['unspecified', 'broadcast', 'multicast']);

/**
 * Why an address may not be called, or null when it may. Only public unicast
 * addresses pass, unless private networks are allowed: then loopback, private,
 * link-local (cloud metadata included) and the like pass too. An IPv4 address
 * written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
 */
export function refusedAddress(address: string, allowPrivate: boolean): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return `${address} is not an IP address`;
  }
  // ::a.b.c.d (IPv4-compatible, deprecated) is the IPv4 address it carries.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0)) {
    const [hi, lo] = (parsed as ipaddr.IPv6).parts.slice(6);
    if (hi !== 0 || lo > 1) parsed = ipaddr.IPv4.parse(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  const range = parsed.range();
  if (range === 'unicast' || (allowPrivate && !NEVER.has(range))) return null;
  return `${parsed.toString()} is a ${range} address`;
}

/** The URL's shape: http(s) only (http when WEBHOOK_ALLOW_HTTP), a host, no credentials. Throws RefusedDestination. */
export function checkEndpointUrl(raw: string, config: WebhooksConfig): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RefusedDestination('must be an absolute URL such as https://erp.example.com/hooks/billing');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && config.allowHttp))
    throw new RefusedDestination(
      config.allowHttp
        ? 'must be an http or https URL'
        : 'must be an https URL (plain http only with WEBHOOK_ALLOW_HTTP, in development)',
    );
  if (url.username || url.password) throw new RefusedDestination('must not carry a user name or password');
  if (!url.hostname) throw new RefusedDestination('must name a host');
  return url;
}

/** The host of a URL as DNS and `isIP` take it (IPv6 without its brackets). */
const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Resolves the URL's host and checks every address it has; the answer is the
 * addresses to connect to, so the request goes where the check looked (a DNS
 * answer that changes between check and connect is not followed).
 */
export async function resolveDestination(
  url: URL,
  config: WebhooksConfig,
): Promise<Array<{ address: string; family: 4 | 6 }>> {
  const host = bareHost(url);
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new RefusedDestination(`${host} does not resolve`, true);
    }
  }
  if (addresses.length === 0) throw new RefusedDestination(`${host} does not resolve`, true);
  for (const { address } of addresses) {
    const why = refusedAddress(address, config.allowPrivateNetworks);
    if (why)
      throw new RefusedDestination(
        `${host} resolves to ${why}, which webhooks may not reach (WEBHOOK_ALLOW_PRIVATE_NETWORKS)`,
      );
  }
  return addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}
