import { DescribeNetworkInterfacesCommand, DescribeSecurityGroupsCommand, type NetworkInterface, type SecurityGroup } from '@aws-sdk/client-ec2';
import type { Clock } from '../clock';
import { paginate } from '../ec2/paginate';
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

export interface DependencyContext {
  readonly ec2: Ec2Sender;
  readonly clock: Clock;
  readonly remainingMs: () => number;
  readonly vpcId: string;
  readonly owner: Owner;
  /** Endpoints this run deleted, or found being deleted: their ENIs are the ones worth waiting for. */
  readonly deletedEndpointIds: readonly string[];
}

/** One subnet or group to delete, and the call that deletes it (resolving when it is gone, or was already). */
export interface Deletion {
  readonly kind: 'subnet' | 'security group';
  readonly id: string;
  readonly attempt: () => Promise<unknown>;
}

/**
 * Deletes subnets and the managed group, retrying while EC2 answers DependencyViolation (or InvalidGroup.InUse) because
 * endpoint ENIs linger, and looking each time at what blocks: someone else's ENI or rule fails at once
 * (BlockedByDependencyError, naming it); an endpoint of ours that the plan did not delete means the observation was out
 * of date (StaleObservationError).
 *
 * The deletions go in lockstep, every one still pending tried in the same round: the group's lingering ENIs are the
 * subnets' (an endpoint ENI sits in an endpoint subnet and uses the group), so the round that frees the subnets frees
 * the group too, where separate retry loops drifted apart and the group trailed the last subnet. And when the group's
 * call reached EC2 a moment before the last ENI went while the last subnet's came after it, the group is tried again at
 * once rather than a poll (2–5 s) later. A blocker found in one deletion ends the wait for all of them: the answer is
 * FAILED whatever the others do, and what they leave goes with the next Delete, once the blocker is gone.
 *
 * The first round comes right after the endpoints' deletion, without polling them first: where EC2 deletes them at once
 * it is the round that succeeds, and where it takes a minute it names a foreign blocker a minute sooner, for the price
 * of one refused call per deletion. Later rounds wait, with a single `DescribeVpcEndpoints` each, until the endpoints
 * this run deleted read `deleted` (only then do their ENIs start to go), and then try again.
 */
export async function deleteOnceFree(deletions: readonly Deletion[], context: DependencyContext): Promise<void> {
  let pending = [...deletions];
  let lastError: unknown;
  // Unknown until the first round, which tries the deletions at once (see above); known from each diagnosis after it.
  let endpointsLeaving: readonly string[] = [];
  await waitFor({
    clock: context.clock,
    remainingMs: context.remainingMs,
    what: `${pending.map(describeTarget).join(', ')} to be free of network interfaces`,
    check: async () => {
      if (endpointsLeaving.length > 0) {
        endpointsLeaving = stillLeaving(await describeOwnedEndpoints(context.ec2, context.vpcId, context.owner), context.deletedEndpointIds);
        if (endpointsLeaving.length > 0) return { done: false, pending: endpointsLeaving.map((id) => `endpoint ${id} to finish deleting`) };
      }
      let inUse = await attemptAll(pending);
      const subnetsJustWent = pending.some((deletion) => deletion.kind === 'subnet') && inUse.every(({ deletion }) => deletion.kind !== 'subnet');
      if (subnetsJustWent && inUse.length > 0) inUse = await attemptAll(inUse.map(({ deletion }) => deletion));
      pending = inUse.map(({ deletion }) => deletion);
      if (pending.length === 0) return { done: true, pending: [] };
      lastError = inUse[0]?.error;
      const endpoints = await diagnose(pending, context);
      endpointsLeaving = stillLeaving(endpoints, context.deletedEndpointIds);
      return { done: false, pending: pending.map(describeTarget) };
    },
  }).catch((error: unknown) => {
    if (error instanceof StillPendingError && lastError) throw new StillPendingError(`${error.message} (${describeError(lastError)})`, error.pending);
    throw error;
  });
}

/** The endpoints this run deleted that EC2 does not yet report `deleted`: until they are, their ENIs stay. */
function stillLeaving(endpoints: readonly ObservedEndpoint[], deletedEndpointIds: readonly string[]): string[] {
  return endpoints.filter((endpoint) => deletedEndpointIds.includes(endpoint.endpointId) && endpoint.state !== 'deleted').map((endpoint) => endpoint.endpointId);
}

function describeTarget(target: { kind: 'subnet' | 'security group'; id: string }): string {
  return `${target.kind} ${target.id}`;
}

/**
 * Tries every deletion at once and returns those EC2 refused because something still uses them. Any other error is
 * thrown, once every call has come back (no write left in flight).
 */
async function attemptAll(deletions: readonly Deletion[]): Promise<{ deletion: Deletion; error: unknown }[]> {
  const results = await Promise.allSettled(deletions.map((deletion) => deletion.attempt()));
  const inUse: { deletion: Deletion; error: unknown }[] = [];
  for (const [index, result] of results.entries()) {
    if (result.status === 'fulfilled') continue;
    if (!isEc2Error(result.reason, ...IN_USE_CODES)) throw result.reason;
    inUse.push({ deletion: deletions[index] as Deletion, error: result.reason });
  }
  return inUse;
}

/**
 * Looks at what keeps each target: one read of our endpoints for all of them, beside each target's own reads. Returns
 * the endpoints it read.
 */
async function diagnose(targets: readonly Deletion[], context: DependencyContext): Promise<ObservedEndpoint[]> {
  const [endpoints, ...blockers] = await Promise.all([
    describeOwnedEndpoints(context.ec2, context.vpcId, context.owner),
    ...targets.map((target) => (target.kind === 'subnet' ? subnetBlockers(context.ec2, target.id) : groupBlockers(context.ec2, target.id))),
  ]);
  for (const [index, target] of targets.entries()) {
    const permanent = blockers[index]?.permanent ?? [];
    if (permanent.length > 0) throw new BlockedByDependencyError(describeTarget(target), permanent, target.kind === 'subnet' ? SUBNET_ADVICE : GROUP_ADVICE);
  }
  for (const target of targets) {
    const uses = (endpoint: ObservedEndpoint) => (target.kind === 'subnet' ? endpoint.subnetIds : endpoint.groupIds).includes(target.id);
    const unplanned = endpoints.filter(
      (endpoint) => uses(endpoint) && !['deleting', 'deleted'].includes(endpoint.state) && !context.deletedEndpointIds.includes(endpoint.endpointId),
    );
    if (unplanned.length > 0) {
      throw new StaleObservationError(
        `endpoint ${unplanned.map((endpoint) => endpoint.endpointId).join(', ')} uses ${describeTarget(target)} but was not seen when the plan was made`,
      );
    }
  }
  return endpoints;
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
