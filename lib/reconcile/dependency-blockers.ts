import { DescribeNetworkInterfacesCommand, DescribeSecurityGroupsCommand, type NetworkInterface, type SecurityGroup } from '@aws-sdk/client-ec2';
import type { Clock } from '../clock';
import { paginate } from './discovery';
import { describeError, isEc2Error } from '../ec2/errors';
import type { Ec2Sender } from '../ec2/paced-client';
import { ProvisionerError, StaleObservationError, StillPendingError } from '../errors';
import type { ObservedEndpoint } from './observed';
import { describeOwnedEndpoints } from './observe-owned';
import type { Owner } from './ownership';
import { waitFor } from './wait';

/**
 * What keeps a subnet or a security group from being deleted when EC2 answers `DependencyViolation`.
 *
 * The same error means two different things (aws-facts.md, "Subnets and CIDRs"): endpoint ENIs that linger for a while
 * after their endpoint is deleted go away by themselves, while another party's ENI (an instance, a Lambda, a load
 * balancer someone placed in the endpoint subnet) or another group's rule referencing the managed group stays until a
 * person removes it. Only the first is worth waiting for.
 */
export interface Blockers {
  /** Endpoint ENIs (`vpc_endpoint`): they go once their endpoint is deleted. */
  readonly endpointEnis: readonly string[];
  /** Everything else, each described for a person: it will not go by itself. */
  readonly permanent: readonly string[];
}

/** A subnet or group that cannot be deleted while something of someone else's depends on it. A person must act. */
export class BlockedByDependencyError extends ProvisionerError {
  override readonly terminal = true;

  constructor(
    readonly resourceId: string,
    readonly blockers: readonly string[],
    advice: string,
  ) {
    super(`Cannot delete ${resourceId}: ${blockers.join('; ')}. ${advice}`);
    this.name = 'BlockedByDependencyError';
  }
}

/**
 * EC2's answers for a subnet or group something still depends on: `DependencyViolation`, and for a security group also
 * `InvalidGroup.InUse` (EC2 API reference, "Error codes"; aws-facts.md, "Subnets and CIDRs").
 */
const IN_USE_CODES = ['DependencyViolation', 'InvalidGroup.InUse'];

/**
 * Shared by the deletions of one run: once one of them is blocked by something that will not go by itself, the run will
 * answer FAILED, so the others stop waiting for their endpoint ENIs at their next look instead of holding the answer
 * back until they drain (ten minutes or more). What they leave is deleted by the next Delete, once the blocker is gone.
 */
export class BlockedDeletions {
  /** The first permanent blocker found in this run, if any. */
  blocked: BlockedByDependencyError | undefined;
}

export interface DependencyContext {
  readonly ec2: Ec2Sender;
  readonly clock: Clock;
  readonly remainingMs: () => number;
  readonly vpcId: string;
  readonly owner: Owner;
  /** Endpoints this run deleted, or found being deleted: their ENIs are the ones worth waiting for. */
  readonly deletedEndpointIds: readonly string[];
  /** The same object for every deletion of the run (see BlockedDeletions); without it each deletion waits on its own. */
  readonly blockedDeletions?: BlockedDeletions;
}

/**
 * Deletes a subnet or the managed group, retrying while EC2 answers DependencyViolation (or InvalidGroup.InUse) because
 * endpoint ENIs linger, and looking each time at what blocks: someone else's ENI or rule fails at once
 * (BlockedByDependencyError, naming it, and the run's other deletions stop waiting: see BlockedDeletions); an endpoint
 * of ours that the plan did not delete means the observation was out of date (StaleObservationError).
 */
export async function deleteOnceFree(
  target: { kind: 'subnet' | 'security group'; id: string },
  context: DependencyContext,
  attempt: () => Promise<unknown>,
): Promise<void> {
  const what = `${target.kind} ${target.id}`;
  let lastError: unknown;
  await waitFor({
    clock: context.clock,
    remainingMs: context.remainingMs,
    what: `${what} to be free of network interfaces`,
    check: async () => {
      // Another deletion of the run met a blocker that stays: the answer is FAILED whatever this one does.
      const blocked = context.blockedDeletions?.blocked;
      if (blocked) throw blocked;
      try {
        await attempt();
        return { done: true, pending: [] };
      } catch (error) {
        if (!isEc2Error(error, ...IN_USE_CODES)) throw error;
        lastError = error;
        try {
          await diagnose(target, context);
        } catch (diagnosis) {
          if (diagnosis instanceof BlockedByDependencyError && context.blockedDeletions && !context.blockedDeletions.blocked) {
            context.blockedDeletions.blocked = diagnosis;
          }
          throw diagnosis;
        }
        return { done: false, pending: [what] };
      }
    },
  }).catch((error: unknown) => {
    if (error instanceof StillPendingError && lastError) throw new StillPendingError(`${error.message} (${describeError(lastError)})`, error.pending);
    throw error;
  });
}

async function diagnose(target: { kind: 'subnet' | 'security group'; id: string }, context: DependencyContext): Promise<void> {
  const what = `${target.kind} ${target.id}`;
  const isSubnet = target.kind === 'subnet';
  const blockers = isSubnet ? await subnetBlockers(context.ec2, target.id) : await groupBlockers(context.ec2, target.id);
  if (blockers.permanent.length > 0) throw new BlockedByDependencyError(what, blockers.permanent, isSubnet ? SUBNET_ADVICE : GROUP_ADVICE);
  const uses = (endpoint: ObservedEndpoint) => (isSubnet ? endpoint.subnetIds : endpoint.groupIds).includes(target.id);
  const endpoints = await describeOwnedEndpoints(context.ec2, context.vpcId, context.owner);
  const unplanned = endpoints.filter(
    (endpoint) => uses(endpoint) && !['deleting', 'deleted'].includes(endpoint.state) && !context.deletedEndpointIds.includes(endpoint.endpointId),
  );
  if (unplanned.length > 0) {
    throw new StaleObservationError(`endpoint ${unplanned.map((endpoint) => endpoint.endpointId).join(', ')} uses ${what} but was not seen when the plan was made`);
  }
}

/** ENIs in the subnet, sorted into endpoint ENIs and the rest. */
export async function subnetBlockers(ec2: Ec2Sender, subnetId: string): Promise<Blockers> {
  const enis = await networkInterfaces(ec2, 'subnet-id', subnetId);
  return {
    endpointEnis: enis.filter(isEndpointEni).map((eni) => eni.NetworkInterfaceId ?? ''),
    permanent: enis.filter((eni) => !isEndpointEni(eni)).map(describeEni),
  };
}

/** ENIs using the group, and other groups whose rules name it as source or destination. */
export async function groupBlockers(ec2: Ec2Sender, groupId: string): Promise<Blockers> {
  const [enis, inbound, outbound] = await Promise.all([
    networkInterfaces(ec2, 'group-id', groupId),
    referencingGroups(ec2, 'ip-permission.group-id', groupId),
    referencingGroups(ec2, 'egress.ip-permission.group-id', groupId),
  ]);
  const rules = [
    ...inbound.map((group) => `an inbound rule of security group ${describeGroup(group)} references it`),
    ...outbound.map((group) => `an outbound rule of security group ${describeGroup(group)} references it`),
  ];
  return {
    endpointEnis: enis.filter(isEndpointEni).map((eni) => eni.NetworkInterfaceId ?? ''),
    permanent: [...enis.filter((eni) => !isEndpointEni(eni)).map(describeEni), ...rules],
  };
}

/** What a person should do about permanent blockers of an endpoint subnet. */
export const SUBNET_ADVICE =
  'The endpoint subnet is dedicated to the endpoints; move or remove what was placed in it (terminate the instance, detach or delete the network interface), then retry.';

/** What a person should do about permanent blockers of the managed group. */
export const GROUP_ADVICE =
  'Remove the rules that reference the managed security group and take it off the network interfaces that use it, then retry.';

/** Endpoint ENIs are of type `vpc_endpoint` (EC2 API reference, NetworkInterface: InterfaceType). */
function isEndpointEni(eni: NetworkInterface): boolean {
  return (eni.InterfaceType ?? '').toLowerCase() === 'vpc_endpoint';
}

function describeEni(eni: NetworkInterface): string {
  const details = [
    `type ${eni.InterfaceType ?? 'unknown'}`,
    ...(eni.Attachment?.InstanceId ? [`attached to instance ${eni.Attachment.InstanceId}`] : []),
    ...(eni.RequesterManaged && eni.RequesterId ? [`managed by ${eni.RequesterId}`] : []),
    ...(eni.OwnerId ? [`owner ${eni.OwnerId}`] : []),
    ...(eni.Description ? [`"${eni.Description}"`] : []),
  ];
  return `network interface ${eni.NetworkInterfaceId} (${details.join(', ')}) is in use there`;
}

function describeGroup(group: SecurityGroup): string {
  return group.GroupName ? `${group.GroupId} (${group.GroupName})` : `${group.GroupId}`;
}

async function networkInterfaces(ec2: Ec2Sender, filter: 'subnet-id' | 'group-id', value: string): Promise<NetworkInterface[]> {
  return paginate<NetworkInterface>(
    ec2,
    (token) => new DescribeNetworkInterfacesCommand({ Filters: [{ Name: filter, Values: [value] }], MaxResults: 1000, NextToken: token }),
    'NetworkInterfaces',
  );
}

async function referencingGroups(ec2: Ec2Sender, filter: string, groupId: string): Promise<SecurityGroup[]> {
  const groups = await paginate<SecurityGroup>(
    ec2,
    (token) => new DescribeSecurityGroupsCommand({ Filters: [{ Name: filter, Values: [groupId] }], MaxResults: 1000, NextToken: token }),
    'SecurityGroups',
  );
  // A group's rule naming itself does not keep it from being deleted.
  return groups.filter((group) => group.GroupId !== groupId);
}
