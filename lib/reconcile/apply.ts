import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcEndpointCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  DeleteVpcEndpointsCommand,
  ModifyVpcEndpointCommand,
  type ResourceType,
} from '@aws-sdk/client-ec2';
import { createHash } from 'node:crypto';
import {
  idsModifiedOrDeleted,
  MANAGED_GROUP,
  stageOf,
  type Action,
  type CreateEndpointAction,
  type CreateSubnetAction,
  type DeleteEndpointsAction,
  type DeleteSecurityGroupAction,
  type DeleteSubnetAction,
  type ModifyEndpointAction,
} from './actions';
import type { Clock } from '../clock';
import { deleteOnceFree, type Deletion } from './dependency-blockers';
import { settleAll } from './settle-all';
import { describeError, ec2ErrorCode, exceededQuota, idsOfNotFoundKind, isEc2Error, isPrivateDnsConflict, notFoundCodesOf } from '../ec2/errors';
import type { Ec2Sender } from '../ec2/paced-client';
import { PreconditionFailedError, ProvisionerError, StaleDeliveryError, StaleObservationError } from '../errors';
import { privateDnsConflictReason, quotaExceededReason } from './preflight';
import type { Owner } from './ownership';
import type { Logger } from '../protocol/logger';
import type { Tag } from '../properties/spec';
import { ensureHttpsIngress, ensureHttpsIngressRevoked, type GroupReader, type RuleWriter } from './ingress-rules';

export { StaleObservationError } from '../errors';

/**
 * A plan asked to modify or delete something this resource does not own. Never happens; guarded all the same. Terminal:
 * a retry would make the same plan, and the answer must be FAILED rather than a loop.
 */
export class OwnershipViolationError extends ProvisionerError {
  override readonly terminal = true;

  constructor(resourceId: string) {
    super(`Refused to modify or delete ${resourceId}: it does not carry this resource's owner tags.`);
    this.name = 'OwnershipViolationError';
  }
}

/** Back-off while EC2 does not yet know a new ID: 1, 2, 4, 8, 8 … s, for at most half a minute in all. */
const PROPAGATION_FIRST_DELAY_MS = 1_000;
const PROPAGATION_PATIENCE_MS = 30_000;

export interface ApplyContext {
  readonly ec2: Ec2Sender;
  readonly clock: Clock;
  readonly owner: Owner;
  readonly vpcId: string;
  /** Identifies the CloudFormation request (StackId + RequestId): a retried delivery of it reuses endpoint tokens. */
  readonly requestKey: string;
  /** The request's RequestId, as CloudFormation sent it: what a person looks for in a message (StaleDeliveryError). */
  readonly requestId: string;
  readonly log: Logger;
  /** Working time left in this invocation. */
  readonly remainingMs: () => number;
  /** Endpoint subnets that already exist, by AZ ID. */
  readonly subnetIdsByAz: ReadonlyMap<string, string>;
  /** IDs of resources observed to carry this resource's owner tags: the only ones a modify or delete may name. */
  readonly ownedIds: ReadonlySet<string>;
  /** Endpoints this resource owns that are already on their way out. */
  readonly endpointsBeingDeleted?: readonly string[];
}

export interface ApplyResult {
  /** Endpoint subnets created by this run, by AZ ID. */
  readonly createdSubnets: ReadonlyMap<string, { subnetId: string; cidr: string; ipv6Cidr?: string }>;
  readonly createdGroupId?: string;
  readonly createdEndpointIds: readonly string[];
  readonly deletedEndpointIds: readonly string[];
  readonly writes: number;
}

/**
 * Runs a plan's actions stage by stage (see STAGE_OF), the actions of one stage in parallel. Every call is idempotent:
 * creating what exists and deleting what is gone are not errors. Subnets are deleted only after the endpoints in them
 * have gone, retrying while their network interfaces drain.
 */
export async function applyPlan(actions: readonly Action[], context: ApplyContext): Promise<ApplyResult> {
  // Ownership of everything the plan modifies or deletes, before the first write: a plan that names anything foreign
  // makes no write at all. One check is enough: during a run the owned set only grows, by what the run itself creates.
  for (const id of actions.flatMap(idsModifiedOrDeleted)) {
    if (!context.ownedIds.has(id)) throw new OwnershipViolationError(id);
  }
  const run = new PlanRun(context);
  const stages = [...new Set(actions.map(stageOf))].sort((a, b) => a - b);
  for (const stage of stages) {
    const inStage = actions.filter((action) => stageOf(action) === stage);
    // Subnets and the group wait for the same ENIs: one retry loop for all of them (see deleteOnceFree).
    const dependents = inStage.filter(isDeletionOfDependent);
    const others = inStage.filter((action) => !isDeletionOfDependent(action));
    await settleAll([...(dependents.length > 0 ? [run.deleteWhenFree(dependents)] : []), ...others.map((action) => run.apply(action))]);
  }
  return run.result();
}

function isDeletionOfDependent(action: Action): action is DeleteSubnetAction | DeleteSecurityGroupAction {
  return action.kind === 'deleteSubnet' || action.kind === 'deleteSecurityGroup';
}

class PlanRun {
  private readonly subnetIdsByAz: Map<string, string>;
  private readonly createdSubnets = new Map<string, { subnetId: string; cidr: string; ipv6Cidr?: string }>();
  private readonly ownedIds: Set<string>;
  private groupId: string | undefined;
  private readonly createdEndpointIds: string[] = [];
  private readonly deletedEndpointIds: string[];
  private writes = 0;

  constructor(private readonly context: ApplyContext) {
    this.subnetIdsByAz = new Map(context.subnetIdsByAz);
    this.ownedIds = new Set(context.ownedIds);
    this.deletedEndpointIds = [...(context.endpointsBeingDeleted ?? [])];
  }

  result(): ApplyResult {
    return {
      createdSubnets: this.createdSubnets,
      createdGroupId: this.groupId,
      createdEndpointIds: this.createdEndpointIds,
      deletedEndpointIds: this.deletedEndpointIds,
      writes: this.writes,
    };
  }

  async apply(action: Action): Promise<void> {
    switch (action.kind) {
      case 'createSubnet':
        return this.createSubnet(action);
      case 'createSecurityGroup': {
        const output = await this.write(
          'CreateSecurityGroup',
          new CreateSecurityGroupCommand({
            VpcId: this.context.vpcId,
            GroupName: action.groupName,
            Description: action.description,
            TagSpecifications: tagSpecification('security-group', action.tags),
          }),
          { onError: staleOn('InvalidGroup.Duplicate', `security group ${action.groupName} exists but was not visible yet`) },
        );
        this.groupId = output.GroupId as string;
        this.ownedIds.add(this.groupId);
        this.logWrite('CreateSecurityGroup', this.groupId, { groupName: action.groupName });
        return;
      }
      case 'authorizeIngress': {
        const groupId = this.resolveGroup(action.groupId);
        const added = await ensureHttpsIngress(groupId, action.cidrs, this.ruleIo(groupId));
        this.logWrite('AuthorizeSecurityGroupIngress', groupId, { cidrs: action.cidrs, added });
        return;
      }
      case 'revokeIngress': {
        const revoked = await ensureHttpsIngressRevoked(action.groupId, action.cidrs, this.ruleIo(action.groupId));
        this.logWrite('RevokeSecurityGroupIngress', action.groupId, { cidrs: action.cidrs, revoked });
        return;
      }
      case 'updateTags': {
        if (action.set.length > 0) {
          await this.write('CreateTags', new CreateTagsCommand({ Resources: [...action.resourceIds], Tags: sdkTags(action.set) }), { names: action.resourceIds });
        }
        if (action.removeKeys.length > 0) {
          await this.write('DeleteTags', new DeleteTagsCommand({ Resources: [...action.resourceIds], Tags: action.removeKeys.map((Key) => ({ Key })) }), {
            names: action.resourceIds,
          });
        }
        this.logWrite('UpdateTags', action.resourceIds.join(','), { set: action.set.map((tag) => tag.key), removed: action.removeKeys });
        return;
      }
      case 'createEndpoint':
        return this.createEndpoint(action);
      case 'modifyEndpoint':
        return this.modifyEndpoint(action);
      case 'deleteEndpoints':
        return this.deleteEndpoints(action);
      case 'deleteSubnet':
      case 'deleteSecurityGroup':
        return this.deleteWhenFree([action]);
    }
  }

  /** Deletes subnets and the managed group once nothing uses them, all in one retry loop (see deleteOnceFree). */
  async deleteWhenFree(actions: readonly (DeleteSubnetAction | DeleteSecurityGroupAction)[]): Promise<void> {
    const { ec2, clock, remainingMs, vpcId, owner } = this.context;
    await deleteOnceFree(actions.map((action) => this.deletionOf(action)), { ec2, clock, remainingMs, vpcId, owner, deletedEndpointIds: this.deletedEndpointIds });
  }

  private deletionOf(action: DeleteSubnetAction | DeleteSecurityGroupAction): Deletion {
    if (action.kind === 'deleteSubnet') {
      return {
        kind: 'subnet',
        id: action.subnetId,
        attempt: async () => {
          await this.write('DeleteSubnet', new DeleteSubnetCommand({ SubnetId: action.subnetId }), { ignore: notFoundCodesOf(action.subnetId) });
          this.logWrite('DeleteSubnet', action.subnetId, { azId: action.azId });
        },
      };
    }
    return {
      kind: 'security group',
      id: action.groupId,
      attempt: async () => {
        await this.write('DeleteSecurityGroup', new DeleteSecurityGroupCommand({ GroupId: action.groupId }), { ignore: notFoundCodesOf(action.groupId) });
        this.logWrite('DeleteSecurityGroup', action.groupId, {});
      },
    };
  }

  private async createSubnet(action: CreateSubnetAction): Promise<void> {
    const output = await this.write(
      'CreateSubnet',
      new CreateSubnetCommand({
        VpcId: this.context.vpcId,
        AvailabilityZoneId: action.azId,
        ...(action.cidr !== undefined ? { CidrBlock: action.cidr } : { Ipv4IpamPoolId: action.ipamPoolId, Ipv4NetmaskLength: action.prefixLength }),
        ...(action.ipv6Cidr !== undefined ? { Ipv6CidrBlock: action.ipv6Cidr } : {}),
        TagSpecifications: tagSpecification('subnet', action.tags),
      }),
      {
        onError: (error) => {
          // Someone took the block since we looked (aws-facts: InvalidSubnet.Conflict): look again, carve again.
          if (isEc2Error(error, 'InvalidSubnet.Conflict')) throw new StaleObservationError(`block ${action.cidr} in ${action.azId} was taken meanwhile`);
          const quota = exceededQuota(error);
          if (quota) throw new PreconditionFailedError([quotaExceededReason(quota, `Could not create the endpoint subnet in ${action.azId}`, describeError(error))]);
          if (action.ipamPoolId !== undefined && isEc2Error(error, 'InsufficientCidrBlocks', 'IpamPoolCidrAllocationFailed', 'InvalidIpamPoolId.NotFound')) {
            throw new PreconditionFailedError([ipamAllocationProblem(action, error)]);
          }
          if (isEc2Error(error, 'InvalidSubnet.Range', 'InsufficientCidrBlocks', 'IpamPoolCidrAllocationFailed', 'InvalidIpamPoolId.NotFound')) {
            throw new PreconditionFailedError([`Could not create the endpoint subnet in ${action.azId}: ${describeError(error)}`]);
          }
        },
      },
    );
    const subnet = output.Subnet as { SubnetId: string; CidrBlock: string };
    this.subnetIdsByAz.set(action.azId, subnet.SubnetId);
    this.createdSubnets.set(action.azId, { subnetId: subnet.SubnetId, cidr: subnet.CidrBlock, ipv6Cidr: action.ipv6Cidr });
    this.ownedIds.add(subnet.SubnetId);
    this.logWrite('CreateSubnet', subnet.SubnetId, { azId: action.azId, cidr: subnet.CidrBlock, ipv6Cidr: action.ipv6Cidr });
  }

  private async createEndpoint(action: CreateEndpointAction): Promise<void> {
    const input = {
      VpcId: this.context.vpcId,
      VpcEndpointType: action.type,
      ServiceName: action.serviceName,
      ...(action.type === 'Interface'
        ? {
            SubnetIds: action.subnetAzIds.map((azId) => this.resolveSubnet(azId)),
            SecurityGroupIds: action.securityGroupIds.map((id) => this.resolveGroup(id)),
            PrivateDnsEnabled: action.privateDnsEnabled,
            ...endpointAddressingInput(action),
          }
        : { RouteTableIds: [...action.routeTableIds] }),
      ...(action.policyDocument !== undefined ? { PolicyDocument: action.policyDocument } : {}),
      TagSpecifications: tagSpecification('vpc-endpoint', action.tags),
    };
    // CreateVpcEndpoint is idempotent per ClientToken (aws-facts). The token binds the owner, the request and the
    // parameters: a retried delivery returns the same endpoint, while a later request (the service removed and added
    // again) gets a new one, since EC2 remembers tokens long after the endpoint is gone.
    const clientToken = endpointClientToken(this.context.owner.physicalId, this.context.requestKey, action.replaces, input);
    const output = await this.write('CreateVpcEndpoint', new CreateVpcEndpointCommand({ ...input, ClientToken: clientToken }), {
      names: 'SubnetIds' in input ? [...input.SubnetIds, ...input.SecurityGroupIds] : [],
      onError: (error) => {
        const quota = exceededQuota(error);
        if (quota) throw new PreconditionFailedError([quotaExceededReason(quota, `Could not create the ${action.type.toLowerCase()} endpoint for ${action.service}`, describeError(error))]);
        if (action.type === 'Interface' && isPrivateDnsConflict(error)) {
          throw new PreconditionFailedError([`${privateDnsConflictReason(action.service, this.context.vpcId)} (${describeError(error)})`]);
        }
        if (isEc2Error(error, 'InvalidParameter', 'InvalidServiceName', 'RouteAlreadyExists', 'InvalidGroup.NotFound', 'InvalidPolicyDocument')) {
          throw new PreconditionFailedError([`Could not create the ${action.type.toLowerCase()} endpoint for ${action.service}: ${describeError(error)}`]);
        }
      },
    });
    const endpoint = output.VpcEndpoint as { VpcEndpointId: string; State?: string };
    if (['deleting', 'deleted'].includes((endpoint.State ?? '').toLowerCase())) {
      throw new StaleDeliveryError(endpoint.VpcEndpointId, action.service, this.context.requestId);
    }
    this.createdEndpointIds.push(endpoint.VpcEndpointId);
    this.ownedIds.add(endpoint.VpcEndpointId);
    this.logWrite('CreateVpcEndpoint', endpoint.VpcEndpointId, { service: action.service, serviceName: action.serviceName, type: action.type });
  }

  private async modifyEndpoint(action: ModifyEndpointAction): Promise<void> {
    const list = (values: readonly string[]) => (values.length > 0 ? [...values] : undefined);
    const addSubnetIds = action.addSubnetAzIds.map((azId) => this.resolveSubnet(azId));
    const addSecurityGroupIds = action.addSecurityGroupIds.map((id) => this.resolveGroup(id));
    await this.write(
      'ModifyVpcEndpoint',
      new ModifyVpcEndpointCommand({
        VpcEndpointId: action.endpointId,
        AddSubnetIds: list(addSubnetIds),
        RemoveSubnetIds: list(action.removeSubnetIds),
        AddRouteTableIds: list(action.addRouteTableIds),
        RemoveRouteTableIds: list(action.removeRouteTableIds),
        AddSecurityGroupIds: list(addSecurityGroupIds),
        RemoveSecurityGroupIds: list(action.removeSecurityGroupIds),
        PolicyDocument: action.policyDocument,
        ResetPolicy: action.resetPolicy,
        PrivateDnsEnabled: action.privateDnsEnabled,
        ...endpointAddressingInput(action),
      }),
      {
        names: [action.endpointId, ...addSubnetIds, ...addSecurityGroupIds],
        onError: (error) => {
          // Turning private DNS on meets the same conflict as a Create, under either code (aws-facts, "Interface endpoints").
          if (action.privateDnsEnabled === true && isPrivateDnsConflict(error)) {
            throw new PreconditionFailedError([`${privateDnsConflictReason(action.service, this.context.vpcId)} (${describeError(error)})`]);
          }
          if (isEc2Error(error, 'InvalidParameter', 'RouteAlreadyExists', 'InvalidGroup.NotFound', 'InvalidPolicyDocument')) {
            throw new PreconditionFailedError([`Could not modify endpoint ${action.endpointId} (${action.service}): ${describeError(error)}`]);
          }
        },
      },
    );
    this.logWrite('ModifyVpcEndpoint', action.endpointId, { service: action.service });
  }

  private async deleteEndpoints(action: DeleteEndpointsAction): Promise<void> {
    // One call for all of them (aws-facts): failures come back per ID in Unsuccessful, not as an error.
    const output = await this.write('DeleteVpcEndpoints', new DeleteVpcEndpointsCommand({ VpcEndpointIds: [...action.endpointIds] }));
    const failures = ((output.Unsuccessful ?? []) as { ResourceId?: string; Error?: { Code?: string; Message?: string } }[]).filter(
      (item) => item.Error?.Code !== 'InvalidVpcEndpointId.NotFound' && item.Error?.Code !== 'InvalidVpcEndpoint.NotFound',
    );
    if (failures.length > 0) {
      throw new ProvisionerError(
        `Could not delete endpoints: ${failures.map((item) => `${item.ResourceId} (${item.Error?.Code}: ${item.Error?.Message})`).join('; ')}`,
      );
    }
    this.deletedEndpointIds.push(...action.endpointIds);
    this.logWrite('DeleteVpcEndpoints', action.endpointIds.join(','), { count: action.endpointIds.length });
  }

  private async write(
    action: string,
    command: object,
    options: { ignore?: string[]; onError?: (error: unknown) => void; names?: readonly string[] } = {},
  ): Promise<Record<string, unknown>> {
    try {
      const output = await this.whilePropagating(action, options.names ?? [], () => this.context.ec2.send(command));
      this.writes++;
      return output ?? {};
    } catch (error) {
      if (options.ignore && isEc2Error(error, ...options.ignore)) {
        this.context.log.info('ec2 write already in effect', { action, errorCode: ec2ErrorCode(error) });
        return {};
      }
      options.onError?.(error);
      throw error;
    }
  }

  /**
   * Sends again, with back-off, while EC2 answers NotFound for an ID of ours the call names: a new ID can be unknown to
   * the next call for a few seconds (EC2 Developer Guide, "Eventual consistency in the Amazon EC2 API"). Only for IDs
   * this run created or observed as its own: a NotFound for anyone else's ID goes straight to the caller.
   */
  private async whilePropagating<T>(action: string, names: readonly string[], send: () => Promise<T>): Promise<T> {
    let delay = PROPAGATION_FIRST_DELAY_MS;
    for (let waited = 0; ; ) {
      try {
        return await send();
      } catch (error) {
        const ours = idsOfNotFoundKind(error, names).filter((id) => this.ownedIds.has(id));
        if (ours.length === 0 || waited + delay > PROPAGATION_PATIENCE_MS || this.context.remainingMs() < delay) throw error;
        this.context.log.info('ec2 does not know a new ID yet; sending again', { action, ids: ours, errorCode: ec2ErrorCode(error), delayMs: delay });
        await this.context.clock.sleep(delay);
        waited += delay;
        delay = Math.min(delay * 2, 8_000);
      }
    }
  }

  /** The rule module's I/O: writes counted like every other, reads through the same client. */
  private ruleIo(groupId: string): { write: RuleWriter; read: GroupReader } {
    return {
      write: (action, command) =>
        this.write(action, command, {
          names: [groupId],
          onError: (error) => {
            const quota = exceededQuota(error);
            if (quota) throw new PreconditionFailedError([quotaExceededReason(quota, `Could not admit the application CIDRs to ${groupId}`, describeError(error))]);
          },
        }),
      read: (command) => this.whilePropagating('DescribeSecurityGroups', [groupId], () => this.context.ec2.send(command)),
    };
  }

  private resolveSubnet(azId: string): string {
    const subnetId = this.subnetIdsByAz.get(azId);
    if (!subnetId) throw new ProvisionerError(`No endpoint subnet in ${azId} to place the endpoint in.`);
    return subnetId;
  }

  private resolveGroup(groupId: string): string {
    if (groupId !== MANAGED_GROUP) return groupId;
    if (!this.groupId) throw new ProvisionerError('The managed security group was not created.');
    return this.groupId;
  }


  private logWrite(action: string, resourceId: string, fields: Record<string, unknown>): void {
    this.context.log.info('ec2 write', { action, resourceId, ...fields });
  }
}

function staleOn(code: string, message: string) {
  return (error: unknown) => {
    if (isEc2Error(error, code)) throw new StaleObservationError(message);
  };
}

/**
 * Why IPAM could not give an endpoint subnet its block, and what to do: the provider does not observe pools, so this
 * is the first moment the problem shows, and EC2's own message says neither which property nor which remedy.
 */
function ipamAllocationProblem(action: CreateSubnetAction, error: unknown): string {
  const pool = `Ipv4IpamPoolId ${action.ipamPoolId}`;
  if (isEc2Error(error, 'InvalidIpamPoolId.NotFound')) {
    return `${pool} does not exist or is not shared with this account (${describeError(error)}). Check the pool ID, or leave Ipv4IpamPoolId out to carve endpoint subnets from the VPC.`;
  }
  return (
    `${pool} has no free /${action.prefixLength} inside the VPC for the endpoint subnet in ${action.azId} (${describeError(error)}). ` +
    'Provision more CIDRs to the pool (inside the VPC\'s CIDR blocks) or release unused allocations, ask for smaller subnets with a larger SubnetPrefixLength, or leave Ipv4IpamPoolId out to carve from the VPC.'
  );
}

function tagSpecification(resourceType: ResourceType, tags: readonly Tag[]) {
  return [{ ResourceType: resourceType, Tags: sdkTags(tags) }];
}

function sdkTags(tags: readonly Tag[]) {
  return tags.map((tag) => ({ Key: tag.key, Value: tag.value }));
}

/** At most 64 ASCII characters (EC2's limit for client tokens): a SHA-256 digest in hex is exactly that. */
export function endpointClientToken(physicalId: string, requestKey: string, replaces: string | undefined, input: object): string {
  return createHash('sha256')
    .update(JSON.stringify([physicalId, requestKey, replaces ?? '', input]))
    .digest('hex');
}

/** IpAddressType and DnsOptions of a Create/ModifyVpcEndpoint input, each only when the action sets it. */
function endpointAddressingInput(action: CreateEndpointAction | ModifyEndpointAction) {
  const dnsOptions = {
    ...(action.addressing ? { DnsRecordIpType: action.addressing.dnsRecordIpType } : {}),
    ...(action.privateDnsOnlyForInboundResolverEndpoint !== undefined
      ? { PrivateDnsOnlyForInboundResolverEndpoint: action.privateDnsOnlyForInboundResolverEndpoint }
      : {}),
  };
  return {
    ...(action.addressing ? { IpAddressType: action.addressing.ipAddressType } : {}),
    ...(Object.keys(dnsOptions).length > 0 ? { DnsOptions: dnsOptions } : {}),
  };
}
