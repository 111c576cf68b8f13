/**
 * The endpoint-block allocator: one aligned block per AZ out of the VPC's free space.
 *
 * Where: the VPC blocks that hold the application subnets first (`preferredBlocks`); the VPC's other blocks only for the
 * AZs (the last ones in sorted order) those have no room for. Secondary blocks often hold EKS pod ranges or non-routable
 * space meant for something else, so the application's own range is where endpoint subnets belong.
 *
 * Strategy: best fit, top placement. Each AZ (in sorted order) takes the smallest free gap that holds an aligned block of
 * the size, ties going to the highest gap, and sits at the highest aligned position inside that gap. For one block
 * size the strategy cannot change how many AZs are served (every placement uses exactly one of the aligned slots), so it
 * is chosen for what it leaves behind: small holes are filled before large runs are cut, and the blocks sit at the
 * top of the range, away from subnets that teams add from the bottom upward.
 */
import { CidrExhaustedError, InvalidPropertiesError } from '../errors';
import { addressBits, formatCidr, parseCidr, tryParseCidr, type Cidr, type IpVersion } from './address';
import {
  allowedRanges,
  compareLargestFirst,
  freeRanges,
  maximalBlocks,
  occupiedRanges,
  type AddressRange,
} from './free-space';

/** The largest IPv4 subnet AWS allows, /16 (VPC User Guide, "Subnet CIDR blocks"). */
export const MIN_IPV4_SUBNET_PREFIX = 16;
/** The smallest IPv4 subnet AWS allows, /28: 16 addresses, 11 usable. */
export const MAX_IPV4_SUBNET_PREFIX = 28;
/** AWS IPv6 subnets are always /64. */
export const IPV6_SUBNET_PREFIX = 64;

/** What {@link carveEndpointBlocks} needs to know about the VPC and the request. */
export interface CarveRequest {
  /** The VPC's associated IPv4 CIDR blocks (primary and secondary); IPv6 ones are ignored. */
  readonly vpcBlocks: readonly string[];
  /** Every existing subnet CIDR in the VPC; IPv6 ones are ignored. */
  readonly existingSubnets: readonly string[];
  /** The size of each endpoint subnet, 16–28. */
  readonly prefixLength: number;
  readonly azIds: readonly string[];
  /** An IPv4 range (the CidrRange property) the blocks must stay inside; when given, `preferredBlocks` is ignored. */
  readonly within?: string;
  /**
   * VPC blocks to carve from first (those holding the application subnets); the other VPC blocks serve only the AZs
   * these have no room for. Blocks not among `vpcBlocks` are ignored. Empty or absent: the whole VPC, no preference.
   */
  readonly preferredBlocks?: readonly string[];
}

/**
 * One aligned IPv4 block per AZ id, inside one of the VPC blocks (and inside `within` if given), overlapping no existing
 * subnet and no other returned block; from `preferredBlocks` while they have room, in sorted AZ order, then from the
 * VPC's other blocks. The result does not depend on the order of any input list.
 *
 * @returns azId -> canonical CIDR text, in sorted AZ id order.
 * @throws InvalidPropertiesError when `prefixLength` is not 16–28 or `within` is not an IPv4 block that holds one.
 * @throws TypeError when a VPC block or subnet is not CIDR text.
 * @throws CidrExhaustedError for the first AZ (in sorted order) that cannot be served.
 * @example
 * carveEndpointBlocks({ vpcBlocks: ['10.0.0.0/16'], existingSubnets: ['10.0.0.0/24'], prefixLength: 28, azIds: ['use1-az2', 'use1-az1'] })
 * // Map { 'use1-az1' => '10.0.255.240/28', 'use1-az2' => '10.0.255.224/28' }
 */
export function carveEndpointBlocks(input: CarveRequest): Map<string, string> {
  const within = validateIpv4Request(input.prefixLength, input.within);
  const whole = freeSpace(4, input.vpcBlocks, input.existingSubnets, within);
  const azIds = [...new Set(input.azIds)].sort();
  const preferredKeys = new Set((input.preferredBlocks ?? []).map((text) => formatCidr(parseCidr(text))));
  const isPreferred = (block: string) => preferredKeys.has(formatCidr(parseCidr(block)));
  const preferred = input.vpcBlocks.filter(isPreferred);
  if (within !== undefined || preferred.length === 0) return requireAll(allocate(whole, input.prefixLength, 4, azIds), whole, input.prefixLength, 4, azIds);

  const first = allocate(freeSpace(4, preferred, input.existingSubnets), input.prefixLength, 4, azIds);
  const rest = azIds.filter((azId) => !first.has(azId));
  const second = allocate(freeSpace(4, input.vpcBlocks.filter((block) => !isPreferred(block)), input.existingSubnets), input.prefixLength, 4, rest);
  const blocks = new Map(azIds.flatMap((azId) => {
    const block = first.get(azId) ?? second.get(azId);
    return block === undefined ? [] : [[azId, block] as const];
  }));
  return requireAll(blocks, whole, input.prefixLength, 4, azIds);
}

/**
 * One /64 per AZ id from the VPC's IPv6 blocks (normally its one /56), avoiding existing IPv6 subnet CIDRs, with the
 * same strategy as {@link carveEndpointBlocks}. IPv4 entries in either list are ignored.
 *
 * @throws CidrExhaustedError (prefix 64) for the first AZ that cannot be served, also when the VPC has no IPv6 block.
 * @example
 * carveIpv6Blocks({ vpcBlocks: ['2600:1f18:abc:de00::/56'], existingSubnets: [], azIds: ['use1-az1'] })
 * // Map { 'use1-az1' => '2600:1f18:abc:deff::/64' }
 */
export function carveIpv6Blocks(input: {
  vpcBlocks: readonly string[];
  existingSubnets: readonly string[];
  azIds: readonly string[];
}): Map<string, string> {
  const free = freeSpace(6, input.vpcBlocks, input.existingSubnets);
  const azIds = [...new Set(input.azIds)].sort();
  return requireAll(allocate(free, IPV6_SUBNET_PREFIX, 6, azIds), free, IPV6_SUBNET_PREFIX, 6, azIds);
}

/**
 * The maximal free aligned blocks left in the VPC blocks once the existing subnets are taken out: IPv4 first, then
 * IPv6 (only IPv4 when `within` is given, since `within` is IPv4), each family largest first, then by address.
 *
 * @example freeBlocks(['10.0.0.0/24'], ['10.0.0.0/26']) // ['10.0.0.128/25', '10.0.0.64/26']
 */
export function freeBlocks(vpcBlocks: readonly string[], existingSubnets: readonly string[], within?: string): string[] {
  const withinBlock = within === undefined ? undefined : validateIpv4Request(undefined, within);
  const versions: IpVersion[] = withinBlock === undefined ? [4, 6] : [4];
  return versions.flatMap((version) =>
    maximalFreeBlocks(freeSpace(version, vpcBlocks, existingSubnets, withinBlock), version).map(formatCidr),
  );
}

function freeSpace(
  version: IpVersion,
  vpcBlocks: readonly string[],
  existingSubnets: readonly string[],
  within?: Cidr,
): AddressRange[] {
  const ofFamily = (texts: readonly string[]) => texts.map(parseCidr).filter((cidr) => cidr.version === version);
  return freeRanges(allowedRanges(ofFamily(vpcBlocks), within), occupiedRanges(ofFamily(existingSubnets)));
}

function maximalFreeBlocks(free: readonly AddressRange[], version: IpVersion): Cidr[] {
  return free.flatMap((range) => maximalBlocks(range, version)).sort(compareLargestFirst);
}

/** Checks the user's prefix length (when given) and range; returns the parsed range. Every problem at once. */
function validateIpv4Request(prefixLength: number | undefined, within: string | undefined): Cidr | undefined {
  const problems: string[] = [];
  if (
    prefixLength !== undefined &&
    !(Number.isInteger(prefixLength) && prefixLength >= MIN_IPV4_SUBNET_PREFIX && prefixLength <= MAX_IPV4_SUBNET_PREFIX)
  ) {
    problems.push(
      `SubnetPrefixLength must be an integer from ${MIN_IPV4_SUBNET_PREFIX} to ${MAX_IPV4_SUBNET_PREFIX} (the AWS subnet sizes); got ${prefixLength}.`,
    );
  }
  const block = within === undefined ? undefined : tryParseCidr(within);
  if (within !== undefined && block?.version !== 4) {
    problems.push(`CidrRange must be an IPv4 CIDR block without host bits (such as 10.0.128.0/20); got "${within}".`);
  } else if (block !== undefined && prefixLength !== undefined && block.prefixLength > prefixLength) {
    problems.push(`CidrRange "${within}" is smaller than one /${prefixLength} endpoint subnet; use a range of /${prefixLength} or larger.`);
  }
  if (problems.length > 0) throw new InvalidPropertiesError(problems);
  return block;
}

/** The blocks, when every AZ got one; else CidrExhaustedError for the first AZ without, naming the VPC's largest free block. */
function requireAll(
  blocks: Map<string, string>,
  free: readonly AddressRange[],
  prefixLength: number,
  version: IpVersion,
  azIds: readonly string[],
): Map<string, string> {
  const unserved = azIds.find((azId) => !blocks.has(azId));
  if (unserved === undefined) return blocks;
  const largest = maximalFreeBlocks(free, version)[0];
  throw new CidrExhaustedError(unserved, prefixLength, largest === undefined ? undefined : formatCidr(largest));
}

/**
 * Best fit, ties to the highest address, placed at the top of the gap (see the module comment for why). Serves the AZs
 * in sorted order until the space runs out: every block has the same size, so once one AZ finds no room, none after it
 * would. The AZs left out are absent from the result.
 */
function allocate(
  free: readonly AddressRange[],
  prefixLength: number,
  version: IpVersion,
  azIds: readonly string[],
): Map<string, string> {
  const hostBits = BigInt(addressBits(version) - prefixLength);
  const size = 1n << hostBits;
  const topSlot = (gap: AddressRange): bigint => ((gap.end - size) >> hostBits) << hostBits;
  const holdsBlock = (gap: AddressRange): boolean => gap.end - gap.start >= size && topSlot(gap) >= gap.start;

  // One sort of the gaps that can take a block. Placing a block leaves at most one gap that can still take one: the part
  // below it, smaller than the gap it came from and so than every gap after it. It is therefore always the tightest,
  // and the next AZ takes it before the sorted list moves on.
  const gaps = free.filter(holdsBlock).sort(tightestFirst);
  let nextGap = 0;
  let remnant: AddressRange | undefined;
  const blocks = new Map<string, string>();

  for (const azId of [...new Set(azIds)].sort()) {
    const chosen = remnant ?? gaps[nextGap++];
    if (chosen === undefined) break;
    const network = topSlot(chosen);
    blocks.set(azId, formatCidr({ version, network, prefixLength }));
    const below = { start: chosen.start, end: network };
    remnant = holdsBlock(below) ? below : undefined;
  }
  return blocks;
}

/** Smallest gap first; between equal sizes, the higher one. Gaps are disjoint, so this is a total order. */
function tightestFirst(a: AddressRange, b: AddressRange): number {
  const sizeA = a.end - a.start;
  const sizeB = b.end - b.start;
  if (sizeA !== sizeB) return sizeA < sizeB ? -1 : 1;
  return a.start === b.start ? 0 : a.start > b.start ? -1 : 1;
}
