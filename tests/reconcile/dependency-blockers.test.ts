/**
 * What keeps an endpoint subnet or the managed group from being deleted, read against the simulator: endpoint ENIs that
 * go by themselves (waited for), and everything that does not (another party's ENI, another group's rule: FAILED at
 * once, named for a person). The lifecycle scenarios in tests/features meet the same through whole Deletes.
 */
import { DeleteSecurityGroupCommand, DeleteSubnetCommand, DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { StaleObservationError, StillPendingError } from '../../lib/errors';
import {
  BlockedByDependencyError,
  GROUP_ADVICE,
  SUBNET_ADVICE,
  deleteOnceFree,
  groupBlockers,
  subnetBlockers,
  type DependencyContext,
  type Deletion,
} from '../../lib/reconcile/dependency-blockers';
import { OWNER, OWNER_TAGS, ec2Error, ownedEndpointSubnet, rewritingAnswers, startApplyWorld, type ApplyWorld } from './apply/support';

/** An interface endpoint of this owner in `subnetId` behind `groupId`, available. Returns its ID. */
async function ownedEndpoint(world: ApplyWorld, subnetId: string, groupId: string): Promise<string> {
  const created = await world.sim.call('CreateVpcEndpoint', {
    VpcId: world.demo.vpcId,
    ServiceName: 'com.amazonaws.us-east-1.logs',
    VpcEndpointType: 'Interface',
    SubnetIds: [subnetId],
    SecurityGroupIds: [groupId],
    PrivateDnsEnabled: false,
    TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: OWNER_TAGS }],
  });
  await world.clock.advance(120_000);
  return (created.VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId;
}

/** The demo world with an endpoint subnet and a managed group this owner made earlier, both empty. */
async function subnetAndGroup(timing: Parameters<typeof startApplyWorld>[0] = {}): Promise<{ world: ApplyWorld; subnetId: string; groupId: string }> {
  const world = await startApplyWorld(timing);
  return { world, subnetId: await ownedEndpointSubnet(world), groupId: await world.ownedGroup([]) };
}

function dependencyContext(world: ApplyWorld, deletedEndpointIds: readonly string[], remainingMs = 600_000): DependencyContext {
  const deadline = world.clock.now() + remainingMs;
  return { ec2: world.sim.client(), clock: world.clock, remainingMs: () => deadline - world.clock.now(), vpcId: world.demo.vpcId, owner: OWNER, deletedEndpointIds };
}

function subnetDeletion(world: ApplyWorld, subnetId: string): Deletion {
  return { kind: 'subnet', id: subnetId, attempt: () => world.sim.client().send(new DeleteSubnetCommand({ SubnetId: subnetId })) };
}

function groupDeletion(world: ApplyWorld, groupId: string): Deletion {
  return { kind: 'security group', id: groupId, attempt: () => world.sim.client().send(new DeleteSecurityGroupCommand({ GroupId: groupId })) };
}

async function exists(world: ApplyWorld, kind: 'subnet' | 'group', id: string): Promise<boolean> {
  const output =
    kind === 'subnet'
      ? await world.sim.call('DescribeSubnets', { Filters: [{ Name: 'subnet-id', Values: [id] }] })
      : await world.sim.call('DescribeSecurityGroups', { Filters: [{ Name: 'group-id', Values: [id] }] });
  return ((kind === 'subnet' ? output.Subnets : output.SecurityGroups) as unknown[]).length > 0;
}

describe('subnetBlockers', () => {
  it("sorts the subnet's ENIs into endpoint ENIs and the rest, naming each of the rest for a person", async () => {
    const { world, subnetId, groupId } = await subnetAndGroup();
    await ownedEndpoint(world, subnetId, groupId);
    const instanceEni = world.sim.admin.placeForeignEni(subnetId, { instanceId: 'i-0123456789abcdef0' });
    const lambdaEni = world.sim.admin.placeForeignEni(subnetId, { interfaceType: 'lambda', requesterId: 'AROAEXAMPLE:lambda', description: 'AWS Lambda VPC ENI-fn' });

    const blockers = await subnetBlockers(world.sim.client(), subnetId);

    expect(blockers.endpointEnis).toEqual([expect.stringMatching(/^eni-/)]);
    expect(blockers.endpointEnis).not.toContain(instanceEni);
    expect(blockers.permanent).toEqual([
      `network interface ${instanceEni} (type interface, attached to instance i-0123456789abcdef0, owner ${world.sim.accountId}, "Primary network interface of i-0123456789abcdef0") is in use there`,
      `network interface ${lambdaEni} (type lambda, managed by AROAEXAMPLE:lambda, owner ${world.sim.accountId}, "AWS Lambda VPC ENI-fn") is in use there`,
    ]);
  });

  it('finds nothing in an empty subnet', async () => {
    const world = await startApplyWorld();
    await expect(subnetBlockers(world.sim.client(), await ownedEndpointSubnet(world))).resolves.toEqual({ endpointEnis: [], permanent: [] });
  });
});

describe('groupBlockers', () => {
  it("names other groups' inbound and outbound rules that reference the group, and ENIs using it; not its own rule", async () => {
    const world = await startApplyWorld();
    const groupId = await world.ownedGroup([]);
    const created = await world.sim.call('CreateSecurityGroup', { VpcId: world.demo.vpcId, GroupName: 'app-tier', Description: 'another team' });
    const otherId = created.GroupId as string;
    const egressCreated = await world.sim.call('CreateSecurityGroup', { VpcId: world.demo.vpcId, GroupName: 'batch-tier', Description: 'a third team' });
    const egressId = egressCreated.GroupId as string;
    const fromGroup = [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: groupId }] }];
    await world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: otherId, IpPermissions: fromGroup });
    // The simulator has no AuthorizeSecurityGroupEgress: the third team's outbound rule goes into its state directly.
    world.sim.state.securityGroups
      .get(egressId)
      ?.egress.push({ ruleId: 'sgr-0000000000egress1', protocol: 'tcp', fromPort: 443, toPort: 443, source: { kind: 'group', groupId, userId: world.sim.accountId } });
    await world.sim.call('AuthorizeSecurityGroupIngress', { GroupId: groupId, IpPermissions: fromGroup });
    const eni = world.sim.admin.placeForeignEni(world.demo.appSubnetIds[0] as string, { groupIds: [groupId], instanceId: 'i-0aaaaaaaaaaaaaaaa' });

    const blockers = await groupBlockers(world.sim.client(), groupId);

    expect(blockers.endpointEnis).toEqual([]);
    expect(blockers.permanent).toEqual([
      expect.stringMatching(new RegExp(`^network interface ${eni} \\(type interface, attached to instance i-0aaaaaaaaaaaaaaaa`)),
      `an inbound rule of security group ${otherId} (app-tier) references it`,
      `an outbound rule of security group ${egressId} (batch-tier) references it`,
    ]);
  });
});

describe('deleteOnceFree', () => {
  it('waits for the ENIs of the endpoints this run deleted, then deletes the subnet and the group', async () => {
    const { world, subnetId, groupId } = await subnetAndGroup();
    const endpointId = await ownedEndpoint(world, subnetId, groupId);
    await world.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [endpointId] });
    const started = world.clock.now();

    await deleteOnceFree([subnetDeletion(world, subnetId), groupDeletion(world, groupId)], dependencyContext(world, [endpointId]));

    expect(await exists(world, 'subnet', subnetId)).toBe(false);
    expect(await exists(world, 'group', groupId)).toBe(false);
    // The endpoint takes 45 s to read deleted and its ENIs 20 s more to go (the simulator's timing): waited, not failed.
    expect(world.clock.now() - started).toBeGreaterThanOrEqual(65_000);
  });

  it('deletes within one poll (at most 5 s) of the endpoint reading deleted, where its ENIs go at once', async () => {
    const { world, subnetId, groupId } = await subnetAndGroup({ eniLingerMs: 0 });
    const endpointId = await ownedEndpoint(world, subnetId, groupId);
    await world.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [endpointId] });
    const started = world.clock.now();

    await deleteOnceFree([subnetDeletion(world, subnetId), groupDeletion(world, groupId)], dependencyContext(world, [endpointId]));

    // The simulator's endpoint reads deleted 45 s after DeleteVpcEndpoints.
    expect(world.clock.now() - started).toBeGreaterThanOrEqual(45_000);
    expect(world.clock.now() - started).toBeLessThanOrEqual(50_000);
  });

  it('is not troubled by endpoints of ours it need not wait for: one elsewhere that the plan keeps, one an earlier run deleted', async () => {
    const { world, subnetId, groupId } = await subnetAndGroup();
    const deletedNow = await ownedEndpoint(world, subnetId, groupId);
    const deletedEarlier = await ownedEndpoint(world, subnetId, groupId);
    const keptGroup = await world.ownedGroup([]);
    await ownedEndpoint(world, world.demo.appSubnetIds[0] as string, keptGroup);
    await world.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [deletedEarlier] });
    await world.clock.advance(10_000);
    await world.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [deletedNow] });

    await deleteOnceFree([subnetDeletion(world, subnetId), groupDeletion(world, groupId)], dependencyContext(world, [deletedNow]));

    expect(await exists(world, 'subnet', subnetId)).toBe(false);
    expect(await exists(world, 'group', keptGroup)).toBe(true);
  });

  it('does not take an endpoint this run deleted for an unplanned one while EC2 still reads it available', async () => {
    const { world, subnetId, groupId } = await subnetAndGroup();
    const endpointId = await ownedEndpoint(world, subnetId, groupId);
    await world.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [endpointId] });
    // Eventual consistency: the first read after the deletion still shows the endpoint available.
    let staleReads = 1;
    const ec2 = rewritingAnswers<{ VpcEndpoints?: { State?: string }[] }>(world, DescribeVpcEndpointsCommand, (output) => {
      if (staleReads-- > 0) for (const endpoint of output.VpcEndpoints ?? []) endpoint.State = 'available';
    });

    await deleteOnceFree([subnetDeletion(world, subnetId)], { ...dependencyContext(world, [endpointId]), ec2 });

    expect(await exists(world, 'subnet', subnetId)).toBe(false);
  });

  it('tries the group again at once in the round its subnets went, and only then', async () => {
    const { world, subnetId, groupId } = await subnetAndGroup();
    const refusedOnce = (deletion: Deletion): Deletion & { attempts: number[] } => {
      const attempts: number[] = [];
      return {
        ...deletion,
        attempts,
        attempt: () => {
          attempts.push(world.clock.now());
          return attempts.length === 1 ? Promise.reject(ec2Error('DependencyViolation', `resource ${deletion.id} has a dependent object`)) : deletion.attempt();
        },
      };
    };

    // The group's call reached EC2 a moment before the last ENI went; the subnet's came after it.
    const group = refusedOnce(groupDeletion(world, groupId));
    const start = world.clock.now();
    await deleteOnceFree([subnetDeletion(world, subnetId), group], dependencyContext(world, []));
    expect(group.attempts).toEqual([start, start]);

    // A group alone has no subnets that just went: it is tried again after a poll, not at once.
    const other = refusedOnce(groupDeletion(world, await world.ownedGroup([])));
    const again = world.clock.now();
    await deleteOnceFree([other], dependencyContext(world, []));
    expect(other.attempts).toHaveLength(2);
    expect((other.attempts[1] as number) - again).toBeGreaterThanOrEqual(2_000);
  });

  it.each<[string, 'subnet' | 'security group', string]>([
    ['subnet', 'subnet', SUBNET_ADVICE],
    ['security group', 'security group', GROUP_ADVICE],
  ])("fails at once, naming the blocker and what to do, when another party's ENI uses the %s", async (_case, kind, advice) => {
    const { world, subnetId, groupId } = await subnetAndGroup();
    const eni = world.sim.admin.placeForeignEni(subnetId, { groupIds: [groupId] });
    const deletion = kind === 'subnet' ? subnetDeletion(world, subnetId) : groupDeletion(world, groupId);
    let attempts = 0;
    const target: Deletion = { ...deletion, attempt: () => (attempts++, deletion.attempt()) };
    const started = world.clock.now();

    const failure = await deleteOnceFree([target], dependencyContext(world, [])).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(BlockedByDependencyError);
    // A person must act: CloudFormation gets FAILED, no hand-over; found for the price of one refused call.
    expect((failure as BlockedByDependencyError).terminal).toBe(true);
    expect(attempts).toBe(1);
    expect((failure as Error).message).toMatch(new RegExp(`^Cannot delete ${kind} ${target.id}: network interface ${eni} .*is in use there\\. `));
    expect((failure as Error).message.endsWith(advice)).toBe(true);
    expect(world.clock.now() - started).toBeLessThan(1_000);
  });

  it('reads an endpoint of ours that the plan did not delete, in the subnet, as an out-of-date observation', async () => {
    const { world, subnetId, groupId } = await subnetAndGroup();
    const unplanned = await ownedEndpoint(world, subnetId, groupId);

    const failure = deleteOnceFree([subnetDeletion(world, subnetId)], dependencyContext(world, []));

    await expect(failure).rejects.toThrow(StaleObservationError);
    await expect(failure).rejects.toThrow(`endpoint ${unplanned} uses subnet ${subnetId} but was not seen when the plan was made`);
  });

  it("reads an unplanned endpoint behind the group alone as out of date too (the group's check, not the subnet's)", async () => {
    const { world, subnetId, groupId } = await subnetAndGroup();
    const unplanned = await ownedEndpoint(world, subnetId, groupId);

    await expect(deleteOnceFree([groupDeletion(world, groupId)], dependencyContext(world, []))).rejects.toThrow(
      `endpoint ${unplanned} uses security group ${groupId} but was not seen when the plan was made`,
    );
  });

  it("hands over when time runs out, quoting EC2's last refusal", async () => {
    const { world, subnetId, groupId } = await subnetAndGroup();
    const endpointId = await ownedEndpoint(world, subnetId, groupId);
    await world.sim.call('DeleteVpcEndpoints', { VpcEndpointIds: [endpointId] });

    const failure = await deleteOnceFree([subnetDeletion(world, subnetId)], dependencyContext(world, [endpointId], 10_000)).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(StillPendingError);
    expect((failure as Error).message).toMatch(new RegExp(`^Still waiting for subnet ${subnetId} to be free of network interfaces: endpoint ${endpointId} to finish deleting \\(DependencyViolation`));
    expect(await exists(world, 'subnet', subnetId)).toBe(true);
  });

  it('retries InvalidGroup.InUse as it does DependencyViolation, and lets any other error through', async () => {
    const world = await startApplyWorld();
    const groupId = await world.ownedGroup([]);
    const answers = [ec2Error('InvalidGroup.InUse', 'There are active network interfaces or other references to the group')];
    const inUseOnce: Deletion = {
      kind: 'security group',
      id: groupId,
      attempt: () => {
        const refusal = answers.shift();
        return refusal ? Promise.reject(refusal) : world.sim.client().send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
      },
    };
    await deleteOnceFree([inUseOnce], dependencyContext(world, []));
    expect(await exists(world, 'group', groupId)).toBe(false);

    const denied = ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.');
    const refused: Deletion = { kind: 'subnet', id: 'subnet-0000000000000dead', attempt: () => Promise.reject(denied) };
    await expect(deleteOnceFree([refused], dependencyContext(world, []))).rejects.toBe(denied);
  });
});
