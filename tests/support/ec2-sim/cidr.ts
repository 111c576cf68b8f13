/**
 * Just enough CIDR arithmetic for the simulator, on bigint so comparisons are numeric
 * (the product's own lib/cidr/ is separate on purpose: the simulator must not share its bugs).
 */

export interface Cidr {
  readonly version: 4 | 6;
  /** The network address. */
  readonly base: bigint;
  readonly prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;

/** Parses `a.b.c.d/n` or an IPv6 CIDR; undefined when malformed or not aligned to its prefix. */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) return undefined;
  const [, addressText, prefixText] = match as unknown as [string, string, string];
  const version = addressText.includes(':') ? 6 : 4;
  const prefix = Number(prefixText);
  if (prefix > BITS[version]) return undefined;
  const base = version === 4 ? parseIpv4(addressText) : parseIpv6(addressText);
  if (base === undefined) return undefined;
  if ((base & hostMask(version, prefix)) !== 0n) return undefined;
  return { version, base, prefix };
}

/**
 * Like parseCidr, but host bits are cleared instead of refused: EC2 canonicalises a CreateSubnet CidrBlock
 * (EC2 API reference, CreateSubnet: "if you specify 100.68.0.18/18, we modify it to 100.68.0.0/18").
 */
export function parseCanonicalisedCidr(text: string): Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) return undefined;
  const [, addressText, prefixText] = match as unknown as [string, string, string];
  const version = addressText.includes(':') ? 6 : 4;
  const prefix = Number(prefixText);
  if (prefix > BITS[version]) return undefined;
  const address = version === 4 ? parseIpv4(addressText) : parseIpv6(addressText);
  if (address === undefined) return undefined;
  return { version, base: address & ~hostMask(version, prefix), prefix };
}

/** Number of addresses in the block. */
export function cidrSize(cidr: Cidr): bigint {
  return 1n << BigInt(BITS[cidr.version] - cidr.prefix);
}

/** True when `inner` lies wholly inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.version === inner.version &&
    inner.prefix >= outer.prefix &&
    inner.base >= outer.base &&
    inner.base + cidrSize(inner) <= outer.base + cidrSize(outer)
  );
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.version === b.version && a.base < b.base + cidrSize(b) && b.base < a.base + cidrSize(a);
}

export function formatCidr(cidr: Cidr): string {
  return `${formatAddress(cidr.version, cidr.base)}/${cidr.prefix}`;
}

export function formatAddress(version: 4 | 6, address: bigint): string {
  return version === 4 ? formatIpv4(address) : formatIpv6(address);
}

/**
 * The first aligned /`prefix` block inside `within` that overlaps none of `taken`; undefined when full.
 * Steps by block size, jumping past each collision, so it is fast even in a sparse /8.
 */
export function firstFreeBlock(within: Cidr, prefix: number, taken: readonly Cidr[]): Cidr | undefined {
  if (prefix < within.prefix || prefix > BITS[within.version]) return undefined;
  const size = 1n << BigInt(BITS[within.version] - prefix);
  const end = within.base + cidrSize(within);
  let candidate = within.base;
  while (candidate + size <= end) {
    const block: Cidr = { version: within.version, base: candidate, prefix };
    const collision = taken.find((other) => cidrsOverlap(block, other));
    if (!collision) return block;
    const afterCollision = collision.base + cidrSize(collision);
    // Round up to the next aligned start at or after the collision's end.
    candidate = ((afterCollision + size - 1n) / size) * size;
  }
  return undefined;
}

function hostMask(version: 4 | 6, prefix: number): bigint {
  return (1n << BigInt(BITS[version] - prefix)) - 1n;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.toLowerCase().split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 255n).toString()).join('.');
}

/** RFC 5952 form: lowercase, leading zeros dropped, the longest run of zero groups as `::`. */
function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, index) => Number((value >> BigInt(112 - 16 * index)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
