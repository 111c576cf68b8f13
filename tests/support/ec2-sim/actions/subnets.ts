import type { CreateSubnetRequest, DeleteSubnetRequest, DescribeSubnetsRequest, Subnet } from '@aws-sdk/client-ec2';
import { cidrContains, cidrSize, cidrsOverlap, firstFreeBlock, formatCidr, parseCanonicalisedCidr, parseCidr, type Cidr } from '../cidr';
import type { ActionContext } from '../context';
import { Ec2SimError, simErrors } from '../errors';
import { applyFilters, type FilterSpec } from '../filters';
import { list, required } from '../input';
import { PAGE_RULES, paginate } from '../pagination';
import type { SubnetRecord, VpcRecord } from '../state';
import { tagList, tagsFromSpecifications } from '../tags';
import { appliedQuota } from '../quotas';
import { action, type ActionTable } from './action';

/** AWS reserves 5 addresses in every subnet (VPC User Guide, "Subnet CIDR blocks"). */
export const RESERVED_ADDRESSES = 5;

export const subnetActions: ActionTable = {
  CreateSubnet: action<CreateSubnetRequest>((ctx, input) => {
    const vpc = ctx.vpc(required(input.VpcId, 'VpcId'));
    // A RAM participant cannot create subnets in the owner's VPC (PrivateLink guide, "Shared subnets").
    if (vpc.ownerId !== ctx.account) throw simErrors.unauthorized();
    const zoneId = ctx.env.zones.resolve(ctx.account, input.AvailabilityZone, input.AvailabilityZoneId);
    const tags = tagsFromSpecifications(input.TagSpecifications, 'subnet');
    const siblings = subnetsOfVpc(ctx, vpc.id);
    // 200 subnets per VPC by default, adjustable (aws-facts.md, "Subnets and CIDRs"); error code from the EC2 API error codes.
    const maxSubnets = appliedQuota(ctx.state, ctx.account, 'subnetsPerVpc');
    if (siblings.length >= maxSubnets) {
      throw new Ec2SimError('SubnetLimitExceeded', `The maximum number of subnets (${maxSubnets}) has been reached for VPC '${vpc.id}'.`);
    }
    const poolId = input.Ipv4IpamPoolId;
    const cidr = poolId === undefined
      ? checkedIpv4Block(vpc, siblings, required(input.CidrBlock, 'CidrBlock'))
      : allocateFromPool(ctx, vpc, siblings, poolId, input.Ipv4NetmaskLength, input.CidrBlock);
    const ipv6 = input.Ipv6CidrBlock === undefined ? undefined : checkedIpv6Block(vpc, siblings, input.Ipv6CidrBlock);
    const subnet: SubnetRecord = {
      id: ctx.newId('subnet'),
      ownerId: ctx.account,
      createdAt: ctx.now,
      tags,
      vpcId: vpc.id,
      cidr: formatCidr(cidr),
      ipv6Block: ipv6 && { associationId: ctx.newId('subnet-cidr-assoc'), cidr: formatCidr(ipv6) },
      zoneId,
      sharedWith: new Set(),
      ipamPoolId: poolId,
    };
    if (poolId !== undefined) ctx.state.ipamPools.get(poolId)?.allocations.push({ cidr: subnet.cidr, resourceId: subnet.id });
    ctx.state.subnets.set(subnet.id, subnet);
    return { Subnet: subnetView(ctx, subnet) };
  }),

  DeleteSubnet: action<DeleteSubnetRequest>((ctx, input) => {
    const subnet = ctx.subnet(required(input.SubnetId, 'SubnetId'));
    if (subnet.ownerId !== ctx.account) throw simErrors.unauthorized();
    // DeleteSubnet fails while any ENI remains, endpoint ENIs included (aws-facts.md, "Subnets and CIDRs").
    if (ctx.enisInSubnet(subnet.id).length > 0) {
      throw simErrors.dependencyViolation(`The subnet '${subnet.id}' has dependencies and cannot be deleted.`);
    }
    for (const table of ctx.state.routeTables.values()) {
      const kept = table.subnetAssociations.filter((association) => association.subnetId !== subnet.id);
      table.subnetAssociations.splice(0, table.subnetAssociations.length, ...kept);
    }
    if (subnet.ipamPoolId !== undefined) {
      const pool = ctx.state.ipamPools.get(subnet.ipamPoolId);
      const index = pool?.allocations.findIndex((allocation) => allocation.resourceId === subnet.id) ?? -1;
      if (pool && index >= 0) pool.allocations.splice(index, 1);
    }
    ctx.state.subnets.delete(subnet.id);
    return {};
  }),

  DescribeSubnets: action<DescribeSubnetsRequest>((ctx, input) => {
    const ids = list(input.SubnetIds);
    const candidates = ids.length > 0
      ? ids.map((id) => ctx.subnet(id, true))
      : [...ctx.state.subnets.values()].filter((subnet) => ctx.isListed(subnet));
    const filters: FilterSpec<SubnetRecord> = {
      fields: {
        'vpc-id': (subnet) => subnet.vpcId,
        'subnet-id': (subnet) => subnet.id,
        'availability-zone': (subnet) => ctx.zoneName(subnet.zoneId),
        'availability-zone-id': (subnet) => subnet.zoneId,
        'cidr-block': (subnet) => subnet.cidr,
        'ipv6-cidr-block-association.ipv6-cidr-block': (subnet) => [subnet.ipv6Block?.cidr],
        'owner-id': (subnet) => subnet.ownerId,
        state: () => 'available',
        'default-for-az': () => false,
        'available-ip-address-count': (subnet) => availableAddresses(ctx, subnet),
      },
      tags: (subnet) => subnet.tags,
    };
    const { page, nextToken } = paginate(applyFilters(candidates, input.Filters, filters), input, PAGE_RULES.standard, ctx.env.faults.maxPageSize);
    return { Subnets: page.map((subnet) => subnetView(ctx, subnet)), NextToken: nextToken };
  }),
};

/** Usable addresses: size minus the 5 AWS reserves minus one per ENI (VPC User Guide, "Subnet CIDR blocks"). */
export function availableAddresses(ctx: ActionContext, subnet: SubnetRecord): number {
  const size = Number(cidrSize(parseCidr(subnet.cidr) as Cidr));
  return size - RESERVED_ADDRESSES - ctx.enisInSubnet(subnet.id).length;
}

/** The SDK's Subnet for a record; zone names in the caller's mapping. */
export function subnetView(ctx: ActionContext, subnet: SubnetRecord): Subnet {
  return {
    SubnetId: subnet.id,
    SubnetArn: `arn:aws:ec2:${ctx.region}:${subnet.ownerId}:subnet/${subnet.id}`,
    VpcId: subnet.vpcId,
    CidrBlock: subnet.cidr,
    AvailabilityZone: ctx.zoneName(subnet.zoneId),
    AvailabilityZoneId: subnet.zoneId,
    AvailableIpAddressCount: availableAddresses(ctx, subnet),
    OwnerId: subnet.ownerId,
    State: 'available',
    DefaultForAz: false,
    MapPublicIpOnLaunch: false,
    AssignIpv6AddressOnCreation: false,
    Ipv6Native: false,
    Ipv6CidrBlockAssociationSet: subnet.ipv6Block
      ? [{ AssociationId: subnet.ipv6Block.associationId, Ipv6CidrBlock: subnet.ipv6Block.cidr, Ipv6CidrBlockState: { State: 'associated' } }]
      : [],
    Tags: tagList(subnet.tags),
  };
}

function subnetsOfVpc(ctx: ActionContext, vpcId: string): SubnetRecord[] {
  return [...ctx.state.subnets.values()].filter((subnet) => subnet.vpcId === vpcId);
}

function vpcIpv4Blocks(vpc: VpcRecord): Cidr[] {
  return vpc.cidrBlocks.map((block) => parseCidr(block.cidr) as Cidr);
}

/**
 * A requested IPv4 subnet block: /16–/28, inside one VPC block, overlapping no other subnet
 * (aws-facts.md, "Subnets and CIDRs"; compared as numbers, never as strings).
 */
function checkedIpv4Block(vpc: VpcRecord, siblings: readonly SubnetRecord[], text: string): Cidr {
  // Host bits are cleared, not refused (EC2 API reference, CreateSubnet; aws-facts.md, "Subnets and CIDRs").
  const cidr = parseCanonicalisedCidr(text);
  if (!cidr || cidr.version !== 4 || cidr.prefix < 16 || cidr.prefix > 28) {
    throw new Ec2SimError('InvalidSubnet.Range', `The CIDR '${text}' is invalid.`);
  }
  if (!vpcIpv4Blocks(vpc).some((block) => cidrContains(block, cidr))) {
    throw new Ec2SimError('InvalidSubnet.Range', `The CIDR '${text}' is invalid.`);
  }
  if (siblings.some((other) => cidrsOverlap(parseCidr(other.cidr) as Cidr, cidr))) {
    throw new Ec2SimError('InvalidSubnet.Conflict', `The CIDR '${text}' conflicts with another subnet`);
  }
  return cidr;
}

/** An IPv6 subnet is a /64 inside the VPC's /56 (aws-facts.md, "Subnets and CIDRs"). */
/** IPv6 subnets take a netmask from /44 to /64 in steps of /4 (aws-facts.md, "Subnets and CIDRs"). */
const IPV6_SUBNET_PREFIXES = [44, 48, 52, 56, 60, 64];

function checkedIpv6Block(vpc: VpcRecord, siblings: readonly SubnetRecord[], text: string): Cidr {
  const cidr = parseCidr(text);
  const inVpc = cidr !== undefined && vpc.ipv6Blocks.some((block) => cidrContains(parseCidr(block.cidr) as Cidr, cidr));
  if (!cidr || cidr.version !== 6 || !IPV6_SUBNET_PREFIXES.includes(cidr.prefix) || !inVpc) {
    throw new Ec2SimError('InvalidSubnet.Range', `The IPv6 CIDR '${text}' is invalid.`);
  }
  if (siblings.some((other) => other.ipv6Block && cidrsOverlap(parseCidr(other.ipv6Block.cidr) as Cidr, cidr))) {
    throw new Ec2SimError('InvalidSubnet.Conflict', `The IPv6 CIDR '${text}' conflicts with another subnet`);
  }
  return cidr;
}

/**
 * Allocates the first free aligned block of the netmask from an IPAM pool that also fits in one of
 * the VPC's blocks and misses the VPC's other subnets.
 */
function allocateFromPool(
  ctx: ActionContext,
  vpc: VpcRecord,
  siblings: readonly SubnetRecord[],
  poolId: string,
  netmask: number | undefined,
  explicitCidr: string | undefined,
): Cidr {
  const pool = ctx.state.ipamPools.get(poolId);
  if (!pool || pool.ownerId !== ctx.account) throw new Ec2SimError('InvalidIpamPoolId.NotFound', `The pool ID '${poolId}' does not exist`);
  // Only a resource planning pool whose source resource is this VPC serves its subnets (aws-facts.md, "Interface
  // endpoints": EC2 API reference, CreateSubnet; terraform-provider-aws PR #44705). EC2's exact code is not documented.
  if (pool.sourceVpcId !== vpc.id) {
    throw simErrors.invalidParameterValue(`The IPAM pool '${poolId}' is not a resource planning pool with VPC '${vpc.id}' as its source resource.`);
  }
  const taken = [...pool.allocations.map((allocation) => allocation.cidr), ...siblings.map((subnet) => subnet.cidr)].map(
    (text) => parseCidr(text) as Cidr,
  );
  // An explicit CidrBlock may go with the pool: that block is allocated (aws-facts.md; terraform-provider-aws #46257).
  if (explicitCidr !== undefined) {
    const cidr = checkedIpv4Block(vpc, siblings, explicitCidr);
    if (netmask !== undefined && netmask !== cidr.prefix) {
      throw new Ec2SimError('InvalidParameterCombination', `Ipv4NetmaskLength /${netmask} does not match CidrBlock ${explicitCidr}.`);
    }
    if (!pool.cidrs.some((text) => cidrContains(parseCidr(text) as Cidr, cidr)) || taken.some((other) => cidrsOverlap(other, cidr))) {
      throw new Ec2SimError('InsufficientCidrBlocks', `The IPAM pool '${poolId}' cannot allocate ${explicitCidr}.`);
    }
    return cidr;
  }
  const prefix = required(netmask, 'Ipv4NetmaskLength');
  if (prefix < 16 || prefix > 28) throw new Ec2SimError('InvalidSubnet.Range', `The netmask length /${prefix} is invalid.`);
  for (const poolBlock of pool.cidrs.map((text) => parseCidr(text) as Cidr)) {
    for (const vpcBlock of vpcIpv4Blocks(vpc)) {
      const overlap = cidrContains(poolBlock, vpcBlock) ? vpcBlock : cidrContains(vpcBlock, poolBlock) ? poolBlock : undefined;
      const block = overlap && firstFreeBlock(overlap, prefix, taken);
      if (block) return block;
    }
  }
  throw new Ec2SimError('InsufficientCidrBlocks', `The IPAM pool '${poolId}' does not have a free /${prefix} inside VPC '${vpc.id}'.`);
}
