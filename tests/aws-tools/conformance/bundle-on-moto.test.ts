/**
 * The deployable artifact (dist/index.js) against a second, independent EC2: moto_server. The handler runs in a child
 * process as Lambda would, its EC2, Route 53 and Service Quotas clients pointed at moto; CloudFormation is the driver's
 * stand-in (tests/support/cfn-driver.ts), which sends the events and answers the stack check about the stack it plays —
 * moto's CloudFormation would need a Lambda to run a custom resource, which is what this test is instead.
 *
 * What moto does differently from EC2 (no pending states, …) is in docs/moto-conformance.md.
 */
import {
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  type EC2Client,
  type Filter,
  type Tag,
} from '@aws-sdk/client-ec2';
import { invokeBundle, type BundleRun, type BundleRunOptions } from '../../support/bundle-runner';
import { CloudFormationDriver } from '../../support/cfn-driver';
import { startMotoServer, type MotoServer } from '../../support/moto-server';
import { buildMotoAppVpc, motoEc2, type MotoAppVpc } from './moto-world';

const OWNER_TAG = 'vpce-provisioner:owner';

describe('the bundled handler against moto_server: Create, Update and Delete', () => {
  let moto: MotoServer;
  let cfn: CloudFormationDriver;
  let ec2: EC2Client;
  let vpc: MotoAppVpc;
  let options: BundleRunOptions;
  beforeAll(async () => {
    moto = await startMotoServer();
    cfn = await CloudFormationDriver.start();
    ec2 = motoEc2(moto.url);
    vpc = await buildMotoAppVpc(ec2);
    options = {
      ec2EndpointUrl: moto.url,
      cloudFormationEndpointUrl: cfn.baseUrl,
      // moto serves Route 53 (ListHostedZonesByVPC) and Service Quotas (GetServiceQuota) too.
      env: { AWS_ENDPOINT_URL_ROUTE_53: moto.url, AWS_ENDPOINT_URL_SERVICE_QUOTAS: moto.url },
    };
  });
  afterAll(async () => {
    ec2?.destroy();
    await cfn?.close();
    await moto?.stop();
  });

  const inVpc = (): Filter[] => [{ Name: 'vpc-id', Values: [vpc.vpcId] }];
  const owned = (physicalId: string): Filter[] => [...inVpc(), { Name: `tag:${OWNER_TAG}`, Values: [physicalId] }];
  const tagsOf = (tags: Tag[] | undefined) => Object.fromEntries((tags ?? []).map((tag) => [tag.Key, tag.Value]));
  const logsOf = (run: BundleRun) => [...run.logLines, ...run.stderr.split('\n')].join('\n');

  it('carves one /28 per AZ, creates the group and the endpoints, creates nothing more on a repeated Create, adds one on Update, and leaves nothing of its own after Delete', async () => {
    const properties = { VpcId: vpc.vpcId, SubnetIds: vpc.appSubnetIds };
    const create = cfn.createEvent(properties);
    const createRun = await invokeBundle(create, options);
    const created = cfn.responseFor(create);
    expect(createRun.exitCode).toBe(0);
    expect({ body: created?.body?.Status, reason: created?.body?.Reason, logs: created === undefined ? logsOf(createRun) : '' }).toEqual({
      body: 'SUCCESS',
      reason: undefined,
      logs: '',
    });
    expect(created?.problems).toEqual([]);
    const physicalId = created?.body?.PhysicalResourceId as string;
    expect(physicalId).toMatch(new RegExp(`^vpce-provisioner-v1-${vpc.vpcId}-`));

    // Subnets: one /28 per AZ of the app subnets, at the top of the VPC's block, tagged with owner, stack and AZ ID.
    const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: owned(physicalId) }))).Subnets ?? [];
    expect(subnets.map((subnet) => subnet.CidrBlock).sort()).toEqual(['10.0.255.208/28', '10.0.255.224/28', '10.0.255.240/28']);
    expect(new Set(subnets.map((subnet) => subnet.AvailabilityZone))).toEqual(new Set(vpc.zoneNames));
    for (const subnet of subnets) {
      expect(tagsOf(subnet.Tags)).toMatchObject({
        [OWNER_TAG]: physicalId,
        'vpce-provisioner:stack-id': create.StackId,
        'vpce-provisioner:logical-id': 'VpcEndpoints',
        'vpce-provisioner:az-id': subnet.AvailabilityZoneId,
      });
    }
    expect(created?.body?.Data?.['SubnetIds']?.split(',').sort()).toEqual(subnets.map((subnet) => subnet.SubnetId).sort());

    // The group: HTTPS from each app subnet's CIDR, nothing else.
    const groups = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: owned(physicalId) }))).SecurityGroups ?? [];
    expect(groups.map((group) => group.GroupId)).toEqual([created?.body?.Data?.['SecurityGroupId']]);
    expect(groups[0]?.IpPermissions).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        IpRanges: expect.arrayContaining(['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/20', '10.0.48.0/20', '10.0.64.0/20', '10.0.80.0/20'].map((cidr) => expect.objectContaining({ CidrIp: cidr }))),
      }),
    ]);
    expect(groups[0]?.IpPermissions?.[0]?.IpRanges).toHaveLength(6);

    // The default endpoints: ecr.api, ecr.dkr and logs in the carved subnets with the group and private DNS; the s3
    // gateway on the route tables the app subnets use (the explicit one, and the main table for the rest).
    const endpointsAfterCreate = (await ec2.send(new DescribeVpcEndpointsCommand({ Filters: owned(physicalId) }))).VpcEndpoints ?? [];
    const byService = new Map(endpointsAfterCreate.map((endpoint) => [tagsOf(endpoint.Tags)['vpce-provisioner:service'], endpoint]));
    expect([...byService.keys()].sort()).toEqual(['ecr.api', 'ecr.dkr', 'logs', 's3']);
    for (const service of ['ecr.api', 'ecr.dkr', 'logs']) {
      const endpoint = byService.get(service);
      expect(endpoint).toMatchObject({
        VpcEndpointType: 'Interface',
        ServiceName: `com.amazonaws.us-east-1.${service}`,
        PrivateDnsEnabled: true,
        Groups: [expect.objectContaining({ GroupId: groups[0]?.GroupId })],
      });
      expect([...(endpoint?.SubnetIds ?? [])].sort()).toEqual(subnets.map((subnet) => subnet.SubnetId).sort());
      expect(created?.body?.Data?.[`EndpointId.${service}`]).toBe(endpoint?.VpcEndpointId);
    }
    const gateway = byService.get('s3');
    expect(gateway).toMatchObject({ VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.us-east-1.s3' });
    expect(gateway?.RouteTableIds).toContain(vpc.routeTableId);
    expect(gateway?.RouteTableIds).toHaveLength(2);
    expect(created?.body?.Data?.['GatewayEndpointId.s3']).toBe(gateway?.VpcEndpointId);

    // The same Create delivered again (Lambda may deliver an event twice): moto's ClientToken is not idempotent, so only
    // the provider's own tag lookup keeps it from creating a second set.
    const againRun = await invokeBundle(create, options);
    expect(againRun.exitCode).toBe(0);
    expect(cfn.responseFor(create)?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId, Data: created?.body?.Data });
    expect((await ec2.send(new DescribeSubnetsCommand({ Filters: owned(physicalId) }))).Subnets).toHaveLength(3);
    expect((await ec2.send(new DescribeSecurityGroupsCommand({ Filters: owned(physicalId) }))).SecurityGroups).toHaveLength(1);
    expect((await ec2.send(new DescribeVpcEndpointsCommand({ Filters: owned(physicalId) }))).VpcEndpoints).toHaveLength(4);

    // Update: one more service; the same physical ID, the same subnets and group.
    const updatedProperties = { ...properties, InterfaceServices: ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager'] };
    const update = cfn.updateEvent(physicalId, updatedProperties, properties);
    const updateRun = await invokeBundle(update, options);
    const updated = cfn.responseFor(update);
    expect(updateRun.exitCode).toBe(0);
    expect(updated?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    expect(updated?.body?.Data?.['SubnetIds']).toBe(created?.body?.Data?.['SubnetIds']);
    const endpointsAfterUpdate = (await ec2.send(new DescribeVpcEndpointsCommand({ Filters: owned(physicalId) }))).VpcEndpoints ?? [];
    const secretsManager = endpointsAfterUpdate.find((endpoint) => endpoint.ServiceName === 'com.amazonaws.us-east-1.secretsmanager');
    expect(secretsManager?.VpcEndpointId).toMatch(/^vpce-/);
    expect(updated?.body?.Data?.['EndpointId.secretsmanager']).toBe(secretsManager?.VpcEndpointId);
    expect(endpointsAfterUpdate.map((endpoint) => endpoint.VpcEndpointId).sort()).toEqual(
      [...endpointsAfterCreate.map((endpoint) => endpoint.VpcEndpointId), secretsManager?.VpcEndpointId].sort(),
    );

    // Delete: nothing tagged as ours remains, and what was there before the stack is untouched.
    const remove = cfn.deleteEvent(physicalId, updatedProperties);
    const deleteRun = await invokeBundle(remove, options);
    expect(deleteRun.exitCode).toBe(0);
    expect(cfn.responseFor(remove)?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    const left = {
      subnets: (await ec2.send(new DescribeSubnetsCommand({ Filters: inVpc() }))).Subnets ?? [],
      groups: (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: inVpc() }))).SecurityGroups ?? [],
      endpoints: (await ec2.send(new DescribeVpcEndpointsCommand({ Filters: inVpc() }))).VpcEndpoints ?? [],
    };
    expect(left.subnets.map((subnet) => subnet.SubnetId).sort()).toEqual([...vpc.appSubnetIds].sort());
    expect(left.groups.map((group) => group.GroupName)).toEqual(['default']);
    // moto shows a deleted endpoint as `deleted` at once (EC2 passes through `deleting` first); none is still alive.
    expect(left.endpoints.filter((endpoint) => endpoint.State?.toLowerCase() !== 'deleted')).toEqual([]);

    // Each event was checked with CloudFormation before anything was written; Route 53 and Service Quotas answered.
    // The check's two reads go together (either may arrive first); the Delete also reads the stack's events.
    expect(cfn.stacks.calls.map((call) => `${call.action}${call.error ? ` ${call.error}` : ''}`).sort()).toEqual(
      [...Array.from({ length: 4 }, () => ['DescribeStacks', 'DescribeStackResource']).flat(), 'DescribeStackEvents'].sort(),
    );
    const logs = [createRun, againRun, updateRun, deleteRun].map(logsOf).join('\n');
    expect(logs).not.toContain('not checked before writing');
    expect(logs).not.toContain('assuming the default quota');
  });
});
