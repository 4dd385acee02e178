/**
 * What the request came over, from configuration and the socket, never from what a client may
 * say about itself: the client's address (X-Forwarded-For is read only from a peer listed in
 * TRUSTED_PROXIES) and whether the site is served over HTTPS (PUBLIC_URL is https://…, or a
 * trusted proxy says X-Forwarded-Proto: https). The request URL's own scheme is not used: a
 * client can send an absolute https:// request target over plain HTTP.
 */
import { BlockList, isIP } from "node:net";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";

export interface Transport {
  /** The client's address: the socket peer, or the first untrusted hop a trusted proxy reports. */
  address: string;
  https: boolean;
  /** PUBLIC_URL, when configured: links handed to people (enrolment) are built on it, not on the Host header. */
  publicUrl: string | undefined;
}

export interface TransportSettings {
  /** The site's public URL, when configured. */
  publicUrl?: string | undefined;
  /** Addresses and CIDR ranges of the reverse proxies in front of this server. */
  trustedProxies?: readonly string[] | undefined;
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is 10.0.0.1. */
const plain = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");

/** Parses `10.0.0.1, 10.0.0.0/8, ::1`; throws naming the first entry that is neither. */
export function parseProxyList(spec: string): string[] {
  const entries = spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [ip, bits, extra] = entry.split("/");
    const family = isIP(ip ?? "");
    const max = family === 4 ? 32 : 128;
    const validBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
    if (!family || !validBits || extra !== undefined)
      throw new Error(`"${entry}" is not an IP address or CIDR range`);
  }
  return entries;
}

function blockList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [ip = "", bits] = entry.split("/");
    const type = isIP(ip) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(plain(ip), type);
    else list.addSubnet(plain(ip), Number(bits), type);
  }
  return list;
}

function peerOf(c: Context): string | null {
  try {
    const address = getConnInfo(c).remote.address;
    return address ? plain(address) : null;
  } catch {
    // app.request() in tests has no socket.
    return null;
  }
}

function transportOf(settings: TransportSettings, trusted: BlockList, c: Context): Transport {
  const isTrusted = (a: string) => {
    const family = isIP(a);
    return family !== 0 && trusted.check(a, family === 6 ? "ipv6" : "ipv4");
  };
  const peer = peerOf(c);
  const viaProxy = peer !== null && isTrusted(peer);
  let address = peer ?? "unknown";
  if (viaProxy) {
    // Right to left: each trusted proxy appended the address it received from; the first hop
    // that is not one of ours is the client.
    const hops = (c.req.header("x-forwarded-for") ?? "")
      .split(",")
      .map((h) => plain(h.trim()))
      .filter((h) => isIP(h));
    for (let i = hops.length - 1; i >= 0; i--) {
      address = hops[i] as string;
      if (!isTrusted(address)) break;
    }
  }
  const forwardedProto = viaProxy ? c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() : undefined;
  const https = Boolean(settings.publicUrl?.startsWith("https://")) || forwardedProto === "https";
  return { address, https, publicUrl: settings.publicUrl };
}

/**
 * A cookie's name for this request: over HTTPS `__Host-` prefixed, which browsers accept only
 * with Secure, path / and no Domain, so neither plain HTTP nor a sibling host can plant it.
 */
export const cookieName = (c: Context, name: string) =>
  (c.get("transport") as Transport).https ? `__Host-${name}` : name;

/** The attributes that go with `cookieName`. */
export const cookieScope = (c: Context) =>
  ({ path: "/", secure: (c.get("transport") as Transport).https }) as const;

const HSTS = "max-age=63072000; includeSubDomains";

/** Sets `transport` for every request, and over HTTPS sends HSTS. */
export function transport(settings: TransportSettings): MiddlewareHandler<{
  Variables: { transport: Transport };
}> {
  const trusted = blockList(settings.trustedProxies ?? []);
  return async (c, next) => {
    const t = transportOf(settings, trusted, c);
    c.set("transport", t);
    await next();
    if (t.https) c.res.headers.set("Strict-Transport-Security", HSTS);
  };
}
