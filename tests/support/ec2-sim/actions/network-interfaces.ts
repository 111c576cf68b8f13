import type { DescribeNetworkInterfacesRequest, NetworkInterface } from '@aws-sdk/client-ec2';
import { cidrSize, formatAddress, parseCidr, type Cidr } from '../cidr';
import type { ActionContext } from '../context';
import { Ec2SimError } from '../errors';
import { applyFilters, type FilterSpec } from '../filters';
import { list } from '../input';
import { PAGE_RULES, paginate } from '../pagination';
import type { EndpointRecord, NetworkInterfaceRecord, SubnetRecord } from '../state';
import { tagList } from '../tags';
import { action, type ActionTable } from './action';

/** The account AWS uses as requester of endpoint ENIs (RequesterManaged). */
const ENDPOINT_REQUESTER_ID = 'amazon-vpce';

export const networkInterfaceActions: ActionTable = {
  DescribeNetworkInterfaces: action<DescribeNetworkInterfacesRequest>((ctx, input) => {
    const ids = list(input.NetworkInterfaceIds);
    const candidates = ids.length > 0
      ? ids.map((id) => ctx.networkInterface(id, true))
      : [...ctx.state.networkInterfaces.values()].filter((eni) => ctx.isListed(eni) && ctx.eniExists(eni));
    const filters: FilterSpec<NetworkInterfaceRecord> = {
      fields: {
        'network-interface-id': (eni) => eni.id,
        'interface-type': (eni) => interfaceTypeOf(eni),
        'subnet-id': (eni) => eni.subnetId,
        'vpc-id': (eni) => eni.vpcId,
        'availability-zone': (eni) => ctx.zoneName(eni.zoneId),
        'availability-zone-id': (eni) => eni.zoneId,
        'group-id': (eni) => groupsOf(ctx, eni),
        'owner-id': (eni) => eni.ownerId,
        status: () => 'in-use',
        'private-ip-address': (eni) => eni.privateIp,
        'addresses.private-ip-address': (eni) => eni.privateIp,
        'requester-managed': (eni) => requesterOf(eni) !== undefined,
        'requester-id': (eni) => requesterOf(eni),
        'attachment.instance-id': (eni) => eni.foreign?.instanceId,
        description: (eni) => descriptionOf(eni),
      },
      tags: (eni) => eni.tags,
    };
    const { page, nextToken } = paginate(applyFilters(candidates, input.Filters, filters), input, PAGE_RULES.standard, ctx.env.faults.maxPageSize);
    return { NetworkInterfaces: page.map((eni) => networkInterfaceView(ctx, eni)), NextToken: nextToken };
  }),
};

/**
 * One endpoint ENI in the subnet, taking the lowest free address after the four AWS reserves at
 * the start (aws-facts.md: each chosen subnet gets one endpoint ENI, one IP).
 */
export function createEndpointEni(ctx: ActionContext, endpoint: EndpointRecord, subnet: SubnetRecord): NetworkInterfaceRecord {
  return placeEni(ctx, subnet, { ownerId: endpoint.ownerId, endpointId: endpoint.id });
}

/**
 * Another party's ENI in a subnet (an instance someone launched there, a Lambda, a load balancer): it blocks
 * DeleteSubnet, and DeleteSecurityGroup of its groups, until they remove it (aws-facts.md, "Subnets and CIDRs").
 */
export function createForeignEni(ctx: ActionContext, subnet: SubnetRecord, foreign: NonNullable<NetworkInterfaceRecord['foreign']>): NetworkInterfaceRecord {
  return placeEni(ctx, subnet, { ownerId: ctx.account, foreign });
}

function placeEni(
  ctx: ActionContext,
  subnet: SubnetRecord,
  owner: { ownerId: string; endpointId?: string; foreign?: NetworkInterfaceRecord['foreign'] },
): NetworkInterfaceRecord {
  const block = parseCidr(subnet.cidr) as Cidr;
  const used = new Set(ctx.enisInSubnet(subnet.id).map((eni) => eni.privateIp));
  const last = block.base + cidrSize(block) - 2n; // the broadcast address is reserved too
  let address: string | undefined;
  for (let candidate = block.base + 4n; candidate <= last; candidate++) {
    const text = formatAddress(4, candidate);
    if (!used.has(text)) {
      address = text;
      break;
    }
  }
  if (address === undefined) {
    throw new Ec2SimError('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnet.id}' to satisfy the requested number of instances.`);
  }
  const id = ctx.newId('eni');
  const eni: NetworkInterfaceRecord = {
    id,
    ...owner,
    createdAt: ctx.now,
    tags: new Map(),
    subnetId: subnet.id,
    vpcId: subnet.vpcId,
    zoneId: subnet.zoneId,
    privateIp: address,
    macAddress: `0e:${id.slice(-10).match(/../g)?.join(':')}`,
  };
  ctx.state.networkInterfaces.set(id, eni);
  return eni;
}

/** The live ENIs of an endpoint, in creation order. */
export function enisOfEndpoint(ctx: ActionContext, endpointId: string): NetworkInterfaceRecord[] {
  return [...ctx.state.networkInterfaces.values()].filter((eni) => eni.endpointId === endpointId && ctx.eniExists(eni));
}

/** The SDK's NetworkInterface for an endpoint ENI. */
export function networkInterfaceView(ctx: ActionContext, eni: NetworkInterfaceRecord): NetworkInterface {
  return {
    NetworkInterfaceId: eni.id,
    SubnetId: eni.subnetId,
    VpcId: eni.vpcId,
    AvailabilityZone: ctx.zoneName(eni.zoneId),
    AvailabilityZoneId: eni.zoneId,
    Description: descriptionOf(eni),
    Groups: groupsOf(ctx, eni).map((groupId) => ({ GroupId: groupId, GroupName: ctx.state.securityGroups.get(groupId)?.name })),
    InterfaceType: interfaceTypeOf(eni) as NetworkInterface['InterfaceType'],
    OwnerId: eni.ownerId,
    RequesterId: requesterOf(eni),
    RequesterManaged: requesterOf(eni) !== undefined,
    Attachment: eni.foreign?.instanceId !== undefined ? { InstanceId: eni.foreign.instanceId, Status: 'attached' } : undefined,
    Status: 'in-use',
    MacAddress: eni.macAddress,
    PrivateIpAddress: eni.privateIp,
    PrivateIpAddresses: [{ PrivateIpAddress: eni.privateIp, Primary: true }],
    Ipv6Addresses: [],
    SourceDestCheck: true,
    TagSet: tagList(eni.tags),
  };
}

/** The groups an ENI carries: an endpoint's follow the endpoint, even after it is deleted. */
export function groupsOf(ctx: ActionContext, eni: NetworkInterfaceRecord): string[] {
  if (eni.foreign) return [...eni.foreign.groupIds];
  return (eni.endpointId !== undefined ? ctx.state.endpoints.get(eni.endpointId)?.groupIds : undefined) ?? [];
}

/** Endpoint ENIs are of type `vpc_endpoint` (EC2 API reference, NetworkInterface: InterfaceType). */
function interfaceTypeOf(eni: NetworkInterfaceRecord): string {
  return eni.foreign?.interfaceType ?? 'vpc_endpoint';
}

/** Endpoint ENIs are requester-managed by the endpoint service; another party's only when it says so. */
function requesterOf(eni: NetworkInterfaceRecord): string | undefined {
  return eni.foreign ? eni.foreign.requesterId : ENDPOINT_REQUESTER_ID;
}

function descriptionOf(eni: NetworkInterfaceRecord): string {
  return eni.foreign?.description ?? `VPC Endpoint Interface ${eni.endpointId}`;
}
