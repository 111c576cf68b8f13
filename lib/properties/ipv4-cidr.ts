/**
 * Just enough IPv4 CIDR parsing to validate the CidrRange property: canonical text, no host bits.
 * (Carving lives in lib/cidr.ts; this module only answers "is this a usable range as written?".)
 */

/** A parsed IPv4 CIDR: the network address as an unsigned 32-bit number and the prefix length. */
export interface Ipv4Cidr {
  readonly address: number;
  readonly prefixLength: number;
}

// Decimal octets without leading zeros ("010" is octal to some tools and ambiguous), prefix 0–32.
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const CIDR_PATTERN = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}/(3[0-2]|[12]?\\d)$`);

/** Either the CIDR, or why the text is not a canonical IPv4 CIDR. */
export type CidrReading = { readonly cidr: Ipv4Cidr } | { readonly problem: string };

/**
 * Parses `a.b.c.d/n`. A block with host bits set (`10.0.0.5/24`) is refused, naming the network
 * it probably meant, because EC2 would silently round it and carve somewhere unexpected.
 *
 * @example
 * readIpv4Cidr('10.0.0.0/24') // => { cidr: { address: 167772160, prefixLength: 24 } }
 * readIpv4Cidr('10.0.0.5/24') // => { problem: 'has host bits set; the network is 10.0.0.0/24' }
 */
export function readIpv4Cidr(text: string): CidrReading {
  const match = CIDR_PATTERN.exec(text);
  if (match === null) return { problem: 'is not an IPv4 CIDR block such as "10.0.16.0/20"' };
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  const address = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const network = networkOf(address, prefixLength);
  if (network !== address) {
    return { problem: `has host bits set; the network is ${formatIpv4(network)}/${prefixLength}` };
  }
  return { cidr: { address, prefixLength } };
}

function networkOf(address: number, prefixLength: number): number {
  const blockSize = 2 ** (32 - prefixLength);
  return Math.floor(address / blockSize) * blockSize;
}

function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}
