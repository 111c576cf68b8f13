import {
  CreateVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeVpcsCommand,
  EC2Client,
  paginateDescribeSubnets,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { Ec2SimError, Ec2Simulator, isMutating } from '../support/ec2-sim';
import { basicWorld, expectCode } from './fixtures';

describe('in-process client', () => {
  it('is a real EC2Client that runs SDK commands against the simulator', async () => {
    const sim = new Ec2Simulator();
    const ec2 = sim.client();
    expect(ec2).toBeInstanceOf(EC2Client);

    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    const described = await ec2.send(new DescribeVpcsCommand({ VpcIds: [Vpc?.VpcId as string] }));

    expect(described.Vpcs).toEqual([expect.objectContaining({ VpcId: Vpc?.VpcId, CidrBlock: '10.9.0.0/16', OwnerId: '123456789012' })]);
    expect(described.$metadata.httpStatusCode).toBe(200);
    expect(sim.calls.map((call) => call.action)).toEqual(['CreateVpc', 'DescribeVpcs']);
  });

  it('works with the SDK paginators', async () => {
    const { sim, vpcId } = await basicWorld();
    sim.faults.maxPageSize = 1;
    const seen: string[] = [];
    for await (const page of paginateDescribeSubnets({ client: sim.client() }, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })) {
      expect(page.Subnets?.length).toBe(1);
      seen.push(...(page.Subnets ?? []).map((subnet) => subnet.CidrBlock as string));
    }
    expect(seen).toEqual(['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24']);
  });

  it('throws errors shaped like SDK service exceptions', async () => {
    const sim = new Ec2Simulator();
    const error = await sim.client().send(new DescribeVpcsCommand({ VpcIds: ['vpc-0123456789abcdef0'] })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Ec2SimError);
    expect(error).toMatchObject({
      name: 'InvalidVpcID.NotFound',
      code: 'InvalidVpcID.NotFound',
      message: "The vpc ID 'vpc-0123456789abcdef0' does not exist",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers an unmodelled action with InvalidAction, never silent success', async () => {
    const sim = new Ec2Simulator();
    await expectCode(sim.client().send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1 })), 'InvalidAction');
    await expectCode(sim.call('toString', {}), 'InvalidAction');
    expect(sim.calls.map((call) => call.outcome)).toEqual(['InvalidAction', 'InvalidAction']);
  });

  it('answers DryRun with DryRunOperation and changes nothing', async () => {
    const sim = new Ec2Simulator();
    await expectCode(sim.call('CreateVpc', { CidrBlock: '10.0.0.0/16', DryRun: true }), 'DryRunOperation');
    expect(sim.state.vpcs.size).toBe(0);
    expect(sim.writes()).toEqual([]);
  });

  it('sees zones in the calling account own name mapping', async () => {
    const sim = new Ec2Simulator({ azs: { nameOrderByAccount: { '222222222222': ['use1-az4', 'use1-az5', 'use1-az6', 'use1-az1', 'use1-az2', 'use1-az3'] } } });
    const mine = await sim.client().send(new DescribeAvailabilityZonesCommand({ ZoneNames: ['us-east-1a'] }));
    const theirs = await sim.client({ accountId: '222222222222' }).send(new DescribeAvailabilityZonesCommand({ ZoneNames: ['us-east-1a'] }));
    expect(mine.AvailabilityZones?.map((zone) => zone.ZoneId)).toEqual(['use1-az1']);
    expect(theirs.AvailabilityZones?.map((zone) => zone.ZoneId)).toEqual(['use1-az4']);
  });

  it.each([
    ['DescribeVpcs', false],
    ['DescribeVpcEndpointServices', false],
    ['CreateSubnet', true],
    ['DeleteVpcEndpoints', true],
    ['CreateTags', true],
    ['ModifyVpcEndpoint', true],
  ])('isMutating(%s) is %s', (action, expected) => {
    expect(isMutating(action)).toBe(expected);
  });
});
