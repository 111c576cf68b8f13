/**
 * A reference for the allocator's property tests: IPv4 only, on plain numbers (an independent arithmetic from the
 * library's bigint), and deliberately naive: it enumerates every aligned block of a size and checks each one.
 */

/** IPv4 block as numbers: [start, start + size). */
export interface Block {
  readonly start: number;
  readonly size: number;
}

/** Parses IPv4 CIDR text; undefined for IPv6. No validation beyond what the generated layouts need. */
export function toBlock(text: string): Block | undefined {
  if (text.includes(':')) return undefined;
  const [address = '', prefix = ''] = text.split('/');
  const start = address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
  return { start, size: 2 ** (32 - Number(prefix)) };
}

export function toText(block: Block): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(block.start / 2 ** shift) % 256);
  return `${octets.join('.')}/${32 - Math.log2(block.size)}`;
}

export function overlaps(a: Block, b: Block): boolean {
  return a.start < b.start + b.size && b.start < a.start + a.size;
}

export function contains(outer: Block, inner: Block): boolean {
  return outer.start <= inner.start && inner.start + inner.size <= outer.start + outer.size;
}

/** The places a block may go: each VPC block, cut down to `within` when given (aligned blocks nest or are disjoint). */
export function regions(vpcBlocks: readonly Block[], within: Block | undefined): Block[] {
  if (within === undefined) return [...vpcBlocks];
  return vpcBlocks.flatMap((vpc) => (contains(within, vpc) ? [vpc] : contains(vpc, within) ? [within] : []));
}

/** Every aligned block of `size` inside one of the regions that overlaps nothing taken, lowest address first. */
export function freeAlignedBlocks(allowed: readonly Block[], taken: readonly Block[], size: number): Block[] {
  const found: Block[] = [];
  for (const region of [...allowed].sort((a, b) => a.start - b.start)) {
    for (let start = Math.ceil(region.start / size) * size; start + size <= region.start + region.size; start += size) {
      const candidate = { start, size };
      if (!taken.some((block) => overlaps(block, candidate))) found.push(candidate);
    }
  }
  return found;
}

/** The largest free aligned block (lowest address among equals), or undefined when nothing is free. */
export function largestFreeBlock(allowed: readonly Block[], taken: readonly Block[]): Block | undefined {
  for (let prefix = 0; prefix <= 32; prefix++) {
    const first = freeAlignedBlocks(allowed, taken, 2 ** (32 - prefix))[0];
    if (first !== undefined) return first;
  }
  return undefined;
}
