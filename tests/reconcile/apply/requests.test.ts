import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcEndpointCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import type { Action } from '../../../lib/reconcile/actions';
import { applyPlan, OwnershipViolationError, StaleObservationError } from '../../../lib/reconcile/apply';
import { modifyEndpointAction } from '../support/plan-invariants';
import { ec2Error, failingFirst, logsEndpointAction, ownedEndpointSubnet, OWNER_TAGS, startApplyWorld, type ApplyWorld } from './support';

/**
 * What the executor puts in each request, and how it reads EC2's refusals: details that change what EC2 is asked
 * for, or what CloudFormation is told, and that no lifecycle test pinned (npm run mutate -- apply).
 */

async function rejection(promise: Promise<unknown>): Promise<Error | undefined> {
  return promise.then(
    () => undefined,
    (caught: unknown) => caught as Error,
  );
}

/** An interface endpoint this owner made earlier in `subnetId`, private DNS off. */
async function ownedInterfaceEndpointIn(world: ApplyWorld, subnetId: string, service: string): Promise<string> {
  const created = await world.sim.call('CreateVpcEndpoint', {
    VpcEndpointType: 'Interface',
    VpcId: world.demo.vpcId,
    ServiceName: `com.amazonaws.us-east-1.${service}`,
    SubnetIds: [subnetId],
    PrivateDnsEnabled: false,
    TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: OWNER_TAGS }],
  });
  return (created.VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId;
}

/** A logs endpoint this owner made earlier, in an endpoint subnet of its own. */
async function ownedInterfaceEndpoint(world: ApplyWorld): Promise<{ endpointId: string; subnetId: string }> {
  const subnetId = await ownedEndpointSubnet(world);
  return { endpointId: await ownedInterfaceEndpointIn(world, subnetId, 'logs'), subnetId };
}

describe('the requests the executor sends', () => {
  it('names IpAddressType and DnsOptions on CreateVpcEndpoint only when the action sets them', async () => {
    const world = await startApplyWorld();
    const subnetId = await ownedEndpointSubnet(world);
    const tags = [{ key: 'vpce-provisioner:owner', value: 'vpce-0123456789abcdef' }];
    const plain = logsEndpointAction({ tags });
    const addressed = logsEndpointAction({
      tags,
      service: 'ecr.api',
      serviceName: 'com.amazonaws.us-east-1.ecr.api',
      addressing: { ipAddressType: 'ipv4', dnsRecordIpType: 'ipv4' },
      privateDnsOnlyForInboundResolverEndpoint: false,
    });
    const mark = world.mark();

    await applyPlan([plain, addressed], world.context([], { subnetIdsByAz: new Map([['use1-az1', subnetId]]) }));

    const inputs = world.writesSince(mark).map((write) => write.input);
    const of = (service: string) => inputs.find((input) => input['ServiceName'] === `com.amazonaws.us-east-1.${service}`) ?? {};
    expect(inputs).toHaveLength(2);
    expect(of('logs')).not.toHaveProperty('IpAddressType');
    expect(of('logs')).not.toHaveProperty('DnsOptions');
    expect(of('ecr.api')).toMatchObject({ IpAddressType: 'ipv4', DnsOptions: { DnsRecordIpType: 'ipv4', PrivateDnsOnlyForInboundResolverEndpoint: false } });
  });

  it('leaves out of ModifyVpcEndpoint every list with nothing in it', async () => {
    const world = await startApplyWorld();
    const { endpointId } = await ownedInterfaceEndpoint(world);
    const modification = modifyEndpointAction(endpointId, 'logs', { privateDnsEnabled: true });
    const mark = world.mark();

    await applyPlan([modification], world.context([endpointId]));

    expect(world.writesSince(mark)).toEqual([{ action: 'ModifyVpcEndpoint', input: { VpcEndpointId: endpointId, PrivateDnsEnabled: true } }]);
  });
});

describe('how the executor reads EC2\'s refusals', () => {
  it('takes a duplicate security group name as a sign it looked too early: look again, not FAILED', async () => {
    const world = await startApplyWorld();
    const ec2 = failingFirst(world, [CreateSecurityGroupCommand, ec2Error('InvalidGroup.Duplicate')]);
    const createGroup: Action = { kind: 'createSecurityGroup', groupName: 'vpce-0123456789abcdef-endpoints', description: 'HTTPS', tags: [] };

    const error = await rejection(applyPlan([createGroup], world.context([], { ec2 })));

    expect(error).toBeInstanceOf(StaleObservationError);
  });

  it.each<[string, typeof CreateTagsCommand | typeof DeleteTagsCommand, { set: { key: string; value: string }[]; removeKeys: string[] }]>([
    ['CreateTags', CreateTagsCommand, { set: [{ key: 'team', value: 'blue' }], removeKeys: [] }],
    ['DeleteTags', DeleteTagsCommand, { set: [], removeKeys: ['team'] }],
  ])('sends %s again while EC2 does not know a resource of its own yet', async (action, commandClass, change) => {
    const world = await startApplyWorld();
    const { subnetId } = await ownedInterfaceEndpoint(world);
    const ec2 = failingFirst(world, [commandClass, ec2Error('InvalidSubnetID.NotFound', `The subnet ID '${subnetId}' does not exist`)]);
    const mark = world.mark();

    await applyPlan([{ kind: 'updateTags', resourceIds: [subnetId], ...change }], world.context([subnetId], { ec2 }));

    expect(world.writesSince(mark).map((write) => write.action)).toEqual([action]);
  });

  it('takes an endpoint subnet that is already gone as deleted', async () => {
    const world = await startApplyWorld();
    const gone = 'subnet-0000000000000dead';

    const result = await applyPlan([{ kind: 'deleteSubnet', subnetId: gone, azId: 'use1-az1' }], world.context([gone]));

    expect(result.writes).toBe(0);
  });

  // EC2's error list gives a missing subnet two spellings (EC2 API reference, "Error codes"); either means it is gone.
  it.each(['InvalidSubnetID.NotFound', 'InvalidSubnetId.NotFound'])('takes a DeleteSubnet failing with %s as already deleted', async (code) => {
    const world = await startApplyWorld();
    const subnetId = await ownedEndpointSubnet(world);
    const ec2 = failingFirst(world, [DeleteSubnetCommand, ec2Error(code, `The subnet ID '${subnetId}' does not exist`)]);

    const applied = applyPlan([{ kind: 'deleteSubnet', subnetId, azId: 'use1-az1' }], world.context([subnetId], { ec2 }));

    await expect(applied).resolves.toMatchObject({ deletedEndpointIds: [] });
  });

  it.each<[string, string | undefined, string]>([
    [
      'InvalidIpamPoolId.NotFound',
      'ipam-pool-0123456789abcdef0',
      'Ipv4IpamPoolId ipam-pool-0123456789abcdef0 does not exist or is not shared with this account (InvalidIpamPoolId.NotFound: refused). Check the pool ID, or leave Ipv4IpamPoolId out to carve endpoint subnets from the VPC.',
    ],
    [
      'InsufficientCidrBlocks',
      'ipam-pool-0123456789abcdef0',
      "Ipv4IpamPoolId ipam-pool-0123456789abcdef0 has no free /28 inside the VPC for the endpoint subnet in use1-az1 (InsufficientCidrBlocks: refused). Provision more CIDRs to the pool (inside the VPC's CIDR blocks) or release unused allocations, ask for smaller subnets with a larger SubnetPrefixLength, or leave Ipv4IpamPoolId out to carve from the VPC.",
    ],
    [
      'IpamPoolCidrAllocationFailed',
      'ipam-pool-0123456789abcdef0',
      "Ipv4IpamPoolId ipam-pool-0123456789abcdef0 has no free /28 inside the VPC for the endpoint subnet in use1-az1 (IpamPoolCidrAllocationFailed: refused). Provision more CIDRs to the pool (inside the VPC's CIDR blocks) or release unused allocations, ask for smaller subnets with a larger SubnetPrefixLength, or leave Ipv4IpamPoolId out to carve from the VPC.",
    ],
    ['InvalidSubnet.Range', undefined, 'Could not create the endpoint subnet in use1-az1: InvalidSubnet.Range: refused'],
    // A carved block in a VPC whose addresses IPAM manages: EC2 may still answer in IPAM's terms.
    ['InsufficientCidrBlocks', undefined, 'Could not create the endpoint subnet in use1-az1: InsufficientCidrBlocks: refused'],
    ['IpamPoolCidrAllocationFailed', undefined, 'Could not create the endpoint subnet in use1-az1: IpamPoolCidrAllocationFailed: refused'],
    ['InvalidIpamPoolId.NotFound', undefined, 'Could not create the endpoint subnet in use1-az1: InvalidIpamPoolId.NotFound: refused'],
  ])('answers a CreateSubnet refused with %s with what to change', async (code, ipamPoolId, problem) => {
    const world = await startApplyWorld();
    const ec2 = failingFirst(world, [CreateSubnetCommand, ec2Error(code, 'refused')]);
    const create: Action = { kind: 'createSubnet', azId: 'use1-az1', prefixLength: 28, tags: [], ...(ipamPoolId ? { ipamPoolId } : { cidr: '10.0.250.0/28' }) };

    const error = await rejection(applyPlan([create], world.context([], { ec2 })));

    expect((error as { problems?: string[] }).problems).toEqual([problem]);
    expect((error as { terminal?: boolean }).terminal).toBe(true);
  });

  it('answers a CreateSubnet refused at the subnet quota with the quota and how to raise it', async () => {
    const world = await startApplyWorld();
    const ec2 = failingFirst(world, [CreateSubnetCommand, ec2Error('SubnetLimitExceeded', 'refused')]);
    const create: Action = { kind: 'createSubnet', azId: 'use1-az1', prefixLength: 28, tags: [], cidr: '10.0.250.0/28' };

    const error = await rejection(applyPlan([create], world.context([], { ec2 })));

    const [problem] = (error as { problems?: string[] }).problems ?? [];
    expect(problem).toMatch(/^Could not create the endpoint subnet in use1-az1: SubnetLimitExceeded: refused\. The account is at its quota "Subnets per VPC"; .*L-407747CB/);
    expect((error as { terminal?: boolean }).terminal).toBe(true);
  });

  it.each(['InvalidVpcEndpointId.NotFound', 'InvalidVpcEndpoint.NotFound'])('takes a DeleteVpcEndpoints item failing with %s as already deleted', async (code) => {
    const world = await startApplyWorld();
    const { endpointId } = await ownedInterfaceEndpoint(world);
    world.sim.faults.deleteEndpointFailure = (id) => (id === endpointId ? { code, message: 'does not exist' } : undefined);

    const result = await applyPlan([{ kind: 'deleteEndpoints', endpointIds: [endpointId] }], world.context([endpointId]));

    expect(result.deletedEndpointIds).toEqual([endpointId]);
  });

  it('names every endpoint that could not be deleted, separated so each reads on its own', async () => {
    const world = await startApplyWorld();
    const first = await ownedInterfaceEndpoint(world);
    const second = await ownedInterfaceEndpointIn(world, first.subnetId, 'ecr.api');
    world.sim.faults.deleteEndpointFailure = () => ({ code: 'OperationNotPermitted', message: 'not now' });
    const ids = [first.endpointId, second].sort();

    const error = await rejection(applyPlan([{ kind: 'deleteEndpoints', endpointIds: ids }], world.context(ids)));

    expect(error?.message).toBe(`Could not delete endpoints: ${ids[0]} (OperationNotPermitted: not now); ${ids[1]} (OperationNotPermitted: not now)`);
  });

  it.each(['InvalidServiceName', 'InvalidParameter', 'RouteAlreadyExists', 'InvalidGroup.NotFound', 'InvalidPolicyDocument'])('answers a CreateVpcEndpoint refused with %s as a terminal problem naming the endpoint and its service', async (code) => {
    const world = await startApplyWorld();
    const subnetId = await ownedEndpointSubnet(world);
    const ec2 = failingFirst(world, [CreateVpcEndpointCommand, ec2Error(code, 'refused')]);
    const create = logsEndpointAction();

    const error = await rejection(applyPlan([create], world.context([], { ec2, subnetIdsByAz: new Map([['use1-az1', subnetId]]) })));

    expect(error?.message).toContain(`Could not create the interface endpoint for logs: ${code}`);
    expect((error as { terminal?: boolean }).terminal).toBe(true);
  });

  it('takes a security group of its own that is already gone as deleted', async () => {
    const world = await startApplyWorld();
    const gone = 'sg-00000000000000dead';

    const result = await applyPlan([{ kind: 'deleteSecurityGroup', groupId: gone }], world.context([gone]));

    expect(result.writes).toBe(0);
  });

  it.each(['InvalidParameter', 'RouteAlreadyExists', 'InvalidGroup.NotFound', 'InvalidPolicyDocument'])(
    'answers a ModifyVpcEndpoint refused with %s as a terminal problem naming the endpoint and its service',
    async (code) => {
      const world = await startApplyWorld();
      const { endpointId } = await ownedInterfaceEndpoint(world);
      const ec2 = failingFirst(world, [ModifyVpcEndpointCommand, ec2Error(code, 'refused')]);

      const error = await rejection(applyPlan([modifyEndpointAction(endpointId, 'logs', { privateDnsEnabled: true })], world.context([endpointId], { ec2 })));

      expect((error as { problems?: string[] }).problems).toEqual([`Could not modify endpoint ${endpointId} (logs): ${code}: refused`]);
      expect((error as { terminal?: boolean }).terminal).toBe(true);
    },
  );

  it('leaves any other refusal of ModifyVpcEndpoint retryable', async () => {
    const world = await startApplyWorld();
    const { endpointId } = await ownedInterfaceEndpoint(world);
    const ec2 = failingFirst(world, [ModifyVpcEndpointCommand, ec2Error('IncorrectState', 'the endpoint is busy')]);

    const error = await rejection(applyPlan([modifyEndpointAction(endpointId, 'logs', { privateDnsEnabled: true })], world.context([endpointId], { ec2 })));

    expect(error?.name).toBe('IncorrectState');
    expect((error as { terminal?: boolean }).terminal).not.toBe(true);
  });

  it('answers the security group at its rule quota as a terminal problem naming the group, the quota and the remedy', async () => {
    const world = await startApplyWorld();
    const groupId = await world.ownedGroup([]);
    const ec2 = failingFirst(world, [AuthorizeSecurityGroupIngressCommand, ec2Error('RulesPerSecurityGroupLimitExceeded', 'too many rules')]);

    const error = await rejection(applyPlan([{ kind: 'authorizeIngress', groupId, cidrs: ['10.0.0.0/20'] }], world.context([groupId], { ec2 })));

    const [problem] = (error as { problems?: string[] }).problems ?? [];
    expect(problem).toMatch(new RegExp(`^Could not admit the application CIDRs to ${groupId}: RulesPerSecurityGroupLimitExceeded: too many rules\\. The account is at its quota "Inbound or outbound rules per security group"`));
    expect((error as { terminal?: boolean }).terminal).toBe(true);
  });

  it('names its refusal of a foreign resource as an OwnershipViolationError', async () => {
    const world = await startApplyWorld();

    const error = await rejection(applyPlan([{ kind: 'deleteSubnet', subnetId: world.demo.appSubnetIds[0] as string, azId: 'use1-az1' }], world.context([])));

    expect(error).toBeInstanceOf(OwnershipViolationError);
    expect(error?.name).toBe('OwnershipViolationError');
  });
});
