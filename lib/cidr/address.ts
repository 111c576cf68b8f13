/**
 * CIDR text <-> value. Addresses are bigints for both families, so one set of arithmetic serves IPv4 and IPv6
 * and no comparison ever falls back to strings ("10.0.2.0/23" sorts after "10.0.20.0/24" as text).
 */

export type IpVersion = 4 | 6;

/** An aligned CIDR block: `network` has no bits set below `prefixLength`. */
export interface Cidr {
  readonly version: IpVersion;
  readonly network: bigint;
  readonly prefixLength: number;
}

/** Address width in bits for each family. */
export function addressBits(version: IpVersion): number {
  return version === 4 ? 32 : 128;
}

/** The mask of the host part below `prefixLength` (all ones), e.g. 0xff for an IPv4 /24. */
export function hostMask(prefixLength: number, version: IpVersion): bigint {
  return (1n << BigInt(addressBits(version) - prefixLength)) - 1n;
}

// No leading zeros: "010" is octal to some parsers and decimal to others, so it is refused rather than guessed.
const IPV4_OCTET = '(?:0|[1-9][0-9]{0,2})';
const IPV4_ADDRESS = new RegExp(`^${IPV4_OCTET}\\.${IPV4_OCTET}\\.${IPV4_OCTET}\\.${IPV4_OCTET}$`);
const PREFIX = /^(?:0|[1-9][0-9]{0,2})$/;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

/**
 * Parses `a.b.c.d/n` or an IPv6 `x:x::x/n` (also `::ffff:1.2.3.4/n`). Strict: no whitespace, no leading zeros in
 * IPv4 octets or prefixes, no zone index, and no host bits below the prefix.
 *
 * @throws TypeError naming the text and what is wrong with it.
 * @example parseCidr('10.0.0.0/16') // { version: 4, network: 167772160n, prefixLength: 16 }
 */
export function parseCidr(text: string): Cidr {
  const result = parseOrExplain(text);
  if (typeof result === 'string') throw new TypeError(`Invalid CIDR ${JSON.stringify(text)}: ${result}.`);
  return result;
}

/**
 * {@link parseCidr} without the exception: undefined for anything it would reject.
 *
 * @example tryParseCidr('10.0.0.1/24') // undefined (host bits set)
 */
export function tryParseCidr(text: string): Cidr | undefined {
  const result = parseOrExplain(text);
  return typeof result === 'string' ? undefined : result;
}

/**
 * Canonical text: IPv4 dotted decimal; IPv6 per RFC 5952 (lower case, no leading zeros, the longest run of two or more
 * zero groups compressed to `::`, the first such run on a tie).
 *
 * @example formatCidr(parseCidr('2600:1F18:0000:0000::/56')) // '2600:1f18::/56'
 */
export function formatCidr(cidr: Cidr): string {
  return `${formatAddress(cidr.network, cidr.version)}/${cidr.prefixLength}`;
}

/** The text of one address of the given family (no prefix). */
export function formatAddress(address: bigint, version: IpVersion): string {
  return version === 4 ? formatIpv4(address) : formatIpv6(address);
}

function parseOrExplain(text: unknown): Cidr | string {
  if (typeof text !== 'string') return 'not a string';
  const parts = text.split('/');
  if (parts.length !== 2) return 'expected an address, a slash and a prefix length';
  const [addressText, prefixText] = parts as [string, string];
  const version: IpVersion = addressText.includes(':') ? 6 : 4;
  const address = version === 4 ? parseIpv4(addressText) : parseIpv6(addressText);
  if (address === undefined) return `"${addressText}" is not a valid IPv${version} address`;
  if (!PREFIX.test(prefixText) || Number(prefixText) > addressBits(version)) {
    return `"${prefixText}" is not a prefix length between 0 and ${addressBits(version)}`;
  }
  const prefixLength = Number(prefixText);
  const hostBits = address & hostMask(prefixLength, version);
  if (hostBits !== 0n) {
    const network = address - hostBits;
    return `host bits are set below /${prefixLength} (did you mean ${formatAddress(network, version)}/${prefixLength}?)`;
  }
  return { version, network: address, prefixLength };
}

function parseIpv4(text: string): bigint | undefined {
  if (!IPV4_ADDRESS.test(text)) return undefined;
  let value = 0;
  for (const octet of text.split('.')) {
    const byte = Number(octet);
    if (byte > 255) return undefined;
    value = value * 256 + byte;
  }
  return BigInt(value);
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  // An embedded IPv4 address may only close the address: the head may end with one only when there is no `::`.
  const head = parseHextets(halves[0] as string, halves.length === 1);
  const tail = halves.length === 2 ? parseHextets(halves[1] as string, true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const explicitGroups = head.length + tail.length;
  const groups =
    halves.length === 1
      ? head
      : explicitGroups <= 7
        ? [...head, ...new Array<number>(8 - explicitGroups).fill(0), ...tail]
        : undefined;
  if (groups === undefined || groups.length !== 8) return undefined;
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

/** Colon-separated groups; the last may be dotted IPv4 (two groups) when `mayEndWithIpv4`. Empty text is no groups. */
function parseHextets(text: string, mayEndWithIpv4: boolean): number[] | undefined {
  if (text === '') return [];
  const fields = text.split(':');
  const groups: number[] = [];
  for (const [index, field] of fields.entries()) {
    if (HEXTET.test(field)) {
      groups.push(parseInt(field, 16));
    } else if (mayEndWithIpv4 && index === fields.length - 1 && field.includes('.')) {
      const ipv4 = parseIpv4(field);
      if (ipv4 === undefined) return undefined;
      groups.push(Number(ipv4 >> 16n), Number(ipv4 & 0xffffn));
    } else {
      return undefined;
    }
  }
  return groups;
}

function formatIpv4(address: bigint): string {
  const value = Number(address);
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function formatIpv6(address: bigint): string {
  const groups = Array.from({ length: 8 }, (_, index) => Number((address >> BigInt(16 * (7 - index))) & 0xffffn));
  const run = longestZeroRun(groups);
  const hex = (part: number[]): string => part.map((group) => group.toString(16)).join(':');
  if (run === undefined) return hex(groups);
  return `${hex(groups.slice(0, run.start))}::${hex(groups.slice(run.start + run.length))}`;
}

/** The first longest run of at least two zero groups (RFC 5952 §4.2.2: a lone zero group is never compressed). */
function longestZeroRun(groups: readonly number[]): { start: number; length: number } | undefined {
  let best: { start: number; length: number } | undefined;
  let start = -1;
  for (let index = 0; index <= groups.length; index++) {
    if (index < groups.length && groups[index] === 0) {
      if (start < 0) start = index;
      continue;
    }
    if (start >= 0) {
      const length = index - start;
      if (length >= 2 && (best === undefined || length > best.length)) best = { start, length };
      start = -1;
    }
  }
  return best;
}
