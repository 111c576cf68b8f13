import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcEndpointCommand,
  DeleteSubnetCommand,
  DeleteVpcEndpointsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  GetManagedPrefixListEntriesCommand,
  ModifyVpcEndpointCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import type { Ec2Sender } from '../../lib/ec2/paced-client';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, ListHostedZonesByVPCCommand } from '@aws-sdk/client-route-53';
import { GetServiceQuotaCommand, RequestServiceQuotaIncreaseCommand } from '@aws-sdk/client-service-quotas';
import { isReadOnlyAction, ReadOnlyClient, ReadOnlyEc2Client, WriteRefusedError } from '../../lib/ec2/read-only-client';
import { Ec2Simulator } from '../support/ec2-sim';
import { buildDemoWorld } from '../support/ec2-sim/demo-world';

describe('isReadOnlyAction', () => {
  it.each([
    ['DescribeSubnets', true],
    ['DescribeVpcEndpointServices', true],
    ['GetManagedPrefixListEntries', true],
    ['ListSnapshotsInRecycleBin', true],
    ['CreateSubnet', false],
    ['ModifyVpcEndpoint', false],
    ['DeleteVpcEndpoints', false],
    ['AuthorizeSecurityGroupIngress', false],
    ['CreateTags', false],
    // A bare prefix is no action, and a name that merely contains one is not a read.
    ['Describe', false],
    ['UndescribeSubnets', false],
    ['', false],
  ])('%s → %s', (action, expected) => {
    expect(isReadOnlyAction(action)).toBe(expected);
  });
});

describe('ReadOnlyEc2Client', () => {
  const vpcId = 'vpc-0a1b2c3d';
  const subnetId = 'subnet-0a1b2c3d';
  const mutations: [string, object][] = [
    ['CreateSubnet', new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.255.0/28', AvailabilityZoneId: 'use1-az1' })],
    ['DeleteSubnet', new DeleteSubnetCommand({ SubnetId: subnetId })],
    ['CreateSecurityGroup', new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'g', Description: 'd' })],
    ['AuthorizeSecurityGroupIngress', new AuthorizeSecurityGroupIngressCommand({ GroupId: 'sg-0a1b2c3d' })],
    ['RevokeSecurityGroupIngress', new RevokeSecurityGroupIngressCommand({ GroupId: 'sg-0a1b2c3d' })],
    ['CreateVpcEndpoint', new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.logs' })],
    ['ModifyVpcEndpoint', new ModifyVpcEndpointCommand({ VpcEndpointId: 'vpce-0a1b2c3d' })],
    ['DeleteVpcEndpoints', new DeleteVpcEndpointsCommand({ VpcEndpointIds: ['vpce-0a1b2c3d'] })],
    ['CreateTags', new CreateTagsCommand({ Resources: [subnetId], Tags: [{ Key: 'k', Value: 'v' }] })],
  ];

  it.each(mutations)('refuses %s with WriteRefusedError without passing it on', async (action, command) => {
    const inner = { send: jest.fn(async () => ({})) };
    const client = new ReadOnlyEc2Client(inner);

    const sent = client.send(command);

    await expect(sent).rejects.toBeInstanceOf(WriteRefusedError);
    await expect(sent).rejects.toMatchObject({ action, name: 'WriteRefusedError', terminal: false });
    expect(inner.send).not.toHaveBeenCalled();
  });

  it('refuses a command it cannot name (fails closed)', async () => {
    const inner = { send: jest.fn(async () => ({})) };

    await expect(new ReadOnlyEc2Client(inner).send({ input: {} })).rejects.toBeInstanceOf(WriteRefusedError);
    expect(inner.send).not.toHaveBeenCalled();
  });

  it.each([
    ['DescribeVpcs', new DescribeVpcsCommand({})],
    ['GetManagedPrefixListEntries', new GetManagedPrefixListEntriesCommand({ PrefixListId: 'pl-0a1b2c3d' })],
  ])('passes %s through and returns its answer', async (_action, command) => {
    const answer = { marker: 'from inner' };
    const inner: Ec2Sender & { send: jest.Mock } = { send: jest.fn(async () => answer) };

    await expect(new ReadOnlyEc2Client(inner).send(command)).resolves.toBe(answer);
    expect(inner.send).toHaveBeenCalledWith(command);
  });

  it('leaves no trace in the simulator for a refused write, while reads reach it', async () => {
    const sim = new Ec2Simulator();
    const world = await buildDemoWorld(sim);
    sim.resetCallLog();
    const client = new ReadOnlyEc2Client(sim.client());

    await expect(
      client.send(new CreateSubnetCommand({ VpcId: world.vpcId, CidrBlock: '10.0.255.0/28', AvailabilityZoneId: 'use1-az1' })),
    ).rejects.toBeInstanceOf(WriteRefusedError);
    const read = await client.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [world.vpcId] }] }));

    expect(sim.calls.map((record) => record.action)).toEqual(['DescribeSubnets']);
    expect(read.Subnets).toHaveLength(world.appSubnetIds.length);
  });
});

describe('ReadOnlyClient around Route 53 and Service Quotas', () => {
  it.each([
    ['Route 53', 'CreateHostedZone', new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'r' })],
    ['Route 53', 'ChangeResourceRecordSets', new ChangeResourceRecordSetsCommand({ HostedZoneId: 'Z1', ChangeBatch: { Changes: [] } })],
    ['Service Quotas', 'RequestServiceQuotaIncrease', new RequestServiceQuotaIncreaseCommand({ ServiceCode: 'vpc', QuotaCode: 'L-29B6F2EB', DesiredValue: 60 })],
  ])('%s: refuses %s without passing it on, naming the service', async (service, action, command) => {
    const inner = { send: jest.fn(async () => ({})) };

    const sent = new ReadOnlyClient(inner, service).send(command);

    await expect(sent).rejects.toMatchObject({ name: 'WriteRefusedError', action, service });
    await expect(sent).rejects.toThrow(`Refused to send ${service} ${action}`);
    expect(inner.send).not.toHaveBeenCalled();
  });

  it.each([
    ['Route 53', new ListHostedZonesByVPCCommand({ VPCId: 'vpc-0a1b2c3d', VPCRegion: 'us-east-1' })],
    ['Service Quotas', new GetServiceQuotaCommand({ ServiceCode: 'vpc', QuotaCode: 'L-29B6F2EB' })],
  ])('%s: passes its read through', async (service, command) => {
    const answer = { marker: 'from inner' };
    const inner = { send: jest.fn(async () => answer) };

    await expect(new ReadOnlyClient(inner, service).send(command)).resolves.toBe(answer);
    expect(inner.send).toHaveBeenCalledWith(command);
  });
});
