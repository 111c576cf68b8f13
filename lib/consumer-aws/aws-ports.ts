/**
 * The consumer's ports (lib/consumer/ports.ts) over real clients: the hub account's EC2 and Route 53, the spoke
 * account's EC2 and Route 53, each injected already paced and signed for its account (lib/consumer-aws/run.ts builds
 * them the way the endpoints path does). The calls live here; turning their answers into the observation is the pure
 * half, lib/consumer/observed-from-aws.ts.
 *
 * Reads that do not depend on each other are issued together; each write is one AWS call, failing with AWS's code.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  RevokeSecurityGroupIngressCommand,
  type RouteTable,
  type ServiceDetail,
  type Vpc,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  AssociateVPCWithHostedZoneCommand,
  CreateVPCAssociationAuthorizationCommand,
  DeleteVPCAssociationAuthorizationCommand,
  DisassociateVPCFromHostedZoneCommand,
  GetHostedZoneCommand,
  GetHostedZoneLimitCommand,
  ListTagsForResourcesCommand,
  ListVPCAssociationAuthorizationsCommand,
  type VPCRegion,
} from '@aws-sdk/client-route-53';
import type { HubRef } from '../centralised/hub-contract';
import { HUB_TAG_KEYS } from '../centralised/hub-contract';
import { HTTPS_PORT } from '../consumer/claim';
import type { ObservedHub, ObservedIngressRule, ObservedPrivateDnsEndpoint, ObservedSpoke, ObservedSpokeZone } from '../consumer/observation';
import { bareZoneId, hubEndpointsReading, toObservedHubZone, toObservedIngressRules, toObservedRouteTables, toObservedSpokeZones } from '../consumer/observed-from-aws';
import type { ZoneAndVpc } from '../consumer/plan';
import type { ConsumerPorts, HubAccountPort, OrganizationsPort, SpokeAccountPort } from '../consumer/ports';
import { isEc2Error } from '../ec2/errors';
import type { Ec2Sender } from '../ec2/paced-client';
import { paginate } from '../ec2/paginate';
import { describeSecurityGroupRules } from '../ec2/security-group-rules';
import type { Tag } from '../properties/spec';
import { listPrivateHostedZones } from '../reconcile/hosted-zones';
import { tagsToRecord } from '../reconcile/ownership';
import { readVpcQuotas } from '../reconcile/service-quotas';
import type { Logger } from '../protocol/logger';

/** The clients of one account. */
export interface AccountClients {
  readonly ec2: Ec2Sender;
  readonly route53: Ec2Sender;
}

/** ListTagsForResources takes at most 10 zone IDs a call (Route 53 API reference, ListTagsForResources). */
const TAGS_BATCH = 10;

/** The hub account's reads and writes. */
export class AwsHubAccountPort implements HubAccountPort {
  constructor(
    private readonly clients: AccountClients & { readonly serviceQuotas?: Ec2Sender },
    private readonly log?: Logger,
  ) {}

  async observeHub(hub: HubRef, hubId: string): Promise<ObservedHub | undefined> {
    const { ec2 } = this.clients;
    const groups = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [hub.vpcId] }, { Name: `tag:${HUB_TAG_KEYS.hub}`, Values: [hubId] }] }),
    );
    const group = (groups.SecurityGroups ?? [])[0];
    if (group?.GroupId === undefined) return undefined;
    const groupId = group.GroupId;
    const [ingressRules, vpc, endpoints, zones, quotas] = await Promise.all([
      this.describeIngressRules(groupId),
      ec2.send(new DescribeVpcsCommand({ VpcIds: [hub.vpcId] })).then((output) => output.Vpcs?.[0]),
      describeAllEndpoints(ec2, hub.vpcId).then((all) => hubEndpointsReading(all, groupId)),
      this.hubZones(hub, hubId),
      readVpcQuotas(this.clients.serviceQuotas, this.log),
    ]);
    return {
      groupId,
      groupTags: tagsToRecord(group.Tags),
      ingressRules,
      vpcIpv4Blocks: blocksOf(vpc).ipv4,
      vpcIpv6Blocks: blocksOf(vpc).ipv6,
      dualStack: endpoints.dualStack,
      zones,
      endpointServiceNames: endpoints.serviceNames,
      inboundRulesQuota: quotas.quotas.rulesPerSecurityGroup,
    };
  }

  async describeIngressRules(groupId: string): Promise<readonly ObservedIngressRule[]> {
    return toObservedIngressRules(await describeSecurityGroupRules(this.clients.ec2, [{ Name: 'group-id', Values: [groupId] }]));
  }

  async authorizeHttpsIngress(input: { readonly groupId: string; readonly cidr: string; readonly tags: readonly Tag[] }): Promise<{ readonly ruleId: string }> {
    const ipv6 = input.cidr.includes(':');
    const output = await this.clients.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: input.groupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: HTTPS_PORT, ToPort: HTTPS_PORT, ...(ipv6 ? { Ipv6Ranges: [{ CidrIpv6: input.cidr }] } : { IpRanges: [{ CidrIp: input.cidr }] }) },
        ],
        TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: input.tags.map((tag) => ({ Key: tag.key, Value: tag.value })) }],
      }),
    );
    return { ruleId: output.SecurityGroupRules?.[0]?.SecurityGroupRuleId ?? '' };
  }

  async revokeIngressRule(input: { readonly groupId: string; readonly ruleId: string }): Promise<void> {
    await this.clients.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: input.groupId, SecurityGroupRuleIds: [input.ruleId] }));
  }

  async createVpcAssociationAuthorization(pair: ZoneAndVpc): Promise<void> {
    await this.clients.route53.send(new CreateVPCAssociationAuthorizationCommand({ HostedZoneId: pair.zoneId, VPC: vpcOf(pair) }));
  }

  async deleteVpcAssociationAuthorization(pair: ZoneAndVpc): Promise<void> {
    await this.clients.route53.send(new DeleteVPCAssociationAuthorizationCommand({ HostedZoneId: pair.zoneId, VPC: vpcOf(pair) }));
  }

  /**
   * The zones of the hub's account associated with the hub VPC and tagged with this hub: their tags in batches, then
   * each zone's VPCs, limit and pending authorisations, together.
   */
  private async hubZones(hub: HubRef, hubId: string): Promise<ObservedHub['zones']> {
    const listing = await listPrivateHostedZones(this.clients.route53, hub.vpcId, hub.region, this.log);
    if ('skipped' in listing) throw new Error(`Could not list the hub's hosted zones (ListHostedZonesByVPC): ${listing.skipped.error}`);
    const ownZones = listing.zones.filter((zone) => zone.owner === undefined || zone.owner === hub.accountId).map((zone) => ({ ...zone, zoneId: bareZoneId(zone.zoneId) }));
    const tagged = new Map<string, { Key?: string; Value?: string }[]>();
    for (let start = 0; start < ownZones.length; start += TAGS_BATCH) {
      const batch = ownZones.slice(start, start + TAGS_BATCH).map((zone) => zone.zoneId);
      const output = await this.clients.route53.send(new ListTagsForResourcesCommand({ ResourceType: 'hostedzone', ResourceIds: batch }));
      for (const set of output.ResourceTagSets ?? []) if (set.ResourceId) tagged.set(bareZoneId(set.ResourceId), set.Tags ?? []);
    }
    const hubsZones = ownZones.filter((zone) => tagsToRecord(tagged.get(zone.zoneId))[HUB_TAG_KEYS.hub] === hubId);
    const readings = await Promise.all(
      hubsZones.map(async (zone) => {
        const [detail, limit, authorisations] = await Promise.all([
          this.clients.route53.send(new GetHostedZoneCommand({ Id: zone.zoneId })),
          this.clients.route53.send(new GetHostedZoneLimitCommand({ HostedZoneId: zone.zoneId, Type: 'MAX_VPCS_ASSOCIATED_BY_ZONE' })),
          this.authorisations(zone.zoneId),
        ]);
        return toObservedHubZone(
          {
            hostedZone: { Id: detail.HostedZone?.Id ?? zone.zoneId, Name: detail.HostedZone?.Name ?? zone.name },
            vpcs: detail.VPCs ?? [],
            tags: tagged.get(zone.zoneId),
            maxAssociatedVpcs: Number(limit.Limit?.Value ?? 300),
            authorisations,
          },
          hubId,
        );
      }),
    );
    return readings.flatMap((zone) => (zone === undefined ? [] : [zone]));
  }

  private async authorisations(zoneId: string): Promise<{ VPCId?: string }[]> {
    return paginate<{ VPCId?: string }>(
      this.clients.route53,
      (nextToken) => new ListVPCAssociationAuthorizationsCommand({ HostedZoneId: zoneId, ...(nextToken ? { NextToken: nextToken } : {}) }),
      'VPCs',
    );
  }
}

/** The spoke (stack) account's reads and writes. */
export class AwsSpokeAccountPort implements SpokeAccountPort {
  constructor(
    private readonly clients: AccountClients,
    private readonly region: string,
    private readonly log?: Logger,
  ) {}

  async observeSpoke(vpcId: string): Promise<ObservedSpoke | undefined> {
    const { ec2 } = this.clients;
    let vpc;
    try {
      vpc = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0];
    } catch (error) {
      if (isEc2Error(error, 'InvalidVpcID.NotFound')) return undefined;
      throw error;
    }
    if (vpc === undefined) return undefined;
    const [dnsSupport, dnsHostnames, endpoints, zones, tables] = await Promise.all([
      ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsSupport' })),
      ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' })),
      describeAllEndpoints(ec2, vpcId),
      this.listHostedZonesByVpc(vpcId, this.region),
      this.routeTables(vpcId),
    ]);
    return {
      vpcId,
      ipv4Blocks: blocksOf(vpc).ipv4,
      ipv6Blocks: blocksOf(vpc).ipv6,
      enableDnsSupport: dnsSupport.EnableDnsSupport?.Value === true,
      enableDnsHostnames: dnsHostnames.EnableDnsHostnames?.Value === true,
      privateDnsEndpoints: await this.privateDnsEndpoints(endpoints),
      associatedZones: zones,
      routeTables: toObservedRouteTables(tables),
    };
  }

  async listHostedZonesByVpc(vpcId: string, vpcRegion: string): Promise<readonly ObservedSpokeZone[]> {
    const listing = await listPrivateHostedZones(this.clients.route53, vpcId, vpcRegion, this.log);
    // Without the listing the name-conflict check cannot be made: refuse rather than guess (the role needs the permission).
    if ('skipped' in listing) throw new Error(`Could not list the spoke VPC's hosted zones (ListHostedZonesByVPC): ${listing.skipped.error}`);
    return toObservedSpokeZones(listing.zones.map((zone) => ({ HostedZoneId: zone.zoneId, Name: zone.name })));
  }

  async associateVpcWithHostedZone(pair: ZoneAndVpc): Promise<void> {
    await this.clients.route53.send(new AssociateVPCWithHostedZoneCommand({ HostedZoneId: pair.zoneId, VPC: vpcOf(pair) }));
  }

  async disassociateVpcFromHostedZone(pair: ZoneAndVpc): Promise<void> {
    await this.clients.route53.send(new DisassociateVPCFromHostedZoneCommand({ HostedZoneId: pair.zoneId, VPC: vpcOf(pair) }));
  }

  /** The interface endpoints with private DNS on, with the names their services' private DNS serves. */
  private async privateDnsEndpoints(endpoints: readonly VpcEndpoint[]): Promise<ObservedPrivateDnsEndpoint[]> {
    const withPrivateDns = endpoints.filter(
      (endpoint) => endpoint.VpcEndpointType === 'Interface' && endpoint.PrivateDnsEnabled === true && !['deleted', 'deleting', 'failed', 'rejected'].includes((endpoint.State ?? '').toLowerCase()),
    );
    if (withPrivateDns.length === 0) return [];
    const serviceNames = [...new Set(withPrivateDns.flatMap((endpoint) => (endpoint.ServiceName ? [endpoint.ServiceName] : [])))];
    const services: { ServiceDetails?: ServiceDetail[] } = await this.clients.ec2.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: serviceNames }));
    const namesOf = (serviceName: string): string[] => {
      const detail = (services.ServiceDetails ?? []).find((candidate) => candidate.ServiceName === serviceName);
      const listed = (detail?.PrivateDnsNames ?? []).flatMap((entry) => (entry.PrivateDnsName ? [entry.PrivateDnsName] : []));
      return listed.length > 0 ? listed : detail?.PrivateDnsName ? [detail.PrivateDnsName] : [];
    };
    return withPrivateDns.map((endpoint) => ({
      endpointId: endpoint.VpcEndpointId ?? '',
      serviceName: endpoint.ServiceName ?? '',
      privateDnsNames: namesOf(endpoint.ServiceName ?? ''),
    }));
  }

  private async routeTables(vpcId: string): Promise<RouteTable[]> {
    return paginate<RouteTable>(
      this.clients.ec2,
      (nextToken) => new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }], ...(nextToken ? { NextToken: nextToken } : {}) }),
      'RouteTables',
    );
  }
}

/** Both sides and the pause, as converge and teardown take them. */
export function awsConsumerPorts(options: {
  readonly hub: AccountClients & { readonly serviceQuotas?: Ec2Sender };
  readonly spoke: AccountClients;
  readonly region: string;
  readonly pause: (ms: number) => Promise<void>;
  readonly log?: Logger;
  readonly organizations?: OrganizationsPort;
}): ConsumerPorts {
  return {
    hub: new AwsHubAccountPort(options.hub, options.log),
    spoke: new AwsSpokeAccountPort(options.spoke, options.region, options.log),
    ...(options.organizations ? { organizations: options.organizations } : {}),
    pause: options.pause,
  };
}

/** A VPC's associated blocks (the ones being added or removed do not route yet). */
function blocksOf(vpc: Vpc | undefined): { ipv4: string[]; ipv6: string[] } {
  return {
    ipv4: (vpc?.CidrBlockAssociationSet ?? []).filter((block) => block.CidrBlockState?.State === 'associated').flatMap((block) => (block.CidrBlock ? [block.CidrBlock] : [])),
    ipv6: (vpc?.Ipv6CidrBlockAssociationSet ?? [])
      .filter((block) => block.Ipv6CidrBlockState?.State === 'associated')
      .flatMap((block) => (block.Ipv6CidrBlock ? [block.Ipv6CidrBlock] : [])),
  };
}

function vpcOf(pair: ZoneAndVpc): { VPCId: string; VPCRegion: VPCRegion } {
  return { VPCId: pair.vpcId, VPCRegion: pair.vpcRegion as VPCRegion };
}

async function describeAllEndpoints(ec2: Ec2Sender, vpcId: string): Promise<VpcEndpoint[]> {
  return paginate<VpcEndpoint>(
    ec2,
    (nextToken) => new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }], ...(nextToken ? { NextToken: nextToken } : {}) }),
    'VpcEndpoints',
  );
}
