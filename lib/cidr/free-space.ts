/**
 * Free address space of one family: the VPC blocks (optionally clipped to a range) minus the existing subnets, as sorted
 * half-open ranges, and the decomposition of a range into maximal aligned blocks.
 *
 * Everything here is one sort plus linear sweeps, so the cost is O(n log n) in the number of blocks and subnets.
 */
import { addressBits, type Cidr, type IpVersion } from './address';
import { cidrEnd, compareCidrs } from './relations';

/** Half-open [start, end) range of addresses. */
export interface AddressRange {
  readonly start: bigint;
  readonly end: bigint;
}

/**
 * The ranges an endpoint subnet may occupy: each VPC block, clipped to `within` when given, sorted by address.
 * Blocks are never merged with their neighbours, even when adjacent, because a subnet must lie inside a single VPC
 * block; a block that lies inside another (AWS forbids it, but observation may be odd) is dropped.
 */
export function allowedRanges(vpcBlocks: readonly Cidr[], within?: Cidr): AddressRange[] {
  const sorted = [...vpcBlocks].sort(compareCidrs);
  const ranges: AddressRange[] = [];
  let coveredUpTo = -1n;
  for (const block of sorted) {
    const end = cidrEnd(block);
    if (end <= coveredUpTo) continue;
    // Aligned blocks either nest or are disjoint; sorting puts the larger first, so a survivor starts past coverage.
    coveredUpTo = end;
    const start = within === undefined ? block.network : max(block.network, within.network);
    const clippedEnd = within === undefined ? end : min(end, cidrEnd(within));
    if (start < clippedEnd) ranges.push({ start, end: clippedEnd });
  }
  return ranges;
}

/** The subnets as sorted, merged ranges (overlapping or adjacent subnets become one range). */
export function occupiedRanges(subnets: readonly Cidr[]): AddressRange[] {
  const sorted = [...subnets].sort(compareCidrs);
  const merged: { start: bigint; end: bigint }[] = [];
  for (const subnet of sorted) {
    const end = cidrEnd(subnet);
    const last = merged[merged.length - 1];
    if (last !== undefined && subnet.network <= last.end) {
      last.end = max(last.end, end);
    } else {
      merged.push({ start: subnet.network, end });
    }
  }
  return merged;
}

/**
 * The allowed ranges minus the occupied ones, in address order. Both inputs must be sorted (as the two functions above
 * return them); one merged pass over both.
 */
export function freeRanges(allowed: readonly AddressRange[], occupied: readonly AddressRange[]): AddressRange[] {
  const free: AddressRange[] = [];
  let first = 0;
  for (const range of allowed) {
    while (first < occupied.length && (occupied[first] as AddressRange).end <= range.start) first++;
    let cursor = range.start;
    // An occupied range may reach into the next allowed range, so `first` stays on it for the next round.
    for (let index = first; index < occupied.length; index++) {
      const taken = occupied[index] as AddressRange;
      if (taken.start >= range.end) break;
      if (taken.start > cursor) free.push({ start: cursor, end: taken.start });
      cursor = max(cursor, taken.end);
    }
    if (cursor < range.end) free.push({ start: cursor, end: range.end });
  }
  return free;
}

/**
 * Splits a range into the fewest aligned blocks, each as large as alignment and the range allow. Each is maximal: no
 * larger aligned block inside the range contains it.
 *
 * For example the IPv4 range 10.0.0.16 up to (not including) 10.0.1.0 gives 10.0.0.16/28, 10.0.0.32/27, 10.0.0.64/26
 * and 10.0.0.128/25.
 */
export function maximalBlocks(range: AddressRange, version: IpVersion): Cidr[] {
  const bits = addressBits(version);
  const blocks: Cidr[] = [];
  let start = range.start;
  while (start < range.end) {
    const alignmentBits = start === 0n ? bits : bitLength(start & -start) - 1;
    const fitBits = bitLength(range.end - start) - 1;
    const hostBits = Math.min(alignmentBits, fitBits);
    blocks.push({ version, network: start, prefixLength: bits - hostBits });
    start += 1n << BigInt(hostBits);
  }
  return blocks;
}

/** Largest first (shortest prefix), then by address: the order of {@link freeBlocks}. */
export function compareLargestFirst(a: Cidr, b: Cidr): number {
  if (a.version !== b.version) return a.version - b.version;
  if (a.prefixLength !== b.prefixLength) return a.prefixLength - b.prefixLength;
  return compareCidrs(a, b);
}

function bitLength(value: bigint): number {
  return value.toString(2).length;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
