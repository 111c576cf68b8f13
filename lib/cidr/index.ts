/**
 * CIDR arithmetic (IPv4 and IPv6, on bigint) and the endpoint-block allocator. Pure: no I/O, no AWS SDK.
 *
 * - `cidr/address.ts`: the Cidr value, parsing and canonical formatting.
 * - `cidr/relations.ts`: size, containment, overlap, alignment, order.
 * - `cidr/free-space.ts`: VPC blocks minus subnets as sorted ranges, and maximal aligned blocks.
 * - `cidr/allocator.ts`: one block per AZ (best fit, top placement), and the free-block listing.
 */
export { type Cidr, type IpVersion, formatCidr, parseCidr, tryParseCidr } from './address';
export { cidrContains, cidrSize, cidrsOverlap, compareCidrs, isAligned } from './relations';
export {
  type CarveRequest,
  carveEndpointBlocks,
  carveIpv6Blocks,
  freeBlocks,
  IPV6_SUBNET_PREFIX,
  MAX_IPV4_SUBNET_PREFIX,
  MIN_IPV4_SUBNET_PREFIX,
} from './allocator';
