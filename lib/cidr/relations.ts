/**
 * Size, containment, overlap, alignment and order of CIDR blocks: all numeric, all on bigint.
 */
import { addressBits, hostMask, type Cidr, type IpVersion } from './address';

/**
 * Number of addresses in the block (all of them, including the five AWS reserves in a subnet).
 *
 * @example cidrSize(parseCidr('10.0.0.0/28')) // 16n
 */
export function cidrSize(cidr: Cidr): bigint {
  return 1n << BigInt(addressBits(cidr.version) - cidr.prefixLength);
}

/** The first address after the block: blocks are the half-open intervals [network, cidrEnd). */
export function cidrEnd(cidr: Cidr): bigint {
  return cidr.network + cidrSize(cidr);
}

/**
 * True when every address of `inner` is in `outer` (a block contains itself). Blocks of different families never contain
 * each other.
 *
 * @example cidrContains(parseCidr('10.0.0.0/16'), parseCidr('10.0.2.0/23')) // true
 */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.version === inner.version &&
    outer.network <= inner.network &&
    cidrEnd(inner) <= cidrEnd(outer)
  );
}

/**
 * True when the blocks share at least one address. Blocks of different families never overlap.
 *
 * @example cidrsOverlap(parseCidr('10.0.2.0/23'), parseCidr('10.0.3.0/24')) // true
 */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.version === b.version && a.network < cidrEnd(b) && b.network < cidrEnd(a);
}

/**
 * True when `network` is a valid start for a block of `prefixLength` in that family: an integer prefix in range, an
 * address in range, and no bits set below the prefix. AWS accepts only such blocks as subnets.
 *
 * @example isAligned(0x0a000010n, 28, 4) // true: 10.0.0.16/28
 * @example isAligned(0x0a000010n, 27, 4) // false: 10.0.0.16 is not on a /27 boundary
 */
export function isAligned(network: bigint, prefixLength: number, version: IpVersion): boolean {
  const bits = addressBits(version);
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > bits) return false;
  if (network < 0n || network >= 1n << BigInt(bits)) return false;
  return (network & hostMask(prefixLength, version)) === 0n;
}

/**
 * Total order for sorting: IPv4 before IPv6, then by network address, then the larger block (shorter prefix) first.
 *
 * @example ['10.0.20.0/24', '10.0.2.0/23'].map(parseCidr).sort(compareCidrs) // 10.0.2.0/23 first
 */
export function compareCidrs(a: Cidr, b: Cidr): number {
  if (a.version !== b.version) return a.version - b.version;
  if (a.network !== b.network) return a.network < b.network ? -1 : 1;
  return a.prefixLength - b.prefixLength;
}
