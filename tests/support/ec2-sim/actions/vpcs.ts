import type {
  AssociateVpcCidrBlockRequest,
  CreateVpcRequest,
  DescribeVpcAttributeRequest,
  DescribeVpcsRequest,
  ModifyVpcAttributeRequest,
  Vpc,
} from '@aws-sdk/client-ec2';
import { cidrsOverlap, formatCidr, parseCidr, type Cidr } from '../cidr';
import type { ActionContext } from '../context';
import { Ec2SimError, simErrors } from '../errors';
import { applyFilters, type FilterSpec } from '../filters';
import { list, required } from '../input';
import { PAGE_RULES, paginate } from '../pagination';
import type { VpcRecord } from '../state';
import { tagList, tagsFromSpecifications } from '../tags';
import { action, type ActionTable } from './action';
import { createDefaultSecurityGroup } from './security-groups';
import { createMainRouteTable } from './route-tables';

/** 5 IPv4 CIDR blocks per VPC by default (VPC User Guide, "VPC and subnet quotas"). */
export const MAX_IPV4_BLOCKS_PER_VPC = 5;
/** Up to five IPv6 blocks per VPC (aws-facts.md, "Subnets and CIDRs"). */
const MAX_IPV6_BLOCKS_PER_VPC = 5;

/** Where simulated Amazon-provided IPv6 /56 blocks are carved from. */
const AMAZON_IPV6_BASE = (parseCidr('2600:1f18:4a00::/40') as Cidr).base;

const vpcFilters: FilterSpec<VpcRecord> = {
  fields: {
    'vpc-id': (vpc) => vpc.id,
    'owner-id': (vpc) => vpc.ownerId,
    cidr: (vpc) => vpc.cidrBlocks[0]?.cidr,
    'cidr-block-association.cidr-block': (vpc) => vpc.cidrBlocks.map((block) => block.cidr),
    'cidr-block-association.association-id': (vpc) => vpc.cidrBlocks.map((block) => block.associationId),
    'cidr-block-association.state': () => 'associated',
    'ipv6-cidr-block-association.ipv6-cidr-block': (vpc) => vpc.ipv6Blocks.map((block) => block.cidr),
    'is-default': () => false,
    state: () => 'available',
  },
  tags: (vpc) => vpc.tags,
};

export const vpcActions: ActionTable = {
  CreateVpc: action<CreateVpcRequest>((ctx, input) => {
    const cidr = vpcBlock(required(input.CidrBlock, 'CidrBlock'));
    const tags = tagsFromSpecifications(input.TagSpecifications, 'vpc');
    const id = ctx.newId('vpc');
    const vpc: VpcRecord = {
      id,
      ownerId: ctx.account,
      createdAt: ctx.now,
      tags,
      cidrBlocks: [{ associationId: ctx.newId('vpc-cidr-assoc'), cidr: formatCidr(cidr) }],
      // Non-default VPCs start with DNS support on and DNS hostnames off (VPC User Guide, "DNS attributes").
      dnsSupport: true,
      dnsHostnames: false,
      defaultGroupId: ctx.newId('sg'),
      mainRouteTableId: ctx.newId('rtb'),
      ipv6Blocks: [],
    };
    if (input.AmazonProvidedIpv6CidrBlock) vpc.ipv6Blocks.push(allocateIpv6Block(ctx));
    ctx.state.vpcs.set(id, vpc);
    createMainRouteTable(ctx, vpc);
    createDefaultSecurityGroup(ctx, vpc);
    return { Vpc: vpcView(ctx, vpc) };
  }),

  /**
   * The account's default VPC: 172.31.0.0/16, DNS hostnames on, a /20 default subnet in each zone (VPC User Guide,
   * "Default VPCs"); DefaultVpcAlreadyExists when the account has one (EC2 API reference, CreateDefaultVpc).
   */
  CreateDefaultVpc: action<Record<string, unknown>>((ctx) => {
    if ([...ctx.state.vpcs.values()].some((vpc) => vpc.ownerId === ctx.account && vpc.isDefault === true)) {
      throw new Ec2SimError('DefaultVpcAlreadyExists', 'A Default VPC already exists for this account in this region.');
    }
    const id = ctx.newId('vpc');
    const vpc: VpcRecord = {
      id,
      ownerId: ctx.account,
      createdAt: ctx.now,
      tags: new Map(),
      cidrBlocks: [{ associationId: ctx.newId('vpc-cidr-assoc'), cidr: '172.31.0.0/16' }],
      dnsSupport: true,
      dnsHostnames: true,
      defaultGroupId: ctx.newId('sg'),
      mainRouteTableId: ctx.newId('rtb'),
      ipv6Blocks: [],
      isDefault: true,
    };
    ctx.state.vpcs.set(id, vpc);
    createMainRouteTable(ctx, vpc);
    createDefaultSecurityGroup(ctx, vpc);
    ctx.env.zones.ids.forEach((zoneId, index) => {
      const subnetId = ctx.newId('subnet');
      const cidr = `172.31.${index * 16}.0/20`;
      ctx.state.subnets.set(subnetId, { id: subnetId, ownerId: ctx.account, createdAt: ctx.now, tags: new Map(), vpcId: id, cidr, zoneId, sharedWith: new Set() });
    });
    return { Vpc: vpcView(ctx, vpc) };
  }),

  DescribeVpcs: action<DescribeVpcsRequest>((ctx, input) => {
    const ids = list(input.VpcIds);
    const candidates = ids.length > 0 ? ids.map((id) => ctx.vpc(id, true)) : [...ctx.state.vpcs.values()].filter((vpc) => ctx.isListed(vpc));
    const { page, nextToken } = paginate(applyFilters(candidates, input.Filters, vpcFilters), input, PAGE_RULES.standard, ctx.env.faults.maxPageSize);
    return { Vpcs: page.map((vpc) => vpcView(ctx, vpc)), NextToken: nextToken };
  }),

  DescribeVpcAttribute: action<DescribeVpcAttributeRequest>((ctx, input) => {
    const vpc = ctx.vpc(required(input.VpcId, 'VpcId'), true);
    switch (input.Attribute) {
      case 'enableDnsSupport':
        return { VpcId: vpc.id, EnableDnsSupport: { Value: vpc.dnsSupport } };
      case 'enableDnsHostnames':
        return { VpcId: vpc.id, EnableDnsHostnames: { Value: vpc.dnsHostnames } };
      case undefined:
        throw simErrors.missingParameter('Attribute');
      default:
        throw simErrors.invalidParameterValue(`Value (${input.Attribute}) for parameter attribute is invalid.`);
    }
  }),

  ModifyVpcAttribute: action<ModifyVpcAttributeRequest>((ctx, input) => {
    const vpc = ctx.ownVpc(required(input.VpcId, 'VpcId'));
    const support = input.EnableDnsSupport?.Value;
    const hostnames = input.EnableDnsHostnames?.Value;
    if ((support === undefined) === (hostnames === undefined)) {
      throw simErrors.invalidParameterValue('Exactly one attribute can be modified in a single request.');
    }
    // DNS hostnames need DNS support (VPC User Guide, "DNS attributes for your VPC").
    if (hostnames === true && !vpc.dnsSupport) {
      throw simErrors.invalidParameterValue('enableDnsHostnames can only be enabled when enableDnsSupport is enabled.');
    }
    if (support !== undefined) vpc.dnsSupport = support;
    if (hostnames !== undefined) vpc.dnsHostnames = hostnames;
    return {};
  }),

  AssociateVpcCidrBlock: action<AssociateVpcCidrBlockRequest>((ctx, input) => {
    const vpc = ctx.ownVpc(required(input.VpcId, 'VpcId'));
    if (input.AmazonProvidedIpv6CidrBlock) {
      // Up to five IPv6 blocks per VPC (aws-facts.md, "Subnets and CIDRs").
      if (vpc.ipv6Blocks.length >= MAX_IPV6_BLOCKS_PER_VPC) {
        throw new Ec2SimError('CidrLimitExceeded', `This network '${vpc.id}' has met its maximum number of allowed IPv6 CIDRs: ${MAX_IPV6_BLOCKS_PER_VPC}`);
      }
      const block = allocateIpv6Block(ctx);
      vpc.ipv6Blocks.push(block);
      return {
        VpcId: vpc.id,
        Ipv6CidrBlockAssociation: {
          AssociationId: block.associationId,
          Ipv6CidrBlock: block.cidr,
          Ipv6CidrBlockState: { State: 'associated' },
          NetworkBorderGroup: ctx.region,
          Ipv6Pool: 'Amazon',
        },
      };
    }
    const cidr = vpcBlock(required(input.CidrBlock, 'CidrBlock'));
    if (vpc.cidrBlocks.length >= MAX_IPV4_BLOCKS_PER_VPC) {
      throw new Ec2SimError('CidrLimitExceeded', `This network '${vpc.id}' has met its maximum number of allowed CIDRs: ${MAX_IPV4_BLOCKS_PER_VPC}`);
    }
    if (vpc.cidrBlocks.some((block) => cidrsOverlap(parseCidr(block.cidr) as Cidr, cidr))) {
      throw new Ec2SimError('InvalidVpc.Range', `The CIDR '${formatCidr(cidr)}' conflicts with another CIDR block of the VPC.`);
    }
    const block = { associationId: ctx.newId('vpc-cidr-assoc'), cidr: formatCidr(cidr) };
    vpc.cidrBlocks.push(block);
    return {
      VpcId: vpc.id,
      CidrBlockAssociation: { AssociationId: block.associationId, CidrBlock: block.cidr, CidrBlockState: { State: 'associated' } },
    };
  }),
};

/** The SDK's Vpc for a record. */
export function vpcView(_ctx: ActionContext, vpc: VpcRecord): Vpc {
  return {
    VpcId: vpc.id,
    OwnerId: vpc.ownerId,
    State: 'available',
    CidrBlock: vpc.cidrBlocks[0]?.cidr,
    CidrBlockAssociationSet: vpc.cidrBlocks.map((block) => ({
      AssociationId: block.associationId,
      CidrBlock: block.cidr,
      CidrBlockState: { State: 'associated' },
    })),
    Ipv6CidrBlockAssociationSet:
      vpc.ipv6Blocks.length > 0
        ? vpc.ipv6Blocks.map((block) => ({
            AssociationId: block.associationId,
            Ipv6CidrBlock: block.cidr,
            Ipv6CidrBlockState: { State: 'associated' },
            NetworkBorderGroup: _ctx.region,
            Ipv6Pool: 'Amazon',
          }))
        : undefined,
    DhcpOptionsId: 'dopt-00000000000000001',
    InstanceTenancy: 'default',
    IsDefault: vpc.isDefault === true,
    Tags: tagList(vpc.tags),
  };
}

/** VPC blocks are /16 to /28, like subnets (VPC User Guide, "VPC CIDR blocks"). */
function vpcBlock(text: string): Cidr {
  const cidr = parseCidr(text);
  if (!cidr || cidr.version !== 4 || cidr.prefix < 16 || cidr.prefix > 28) {
    throw new Ec2SimError('InvalidVpc.Range', `The CIDR '${text}' is invalid.`);
  }
  return cidr;
}

function allocateIpv6Block(ctx: ActionContext): { associationId: string; cidr: string } {
  const base = AMAZON_IPV6_BASE + (BigInt(ctx.state.nextIpv6Block++) << 72n);
  return { associationId: ctx.newId('vpc-cidr-assoc'), cidr: formatCidr({ version: 6, base, prefix: 56 }) };
}
