/**
 * discover() against the simulator's demo world, read field by field: what it observes of the VPC, its subnets, route
 * tables, endpoints, groups and catalogue, which reads it leaves out when the spec does not need them, and which EC2
 * failures it absorbs (a VPC or pool that does not exist) and which it lets through. The scenarios in tests/features run
 * discovery too, but only through the checks and plans built on it.
 */
import {
  DescribeIpamPoolsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type DescribeSubnetsCommandOutput,
  type DescribeVpcEndpointServicesCommandOutput,
  type DescribeVpcEndpointsCommandOutput,
  type DescribeVpcsCommandOutput,
  type ServiceDetail,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { discover, type DiscoveryContext } from '../../lib/reconcile/discovery';
import type { EndpointSpec } from '../../lib/properties/spec';
import { buildSpec } from '../support/spec-builder';
import { OWNER, ec2Error, failingFirst, rewritingAnswers, startApplyWorld, type ApplyWorld } from './apply/support';

const UNKNOWN_SUBNET = 'subnet-0000000000000dead';

function contextOf(world: ApplyWorld, extra: Partial<DiscoveryContext> = {}): DiscoveryContext {
  return { owner: OWNER, accountId: world.sim.accountId, region: 'us-east-1', partition: 'aws', ...extra };
}

function specOf(world: ApplyWorld, changes: Partial<EndpointSpec> = {}): EndpointSpec {
  return buildSpec({ vpcId: world.demo.vpcId, subnetIds: world.demo.appSubnetIds, ...changes });
}

/** The actions the simulator was asked for since `mark`, each once, sorted. */
function actionsSince(world: ApplyWorld, mark: number): string[] {
  return [...new Set(world.sim.calls.slice(mark).map((record) => record.action))].sort();
}

describe('discover: the VPC and its subnets', () => {
  it('reads the associated blocks, the DNS attributes, and the app subnets in the order the spec names them', async () => {
    const world = await startApplyWorld();
    const reversed = [...world.demo.appSubnetIds].reverse();

    const observation = await discover(world.sim.client(), specOf(world, { subnetIds: reversed }), contextOf(world));

    expect(observation.vpc).toEqual({
      vpcId: world.demo.vpcId,
      ownerId: world.sim.accountId,
      ipv4Blocks: ['10.0.0.0/16', '100.64.0.0/22'],
      ipv6Blocks: [],
      enableDnsSupport: true,
      enableDnsHostnames: true,
    });
    expect(observation.appSubnets.map((subnet) => subnet.subnetId)).toEqual(reversed);
    expect(observation.appSubnets[0]).toMatchObject({ vpcId: world.demo.vpcId, cidr: '10.0.80.0/20', ownerId: world.sim.accountId, tags: expect.objectContaining({ tier: 'app' }) });
    expect(observation.vpcSubnets.map((subnet) => subnet.subnetId).sort()).toEqual([...world.demo.appSubnetIds].sort());
    expect(observation.missingSubnetIds).toEqual([]);
    expect(observation.subnetsInOtherVpcs).toEqual([]);
  });

  it('keeps only the blocks in state associated: one being added or removed does not route yet', async () => {
    // CidrBlockState / Ipv6CidrBlockState: associating | associated | disassociating | disassociated | failing | failed
    // (EC2 API reference, VpcCidrBlockState).
    const world = await startApplyWorld();
    const ec2 = rewritingAnswers<DescribeVpcsCommandOutput>(world, DescribeVpcsCommand, (output) => {
      const vpc = output.Vpcs?.[0];
      if (vpc === undefined) throw new Error('the demo VPC was not described');
      vpc.CidrBlockAssociationSet = [...(vpc.CidrBlockAssociationSet ?? []), { CidrBlock: '10.9.0.0/16', CidrBlockState: { State: 'disassociating' } }];
      vpc.Ipv6CidrBlockAssociationSet = [{ Ipv6CidrBlock: '2600:1f18:abc:de00::/56', Ipv6CidrBlockState: { State: 'associating' } }];
    });

    const observation = await discover(ec2, specOf(world), contextOf(world));

    expect(observation.vpc).toMatchObject({ ipv4Blocks: ['10.0.0.0/16', '100.64.0.0/22'], ipv6Blocks: [] });
  });

  it("reads a dual-stack VPC's IPv6 block and its subnets' /64s", async () => {
    const world = await startApplyWorld();
    const { vpcId, appSubnetIds } = world.demo.dualStack;

    const observation = await discover(world.sim.client(), specOf(world, { vpcId, subnetIds: appSubnetIds }), contextOf(world));

    expect(observation.vpc?.ipv4Blocks).toEqual(['10.1.0.0/16']);
    expect(observation.vpc?.ipv6Blocks).toEqual([expect.stringMatching(/::\/56$/)]);
    expect(observation.appSubnets.map((subnet) => subnet.ipv6Cidrs)).toEqual(appSubnetIds.map(() => [expect.stringMatching(/::\/64$/)]));
  });

  it('leaves the DNS attributes unread when neither private DNS nor hosted zones need them', async () => {
    const world = await startApplyWorld();
    const mark = world.mark();

    const observation = await discover(world.sim.client(), specOf(world, { privateDnsEnabled: false }), contextOf(world));

    expect(observation.vpc).toMatchObject({ enableDnsSupport: undefined, enableDnsHostnames: undefined });
    expect(actionsSince(world, mark)).not.toContain('DescribeVpcAttribute');
  });

  it('looks for requested subnets outside the VPC only when some are not in it', async () => {
    const world = await startApplyWorld();
    const mark = world.mark();

    await discover(world.sim.client(), specOf(world), contextOf(world));

    expect(world.sim.calls.slice(mark).filter((record) => record.action === 'DescribeSubnets')).toHaveLength(1);
  });

  it("leaves out a subnet's IPv6 block once it is disassociated", async () => {
    const world = await startApplyWorld();
    const { vpcId, appSubnetIds } = world.demo.dualStack;
    const ec2 = rewritingAnswers<DescribeSubnetsCommandOutput>(world, DescribeSubnetsCommand, (output) => {
      for (const subnet of output.Subnets ?? []) {
        subnet.Ipv6CidrBlockAssociationSet = (subnet.Ipv6CidrBlockAssociationSet ?? []).map((block) => ({ ...block, Ipv6CidrBlockState: { State: 'disassociated' } }));
      }
    });

    const observation = await discover(ec2, specOf(world, { vpcId, subnetIds: appSubnetIds }), contextOf(world));

    expect(observation.appSubnets.map((subnet) => subnet.ipv6Cidrs)).toEqual(appSubnetIds.map(() => []));
  });

  it('tells a requested subnet of another VPC from one that does not exist', async () => {
    const world = await startApplyWorld();
    const elsewhere = world.demo.dualStack.appSubnetIds[0] as string;
    const spec = specOf(world, { subnetIds: [world.demo.appSubnetIds[0] as string, elsewhere, UNKNOWN_SUBNET] });

    const observation = await discover(world.sim.client(), spec, contextOf(world));

    expect(observation.appSubnets.map((subnet) => subnet.subnetId)).toEqual([world.demo.appSubnetIds[0]]);
    expect(observation.subnetsInOtherVpcs).toEqual([{ subnetId: elsewhere, vpcId: world.demo.dualStack.vpcId }]);
    expect(observation.missingSubnetIds).toEqual([UNKNOWN_SUBNET]);
  });

  it('observes no VPC, rather than failing, when the VPC does not exist', async () => {
    const world = await startApplyWorld();
    const spec = specOf(world, { vpcId: 'vpc-0000000000000dead', subnetIds: [UNKNOWN_SUBNET] });

    const observation = await discover(world.sim.client(), spec, contextOf(world));

    expect(observation.vpc).toBeUndefined();
    expect(observation.missingSubnetIds).toEqual([UNKNOWN_SUBNET]);
  });

  it.each([
    ['DescribeVpcs', DescribeVpcsCommand],
    ['DescribeVpcAttribute', DescribeVpcAttributeCommand],
  ])('lets any other failure of %s through: a refusal is no missing VPC', async (_action, command) => {
    const world = await startApplyWorld();
    const refusal = ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.');

    await expect(discover(failingFirst(world, [command, refusal]), specOf(world), contextOf(world))).rejects.toBe(refusal);
  });
});

describe('discover: route tables, endpoints and groups', () => {
  it('marks the main table and lists each table’s subnets', async () => {
    const world = await startApplyWorld();
    const [az1Table, az2Table, mainTable] = world.demo.routeTableIds;
    const [first, second] = world.demo.appSubnetIds;

    const observation = await discover(world.sim.client(), specOf(world), contextOf(world));

    const byId = new Map(observation.routeTables.map((table) => [table.routeTableId, table]));
    expect(byId.get(az1Table as string)).toEqual({ routeTableId: az1Table, isMain: false, subnetIds: [first, second] });
    expect(byId.get(mainTable as string)).toMatchObject({ isMain: true, subnetIds: [] });
    expect(byId.get(az2Table as string)?.isMain).toBe(false);
  });

  it('keeps the main table main when a subnet is also associated with it explicitly', async () => {
    const world = await startApplyWorld();
    const mainTable = world.demo.routeTableIds[2] as string;
    const subnetId = world.demo.appSubnetIdsByAz[Object.keys(world.demo.appSubnetIdsByAz)[2] as string]?.[0] as string;
    await world.sim.call('AssociateRouteTable', { RouteTableId: mainTable, SubnetId: subnetId });

    const observation = await discover(world.sim.client(), specOf(world), contextOf(world));

    expect(observation.routeTables.find((table) => table.routeTableId === mainTable)).toEqual({ routeTableId: mainTable, isMain: true, subnetIds: [subnetId] });
  });

  it('reads the endpoints of the VPC, but not one EC2 still lists as deleted', async () => {
    const world = await startApplyWorld();
    const created = await world.sim.call('CreateVpcEndpoint', {
      VpcId: world.demo.vpcId,
      ServiceName: 'com.amazonaws.us-east-1.dynamodb',
      VpcEndpointType: 'Gateway',
      RouteTableIds: [world.demo.routeTableIds[0]],
    });
    const gatewayId = (created.VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId;
    await world.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [gatewayId] });
    await world.clock.advance(60_000);
    // EC2 lists a deleted endpoint for a while (the simulator: 10 minutes, SimTiming.deletedVisibleMs).
    const listed = await world.sim.call('DescribeVpcEndpoints', { VpcEndpointIds: [gatewayId] });
    expect((listed.VpcEndpoints as VpcEndpoint[]).map((endpoint) => endpoint.State)).toEqual(['deleted']);

    const observation = await discover(world.sim.client(), specOf(world), contextOf(world));

    expect(observation.endpoints.map((endpoint) => endpoint.endpointId)).toEqual([world.demo.foreignEndpointId]);
    expect(observation.endpoints[0]).toMatchObject({ type: 'Interface', serviceName: 'com.amazonaws.us-east-1.sts', privateDnsEnabled: true, state: 'available' });
    expect(observation.endpoints[0]?.dnsNames.length).toBeGreaterThan(0);
    expect(observation.endpoints[0]?.dnsEntries).toEqual(observation.endpoints[0]?.dnsNames.map((dnsName) => ({ dnsName, hostedZoneId: expect.stringMatching(/^Z/) })));
  });

  it('reads a gateway endpoint as one, with its route tables and no private DNS', async () => {
    const world = await startApplyWorld();
    const routeTableId = world.demo.routeTableIds[0] as string;
    await world.sim.call('CreateVpcEndpoint', { VpcId: world.demo.vpcId, ServiceName: 'com.amazonaws.us-east-1.dynamodb', VpcEndpointType: 'Gateway', RouteTableIds: [routeTableId] });

    const observation = await discover(world.sim.client(), specOf(world), contextOf(world));

    expect(observation.endpoints.find((endpoint) => endpoint.serviceName.endsWith('.dynamodb'))).toMatchObject({
      type: 'Gateway',
      routeTableIds: [routeTableId],
      privateDnsEnabled: false,
      dnsNames: [],
    });
  });

  it("keeps EC2's reason for a failed endpoint, whichever of its fields EC2 fills", async () => {
    // VpcEndpoint.LastError {Code, Message} and FailureReason (EC2 API reference, VpcEndpoint).
    const world = await startApplyWorld();
    const ec2 = rewritingAnswers<DescribeVpcEndpointsCommandOutput>(world, DescribeVpcEndpointsCommand, (output) => {
      Object.assign(output.VpcEndpoints?.[0] ?? {}, { State: 'failed', LastError: { Code: 'Server.InternalError' }, FailureReason: 'The endpoint could not be created' });
    });

    const observation = await discover(ec2, specOf(world), contextOf(world));

    expect(observation.endpoints[0]).toMatchObject({ state: 'failed', lastError: { code: 'Server.InternalError' }, failureReason: 'The endpoint could not be created' });
  });

  it("lists the extra groups found, with their VPC, and only this owner's groups as owned", async () => {
    const world = await startApplyWorld();
    const own = await world.ownedGroup(['10.0.0.0/20']);
    // Another resource's group that carries this owner's physical ID (a copied tag) but its own stack: not ours.
    await world.sim.call('CreateSecurityGroup', {
      VpcId: world.demo.vpcId,
      GroupName: 'copied-tag',
      Description: 'tagged by hand',
      TagSpecifications: [
        {
          ResourceType: 'security-group',
          Tags: [
            { Key: 'vpce-provisioner:owner', Value: OWNER.physicalId },
            { Key: 'vpce-provisioner:stack-id', Value: 'arn:aws:cloudformation:us-east-1:123456789012:stack/other/99999999-2222-3333-4444-555555555555' },
            { Key: 'vpce-provisioner:logical-id', Value: OWNER.logicalResourceId },
          ],
        },
      ],
    });
    const other = await world.sim.call('CreateSecurityGroup', { VpcId: world.demo.dualStack.vpcId, GroupName: 'elsewhere', Description: 'another VPC' });
    const otherId = other.GroupId as string;
    const spec = specOf(world, { securityGroupIds: [otherId, 'sg-0000000000000dead'] });

    const observation = await discover(world.sim.client(), spec, contextOf(world));

    expect(observation.extraSecurityGroups).toEqual([{ groupId: otherId, vpcId: world.demo.dualStack.vpcId }]);
    expect(observation.ownedSecurityGroups.map((group) => [group.groupId, group.httpsIngressCidrs])).toEqual([[own, ['10.0.0.0/20']]]);
  });
});

describe("discover: the owned groups' rules", () => {
  it('counts HTTPS sources apart from every other rule, one per CIDR or at least one per permission', async () => {
    const world = await startApplyWorld();
    const groupId = await world.ownedGroup(['10.0.0.0/20']);
    await world.sim.call('AuthorizeSecurityGroupIngress', {
      GroupId: groupId,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.0.16.0/20' }, { CidrIp: '10.0.32.0/20' }] },
        { IpProtocol: 'udp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.48.0/20' }] },
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 8443, Ipv6Ranges: [{ CidrIpv6: '2600:1f18:abc:de00::/64' }] },
        { IpProtocol: 'tcp', FromPort: 400, ToPort: 443, IpRanges: [{ CidrIp: '10.0.64.0/20' }] },
      ],
    });

    const observation = await discover(world.sim.client(), specOf(world), contextOf(world));

    expect(observation.ownedSecurityGroups).toEqual([expect.objectContaining({ groupId, httpsIngressCidrs: ['10.0.0.0/20'], otherIngressRuleCount: 5 })]);
  });

  it("reads a hub's group with the CIDRs its consumers added; a group without the hub tag is not asked", async () => {
    const world = await startApplyWorld();
    const hubGroup = await world.ownedGroup([]);
    await world.sim.call('CreateTags', { Resources: [hubGroup], Tags: [{ Key: 'vpce-provisioner:hub', Value: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0hub' }] });
    await world.sim.call('AuthorizeSecurityGroupIngress', {
      GroupId: hubGroup,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.20.0.0/16' }] }],
      TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'vpce-provisioner:consumer-vpc', Value: 'vpc-0consumer' }] }],
    });
    const plainGroup = await world.ownedGroup(['10.0.0.0/20']);
    const mark = world.mark();

    const observation = await discover(world.sim.client(), specOf(world), contextOf(world));

    const byId = new Map(observation.ownedSecurityGroups.map((group) => [group.groupId, group]));
    expect(byId.get(hubGroup)?.consumerCidrs).toEqual(['10.20.0.0/16']);
    expect(byId.get(plainGroup)).not.toHaveProperty('consumerCidrs');
    expect(world.sim.calls.slice(mark).filter((record) => record.action === 'DescribeSecurityGroupRules')).toHaveLength(1);
  });
});

describe('discover: the catalogue', () => {
  it('resolves services by short or full name, with AZ IDs (sorted), IP types and the gateway prefix list', async () => {
    const world = await startApplyWorld();
    const spec = specOf(world, { interfaceServices: ['com.amazonaws.us-east-1.ecr.api', 's3'], gatewayServices: ['s3'] });
    // EC2 does not promise an order for a service's AvailabilityZones: here it answers them reversed.
    const ec2 = rewritingAnswers<DescribeVpcEndpointServicesCommandOutput>(world, DescribeVpcEndpointServicesCommand, (output) => {
      for (const detail of output.ServiceDetails ?? []) detail.AvailabilityZones = [...(detail.AvailabilityZones ?? [])].reverse();
    });

    const observation = await discover(ec2, spec, contextOf(world));

    const api = observation.interfaceOfferings.get('com.amazonaws.us-east-1.ecr.api');
    expect(api).toMatchObject({ serviceName: 'com.amazonaws.us-east-1.ecr.api', type: 'Interface', supportedIpAddressTypes: expect.arrayContaining(['ipv4']) });
    expect(api?.azIds).toEqual([...(api?.azIds ?? [])].sort());
    expect(api?.azIds.length).toBeGreaterThan(1);
    expect(api?.azIds).toEqual(expect.arrayContaining(Object.keys(world.demo.appSubnetIdsByAz)));
    expect(api?.offeredAsGateway).toBeUndefined();
    expect(observation.interfaceOfferings.get('s3')?.offeredAsGateway).toBe(true);
    expect(observation.gatewayOfferings.get('s3')).toMatchObject({ type: 'Gateway', prefixListId: expect.stringMatching(/^pl-/) });
    expect(observation.interfaceOfferings.get('s3')?.prefixListId).toBeUndefined();
    expect(observation.unresolvedServices).toEqual([]);
  });

  it("lists every private DNS name of a service once, the list's first, leaving out empty ones", async () => {
    const world = await startApplyWorld();
    const ec2 = rewritingAnswers<DescribeVpcEndpointServicesCommandOutput>(world, DescribeVpcEndpointServicesCommand, (output) => {
      const api = (output.ServiceDetails ?? []).find((detail) => detail.ServiceName?.endsWith('.ecr.api') && detail.ServiceType?.[0]?.ServiceType === 'Interface');
      Object.assign(api as ServiceDetail, {
        PrivateDnsName: 'api.ecr.us-east-1.amazonaws.com',
        PrivateDnsNames: [{ PrivateDnsName: 'ecr.us-east-1.amazonaws.com' }, { PrivateDnsName: '' }, {}, { PrivateDnsName: 'api.ecr.us-east-1.amazonaws.com' }],
      });
    });

    const observation = await discover(ec2, specOf(world, { interfaceServices: ['ecr.api'] }), contextOf(world));

    expect(observation.interfaceOfferings.get('ecr.api')?.privateDnsNames).toEqual(['ecr.us-east-1.amazonaws.com', 'api.ecr.us-east-1.amazonaws.com']);
  });

  it('names what it cannot resolve: offered as the other type, or not at all (with the nearest name)', async () => {
    const world = await startApplyWorld();
    // sqs is offered as an interface only; as a gateway, it would be one letter from s3, but no suggestion is made for a
    // name that exists as the other type.
    const spec = specOf(world, { interfaceServices: ['ecr.apl'], gatewayServices: ['sqs'] });

    const observation = await discover(world.sim.client(), spec, contextOf(world));

    expect(observation.unresolvedServices).toEqual([
      { requested: 'ecr.apl', type: 'Interface', offeredTypes: [], suggestion: 'ecr.api' },
      { requested: 'sqs', type: 'Gateway', offeredTypes: ['Interface'] },
    ]);
  });

  it('reads neither the catalogue nor the prefix lists when the spec asks for no service of theirs', async () => {
    const world = await startApplyWorld();
    const mark = world.mark();

    await discover(world.sim.client(), specOf(world, { interfaceServices: [], gatewayServices: [] }), contextOf(world));

    const asked = actionsSince(world, mark);
    for (const unneeded of ['DescribeVpcEndpointServices', 'DescribePrefixLists', 'DescribeVpcAttribute', 'DescribeIpamPools']) {
      expect(asked).not.toContain(unneeded);
    }
    expect(asked).toContain('DescribeVpcs');
  });

  it('reads the prefix lists only with gateway services', async () => {
    const world = await startApplyWorld();
    const mark = world.mark();

    await discover(world.sim.client(), specOf(world, { gatewayServices: [] }), contextOf(world));

    expect(actionsSince(world, mark)).toContain('DescribeVpcEndpointServices');
    expect(actionsSince(world, mark)).not.toContain('DescribePrefixLists');
  });
});

describe('discover: reads it could not make', () => {
  it('records a skipped Route 53 read, and has no skipped reads when every read was made', async () => {
    const world = await startApplyWorld();
    const route53 = world.sim.route53Client();

    const complete = await discover(world.sim.client(), specOf(world), contextOf(world, { route53 }));
    world.sim.route53DeniedAccounts.add(world.sim.accountId);
    const denied = await discover(world.sim.client(), specOf(world), contextOf(world, { route53 }));

    expect(complete).not.toHaveProperty('skippedReads');
    expect(complete.privateHostedZones).toEqual([]);
    expect(denied.skippedReads).toEqual([expect.objectContaining({ permission: 'route53:ListHostedZonesByVPC', denied: true })]);
    expect(denied).not.toHaveProperty('privateHostedZones');
  });
});

describe('discover: the IPAM pool', () => {
  it('reads a found pool with its family, locale and source VPC', async () => {
    const world = await startApplyWorld();
    const poolId = world.sim.admin.createIpamPool({ cidrs: ['10.0.200.0/24'], sourceVpcId: world.demo.vpcId });

    const observation = await discover(world.sim.client(), specOf(world, { ipv4IpamPoolId: poolId }), contextOf(world));

    expect(observation.ipamPool).toEqual({
      poolId,
      status: 'found',
      addressFamily: 'ipv4',
      locale: 'us-east-1',
      sourceResource: { resourceId: world.demo.vpcId, resourceType: 'vpc' },
    });
  });

  it('reads a pool EC2 leaves out of its answer as missing', async () => {
    const world = await startApplyWorld();
    const client = world.sim.client();
    const ec2 = {
      send: async (command: Parameters<typeof client.send>[0]) => (command instanceof DescribeIpamPoolsCommand ? { IpamPools: [] } : client.send(command)),
    };

    const observation = await discover(ec2, specOf(world, { ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0' }), contextOf(world));

    expect(observation.ipamPool).toEqual({ poolId: 'ipam-pool-0123456789abcdef0', status: 'missing' });
  });

  it('lets an unexpected failure of DescribeIpamPools through', async () => {
    const world = await startApplyWorld();
    const failure = ec2Error('InternalError', 'An internal error has occurred');
    const poolId = world.sim.admin.createIpamPool({ cidrs: ['10.0.200.0/24'], sourceVpcId: world.demo.vpcId });

    await expect(discover(failingFirst(world, [DescribeIpamPoolsCommand, failure]), specOf(world, { ipv4IpamPoolId: poolId }), contextOf(world))).rejects.toBe(
      failure,
    );
  });
});
