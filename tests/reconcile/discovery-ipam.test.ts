import { DescribeIpamPoolsCommand } from '@aws-sdk/client-ec2';
import { desiredState } from '../../lib/reconcile/desired';
import { discover } from '../../lib/reconcile/discovery';
import { preflightProblems } from '../../lib/reconcile/preflight';
import { buildSpec } from '../support/spec-builder';
import { OWNER, ec2Error, failingFirst, startApplyWorld } from './apply/support';

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
