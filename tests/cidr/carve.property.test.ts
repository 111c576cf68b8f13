import fc from 'fast-check';
import { carveEndpointBlocks, carveIpv6Blocks, formatCidr, freeBlocks, isAligned, parseCidr, type Cidr } from '../../lib/cidr';
import { CidrExhaustedError } from '../../lib/errors';
import { contains, freeAlignedBlocks, largestFreeBlock, overlaps, regions, toBlock, toText, type Block } from './brute-force';

interface Layout {
  vpcBlocks: string[];
  existingSubnets: string[];
  prefixLength: number;
  azIds: string[];
  within?: string;
  preferredBlocks?: string[];
}

const AZ_POOL = ['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5', 'use1-az6', 'euw1-az10', 'euw1-az2'];

/** The aligned block of `prefix` at slot `position` (wrapped) inside `outer`. */
function blockInside(outer: Block, prefix: number, position: number): Block {
  const size = 2 ** (32 - prefix);
  const slots = outer.size / size;
  return { start: outer.start + (position % slots) * size, size };
}

/**
 * Random VPC layouts: 1–5 disjoint blocks of /16–/26 spread over 10.0.0.0/13 (so some are adjacent), up to 40 aligned
 * non-overlapping subnets of /17–/28 inside them, a prefix of 16–28, 1–6 AZs, and sometimes a range to stay within
 * (around one of the blocks, inside it, or now and then outside the VPC).
 */
const layouts: fc.Arbitrary<Layout> = fc
  .record({
    blocks: fc.array(fc.record({ slot: fc.nat(7), prefix: fc.integer({ min: 16, max: 26 }), position: fc.nat() }), { minLength: 1, maxLength: 5 }),
    subnets: fc.array(fc.record({ block: fc.nat(), extra: fc.integer({ min: 1, max: 12 }), position: fc.nat() }), { maxLength: 40 }),
    prefixLength: fc.integer({ min: 16, max: 28 }),
    // Most of the time, no larger than the smallest VPC block, so that layouts exercise placement and not only refusal.
    fitsSomeBlock: fc.nat(3).map((draw) => draw !== 0),
    azIds: fc.uniqueArray(fc.constantFrom(...AZ_POOL), { minLength: 1, maxLength: 6 }),
    within: fc.option(fc.record({ block: fc.nat(), prefix: fc.nat(), position: fc.nat(), outside: fc.nat(4).map((draw) => draw === 0) }), { freq: 2 }),
  })
  .map(({ blocks, subnets, prefixLength: drawnPrefix, fitsSomeBlock, azIds, within }) => {
    const vpc: Block[] = [];
    for (const { slot, prefix, position } of blocks) {
      const block = blockInside({ start: 10 * 2 ** 24 + slot * 2 ** 16, size: 2 ** 16 }, prefix, position);
      if (!vpc.some((other) => overlaps(other, block))) vpc.push(block);
    }
    const taken: Block[] = [];
    for (const { block, extra, position } of subnets) {
      const outer = vpc[block % vpc.length] as Block;
      const prefix = Math.min(28, 32 - Math.log2(outer.size) + extra);
      const subnet = blockInside(outer, prefix, position);
      if (!taken.some((other) => overlaps(other, subnet))) taken.push(subnet);
    }
    const smallestBlockPrefix = Math.max(...vpc.map((block) => 32 - Math.log2(block.size)));
    const prefixLength = fitsSomeBlock ? Math.max(drawnPrefix, smallestBlockPrefix) : drawnPrefix;
    const layout: Layout = { vpcBlocks: vpc.map(toText), existingSubnets: taken.map(toText), prefixLength, azIds };
    if (within !== null) {
      // Any range of /16 up to the requested prefix: a range smaller than one block is a property error, not tested here.
      const prefix = 16 + (within.prefix % (prefixLength - 15));
      const around = vpc[within.block % vpc.length] as Block;
      const size = 2 ** (32 - prefix);
      const range = within.outside
        ? blockInside({ start: 192 * 2 ** 24 + 168 * 2 ** 16, size: 2 ** 16 }, prefix, within.position)
        : size >= around.size
          ? { start: Math.floor(around.start / size) * size, size }
          : blockInside(around, prefix, within.position);
      layout.within = toText(range);
    }
    return layout;
  });

function carve(layout: Layout): Map<string, string> | CidrExhaustedError {
  try {
    return carveEndpointBlocks(layout);
  } catch (error) {
    if (error instanceof CidrExhaustedError) return error;
    throw error;
  }
}

function allowedRegions(layout: Layout): Block[] {
  const within = layout.within === undefined ? undefined : toBlock(layout.within);
  return regions(layout.vpcBlocks.map((text) => toBlock(text) as Block), within);
}

function blocksOf(texts: Iterable<string>): Block[] {
  return [...texts].map((text) => toBlock(text) as Block);
}

describe('carveEndpointBlocks on random VPC layouts', () => {
  it('returns aligned blocks inside the VPC (and the range), clear of every subnet and of each other', () => {
    fc.assert(
      fc.property(layouts, (layout) => {
        const result = carve(layout);
        fc.pre(result instanceof Map);
        const allowed = allowedRegions(layout);
        const existing = blocksOf(layout.existingSubnets);
        const carved = [...result.values()];

        expect([...result.keys()]).toEqual([...layout.azIds].sort());
        carved.forEach((text, index) => {
          const cidr = parseCidr(text);
          const block = toBlock(text) as Block;
          expect(cidr.prefixLength).toBe(layout.prefixLength);
          expect(isAligned(cidr.network, cidr.prefixLength, cidr.version)).toBe(true);
          expect(allowed.some((region) => contains(region, block))).toBe(true);
          expect(existing.filter((subnet) => overlaps(subnet, block))).toEqual([]);
          expect(blocksOf(carved.slice(index + 1)).filter((other) => overlaps(other, block))).toEqual([]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('runs out only when no aligned block of the size is left for that AZ', () => {
    fc.assert(
      fc.property(layouts, (layout) => {
        const result = carve(layout);
        fc.pre(result instanceof CidrExhaustedError);
        const served = [...layout.azIds].sort();
        const failedAt = served.indexOf(result.azId);
        // AZs are served in sorted order, so carving for the earlier ones alone gives their blocks.
        const earlier = carveEndpointBlocks({ ...layout, azIds: served.slice(0, failedAt) });
        const allowed = allowedRegions(layout);
        const existing = blocksOf(layout.existingSubnets);
        const size = 2 ** (32 - layout.prefixLength);

        expect(failedAt).toBeGreaterThanOrEqual(0);
        expect(result.prefixLength).toBe(layout.prefixLength);
        expect(freeAlignedBlocks(allowed, [...existing, ...blocksOf(earlier.values())], size)).toEqual([]);
        // Every placement uses exactly one aligned slot, so no placement could have served more AZs.
        expect(freeAlignedBlocks(allowed, existing, size)).toHaveLength(failedAt);
        const largest = largestFreeBlock(allowed, existing);
        expect(result.largestFreeBlock).toBe(largest === undefined ? undefined : toText(largest));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result for the inputs in any order', () => {
    const shuffledLayouts = layouts.chain((layout) =>
      fc.record({
        layout: fc.constant(layout),
        shuffled: fc.record({
          vpcBlocks: fc.shuffledSubarray(layout.vpcBlocks, { minLength: layout.vpcBlocks.length }),
          existingSubnets: fc.shuffledSubarray(layout.existingSubnets, { minLength: layout.existingSubnets.length }),
          azIds: fc.shuffledSubarray(layout.azIds, { minLength: layout.azIds.length }),
        }),
      }),
    );
    fc.assert(
      fc.property(shuffledLayouts, ({ layout, shuffled }) => {
        const original = carve(layout);
        const permuted = carve({ ...layout, ...shuffled });

        if (original instanceof Map) {
          expect(permuted instanceof Map ? [...permuted.entries()] : permuted).toEqual([...original.entries()]);
        } else {
          expect(permuted).toBeInstanceOf(CidrExhaustedError);
          expect(permuted).toMatchObject({ azId: original.azId, largestFreeBlock: original.largestFreeBlock });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('both serves and runs out in the generated layouts (the generator exercises both paths)', () => {
    const outcomes = fc.sample(layouts, { numRuns: 300, seed: 42 }).map((layout) => carve(layout) instanceof Map);

    expect(outcomes.filter(Boolean).length).toBeGreaterThan(50);
    expect(outcomes.filter((served) => !served).length).toBeGreaterThan(50);
  });
});

describe('carveEndpointBlocks with preferred blocks (the application subnets\' blocks) on random VPC layouts', () => {
  const preferredLayouts = layouts
    .filter((layout) => layout.within === undefined)
    .chain((layout) => fc.record({ layout: fc.constant(layout), preferred: fc.subarray(layout.vpcBlocks, { minLength: 1 }) }));

  it('serves exactly the AZs the whole VPC would, and leaves the preferred blocks only once they are full', () => {
    fc.assert(
      fc.property(preferredLayouts, ({ layout, preferred }) => {
        const plain = carve(layout);
        const result = carve({ ...layout, preferredBlocks: preferred });

        if (!(plain instanceof Map)) {
          // The number of aligned slots does not depend on where blocks go, so the same AZ runs out.
          expect(result).toBeInstanceOf(CidrExhaustedError);
          expect(result).toMatchObject({ azId: plain.azId, largestFreeBlock: plain.largestFreeBlock });
          return;
        }
        expect(result).toBeInstanceOf(Map);
        const blocks = result as Map<string, string>;
        expect([...blocks.keys()]).toEqual([...plain.keys()]);
        const preferredRegions = blocksOf(preferred);
        const inPreferred = (text: string) => preferredRegions.some((region) => contains(region, toBlock(text) as Block));
        const size = 2 ** (32 - layout.prefixLength);
        const preferredSlots = freeAlignedBlocks(preferredRegions, blocksOf(layout.existingSubnets), size).length;
        const sorted = [...blocks.entries()];
        const preferredCount = Math.min(sorted.length, preferredSlots);
        // The first AZs (sorted) take the preferred blocks' slots; the rest go elsewhere only because none is left.
        expect(sorted.slice(0, preferredCount).every(([, text]) => inPreferred(text))).toBe(true);
        expect(sorted.slice(preferredCount).some(([, text]) => inPreferred(text))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result for the VPC blocks, the preferred blocks and the AZs in any order', () => {
    const shuffled = preferredLayouts.chain(({ layout, preferred }) =>
      fc.record({
        layout: fc.constant(layout),
        preferred: fc.constant(preferred),
        vpcBlocks: fc.shuffledSubarray(layout.vpcBlocks, { minLength: layout.vpcBlocks.length }),
        preferredShuffled: fc.shuffledSubarray(preferred, { minLength: preferred.length }),
        azIds: fc.shuffledSubarray(layout.azIds, { minLength: layout.azIds.length }),
      }),
    );
    fc.assert(
      fc.property(shuffled, ({ layout, preferred, vpcBlocks, preferredShuffled, azIds }) => {
        const original = carve({ ...layout, preferredBlocks: preferred });
        const permuted = carve({ ...layout, vpcBlocks, azIds, preferredBlocks: preferredShuffled });

        if (original instanceof Map) expect(permuted instanceof Map ? [...permuted.entries()] : permuted).toEqual([...original.entries()]);
        else expect(permuted).toMatchObject({ azId: original.azId, largestFreeBlock: original.largestFreeBlock });
      }),
      { numRuns: 200 },
    );
  });
});

describe('freeBlocks on random VPC layouts', () => {
  it('lists disjoint, maximal free blocks that add up to the free space', () => {
    fc.assert(
      fc.property(layouts, (layout) => {
        const allowed = allowedRegions(layout);
        const existing = blocksOf(layout.existingSubnets);
        const free = blocksOf(freeBlocks(layout.vpcBlocks, layout.existingSubnets, layout.within));
        // Subnets are disjoint and so are regions, so the pairwise intersections add up to the used space.
        const intersection = (a: Block, b: Block) => Math.max(0, Math.min(a.start + a.size, b.start + b.size) - Math.max(a.start, b.start));
        const used = existing.reduce((sum, subnet) => sum + allowed.reduce((inside, region) => inside + intersection(region, subnet), 0), 0);
        const total = allowed.reduce((sum, region) => sum + region.size, 0);

        expect(free.reduce((sum, block) => sum + block.size, 0)).toBe(total - used);
        free.forEach((block, index) => {
          expect(allowed.some((region) => contains(region, block))).toBe(true);
          expect(existing.some((subnet) => overlaps(subnet, block))).toBe(false);
          expect(free.slice(index + 1).some((other) => overlaps(other, block))).toBe(false);
          // Maximal: the aligned block twice as large is not free inside one region.
          const parent = { start: Math.floor(block.start / (2 * block.size)) * 2 * block.size, size: 2 * block.size };
          const parentIsFree = allowed.some((region) => contains(region, parent)) && !existing.some((subnet) => overlaps(subnet, parent));
          expect(parentIsFree).toBe(false);
        });
        expect(free.map((block) => block.size)).toEqual(free.map((block) => block.size).sort((a, b) => b - a));
      }),
      { numRuns: 200 },
    );
  });
});

describe('carveIpv6Blocks on random /56 layouts', () => {
  const vpc56: Cidr = parseCidr('2600:1f18:abc:de00::/56');
  const slash64 = (index: number): string => formatCidr({ version: 6, network: vpc56.network + (BigInt(index) << 64n), prefixLength: 64 });

  it('returns free, distinct /64s inside the /56, or runs out only when fewer /64s are free than AZs', () => {
    const ipv6Layouts = fc.record({
      taken: fc.uniqueArray(fc.nat(255), { maxLength: 256 }),
      azIds: fc.uniqueArray(fc.constantFrom(...AZ_POOL), { minLength: 1, maxLength: 6 }),
    });
    fc.assert(
      fc.property(ipv6Layouts, ({ taken, azIds }) => {
        const existingSubnets = taken.map(slash64);
        const freeCount = 256 - taken.length;
        let result: Map<string, string> | CidrExhaustedError;
        try {
          result = carveIpv6Blocks({ vpcBlocks: [formatCidr(vpc56)], existingSubnets, azIds });
        } catch (error) {
          if (!(error instanceof CidrExhaustedError)) throw error;
          result = error;
        }

        if (result instanceof CidrExhaustedError) {
          expect(freeCount).toBeLessThan(azIds.length);
          expect(result.azId).toBe([...azIds].sort()[freeCount]);
          return;
        }
        const carved = [...result.values()];
        expect(new Set(carved).size).toBe(azIds.length);
        for (const text of carved) {
          const cidr = parseCidr(text);
          expect(cidr.prefixLength).toBe(64);
          expect(cidr.network >> 72n).toBe(vpc56.network >> 72n);
          expect(existingSubnets).not.toContain(text);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseCidr and formatCidr', () => {
  it('round-trip any aligned block of either family', () => {
    const cidrs = fc.oneof(
      fc.record({ version: fc.constant(4 as const), address: fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), prefixLength: fc.integer({ min: 0, max: 32 }) }),
      fc.record({ version: fc.constant(6 as const), address: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), prefixLength: fc.integer({ min: 0, max: 128 }) }),
    );
    fc.assert(
      fc.property(cidrs, ({ version, address, prefixLength }) => {
        const hostBits = BigInt((version === 4 ? 32 : 128) - prefixLength);
        const cidr: Cidr = { version, network: (address >> hostBits) << hostBits, prefixLength };

        const text = formatCidr(cidr);

        expect(parseCidr(text)).toEqual(cidr);
        expect(text).toBe(text.toLowerCase());
      }),
      { numRuns: 500 },
    );
  });
});
