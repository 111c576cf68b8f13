import { DescribeIpamPoolsCommand, DescribeVpcEndpointServicesCommand, type ServiceDetail } from '@aws-sdk/client-ec2';
import { desiredState } from '../../lib/reconcile/desired';
import { discover } from '../../lib/reconcile/discovery';
import { preflightProblems } from '../../lib/reconcile/preflight';
import { buildSpec } from '../support/spec-builder';
import { OWNER, ec2Error, failingFirst, rewritingAnswers, startApplyWorld } from './apply/support';

/**
 * The pool named by Ipv4IpamPoolId is checked before any write where ec2:DescribeIpamPools is allowed; where it is not
 * (an older role), the check is skipped and EC2 decides at CreateSubnet (README, "Ipv4IpamPoolId"). A refusal is never
 * read as "the pool does not exist".
 */
describe('discovery of the IPAM pool', () => {
  it.each<[string, Error, string]>([
    ['UnauthorizedOperation (EC2 refuses the role)', ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.'), 'unchecked'],
    ['InvalidIpamPoolId.NotFound', ec2Error('InvalidIpamPoolId.NotFound', "The pool ID 'ipam-pool-0' does not exist"), 'missing'],
  ])('%s → %s', async (_case, error, status) => {
    const world = await startApplyWorld();
    const poolId = world.sim.admin.createIpamPool({ cidrs: ['10.0.200.0/24'], sourceVpcId: world.demo.vpcId });
    const spec = buildSpec({ vpcId: world.demo.vpcId, subnetIds: world.demo.appSubnetIds, ipv4IpamPoolId: poolId });
    const ec2 = failingFirst(world, [DescribeIpamPoolsCommand, error]);

    const observation = await discover(ec2, spec, { owner: OWNER, accountId: world.sim.accountId, region: 'us-east-1', partition: 'aws' });
    const problems = preflightProblems(spec, observation, desiredState(spec, observation, OWNER), OWNER);

    expect(observation.ipamPool).toEqual({ poolId, status });
    expect(problems.some((problem) => problem.includes(poolId))).toBe(status === 'missing');
  });
});

describe("discovery of a service's private DNS name (DescribeVpcEndpointServices)", () => {
  it('reads PrivateDnsName, else the first of PrivateDnsNames; a service with neither has none', async () => {
    const world = await startApplyWorld();
    // EC2 may give the name in either field (EC2 API reference, ServiceDetail); here ecr.api only in the list.
    const ec2 = rewritingAnswers<{ ServiceDetails?: ServiceDetail[] }>(world, DescribeVpcEndpointServicesCommand, (output) => {
      for (const detail of output.ServiceDetails ?? []) {
        if (detail.ServiceName?.endsWith('.ecr.api')) delete detail.PrivateDnsName;
        if (detail.ServiceName?.endsWith('.logs')) {
          delete detail.PrivateDnsName;
          delete detail.PrivateDnsNames;
        }
      }
    });
    const spec = buildSpec({ vpcId: world.demo.vpcId, subnetIds: world.demo.appSubnetIds, interfaceServices: ['ecr.api', 'ecr.dkr', 'logs'], gatewayServices: [] });

    const observation = await discover(ec2, spec, { owner: OWNER, accountId: world.sim.accountId, region: 'us-east-1', partition: 'aws' });

    expect(['ecr.api', 'ecr.dkr', 'logs'].map((name) => observation.interfaceOfferings.get(name)?.privateDnsName)).toEqual([
      'api.ecr.us-east-1.amazonaws.com',
      '*.dkr.ecr.us-east-1.amazonaws.com',
      undefined,
    ]);
  });
});
