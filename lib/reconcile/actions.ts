import type { EndpointAddressing } from './desired';
import type { Tag } from '../properties/spec';

/**
 * The typed steps a plan is made of. Resources that do not exist yet are referred to symbolically: an endpoint subnet by
 * its AZ ID, the managed security group by MANAGED_GROUP. `apply.ts` resolves them as it goes.
 */

/** Stands for the managed security group, whether it exists yet or not. */
export const MANAGED_GROUP = '(managed security group)';

export interface CreateSubnetAction {
  readonly kind: 'createSubnet';
  readonly azId: string;
  /** The carved IPv4 block; absent when the block comes from an IPAM pool. */
  readonly cidr?: string;
  readonly ipamPoolId?: string;
  readonly prefixLength: number;
  readonly ipv6Cidr?: string;
  readonly tags: readonly Tag[];
}
export interface CreateSecurityGroupAction {
  readonly kind: 'createSecurityGroup';
  readonly groupName: string;
  readonly description: string;
  readonly tags: readonly Tag[];
}
export interface AuthorizeIngressAction {
  readonly kind: 'authorizeIngress';
  /** The group's ID, or MANAGED_GROUP when it is created by the same plan. */
  readonly groupId: string;
  readonly cidrs: readonly string[];
}
export interface RevokeIngressAction {
  readonly kind: 'revokeIngress';
  readonly groupId: string;
  readonly cidrs: readonly string[];
}
export interface UpdateTagsAction {
  readonly kind: 'updateTags';
  readonly resourceIds: readonly string[];
  readonly set: readonly Tag[];
  readonly removeKeys: readonly string[];
}
export interface CreateEndpointAction {
  readonly kind: 'createEndpoint';
  /** The service as the user named it. */
  readonly service: string;
  readonly serviceName: string;
  readonly type: 'Interface' | 'Gateway';
  /** Interface: the AZs whose endpoint subnet it goes into. */
  readonly subnetAzIds: readonly string[];
  /** Gateway: the route tables it adds its route to. */
  readonly routeTableIds: readonly string[];
  /** Interface: MANAGED_GROUP plus the user's groups. */
  readonly securityGroupIds: readonly string[];
  readonly privateDnsEnabled?: boolean;
  /** DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint (s3 with private DNS only). */
  readonly privateDnsOnlyForInboundResolverEndpoint?: boolean;
  readonly addressing?: EndpointAddressing;
  readonly policyDocument?: string;
  readonly tags: readonly Tag[];
  /** The owned endpoint this one replaces (a failed one), so the idempotency token differs from the first attempt's. */
  readonly replaces?: string;
  /** Gateway: created after the subnets rather than beside them (see stageOf). */
  readonly afterSubnets?: boolean;
}
export interface ModifyEndpointAction {
  readonly kind: 'modifyEndpoint';
  readonly endpointId: string;
  readonly service: string;
  /** AZ IDs whose endpoint subnet is added. */
  readonly addSubnetAzIds: readonly string[];
  readonly removeSubnetIds: readonly string[];
  readonly addRouteTableIds: readonly string[];
  readonly removeRouteTableIds: readonly string[];
  readonly addSecurityGroupIds: readonly string[];
  readonly removeSecurityGroupIds: readonly string[];
  readonly policyDocument?: string;
  readonly resetPolicy?: boolean;
  readonly privateDnsEnabled?: boolean;
  readonly privateDnsOnlyForInboundResolverEndpoint?: boolean;
  readonly addressing?: EndpointAddressing;
}
export interface DeleteEndpointsAction {
  readonly kind: 'deleteEndpoints';
  readonly endpointIds: readonly string[];
}
export interface DeleteSubnetAction {
  readonly kind: 'deleteSubnet';
  readonly subnetId: string;
  readonly azId: string;
}
export interface DeleteSecurityGroupAction {
  readonly kind: 'deleteSecurityGroup';
  readonly groupId: string;
}

export type Action =
  | CreateSubnetAction
  | CreateSecurityGroupAction
  | AuthorizeIngressAction
  | RevokeIngressAction
  | UpdateTagsAction
  | CreateEndpointAction
  | ModifyEndpointAction
  | DeleteEndpointsAction
  | DeleteSubnetAction
  | DeleteSecurityGroupAction;

/**
 * The order a plan runs in. Subnets and the group come before the endpoints that use them; endpoints go before the
 * subnets and group they sit in. Actions of the same stage are independent of each other.
 */
export const STAGE_OF: Readonly<Record<Action['kind'], number>> = {
  createSubnet: 1,
  createSecurityGroup: 1,
  revokeIngress: 1,
  updateTags: 1,
  // Rules go in alongside the endpoints: an endpoint takes a minute to come up, and the rules are there long before.
  authorizeIngress: 3,
  createEndpoint: 3,
  modifyEndpoint: 3,
  deleteEndpoints: 5,
  deleteSubnet: 6,
  deleteSecurityGroup: 6,
};

/** The existing resources an action modifies or deletes (not those it creates, nor the ones it only refers to). */
export function idsModifiedOrDeleted(action: Action): readonly string[] {
  switch (action.kind) {
    case 'authorizeIngress':
      return action.groupId === MANAGED_GROUP ? [] : [action.groupId];
    case 'revokeIngress':
    case 'deleteSecurityGroup':
      return [action.groupId];
    case 'updateTags':
      return action.resourceIds;
    case 'modifyEndpoint':
      return [action.endpointId];
    case 'deleteEndpoints':
      return action.endpointIds;
    case 'deleteSubnet':
      return [action.subnetId];
    case 'createSubnet':
    case 'createSecurityGroup':
    case 'createEndpoint':
      return [];
  }
}

/** Stage 4 (between creating and deleting endpoints): what needs a gateway endpoint created in stage 3. */
const AFTER_GATEWAYS = 4;
/** Stage 1: what needs nothing the plan creates. */
const FIRST = 1;

/**
 * The stage an action runs in: STAGE_OF by kind, with two exceptions.
 * - A gateway endpoint is created in the first stage: it needs only route tables, which the plan never creates, and
 *   the token it draws from CreateVpcEndpoint's small bucket (burst 4, 0.3 a second; aws-facts, "Throttling") starts
 *   the bucket's refill one stage earlier, so the last interface endpoint is created one stage sooner. Not when the
 *   subnets come from an IPAM pool (`afterSubnets`): the pool can refuse them, and adding an S3 route can briefly
 *   interrupt S3 connections (aws-facts, "Gateway endpoints"), so a Create that fails there leaves the route tables
 *   alone. Carved subnets are checked for room and quota before any write.
 * - An interface endpoint created or modified with PrivateDnsOnlyForInboundResolverEndpoint true runs after the
 *   endpoints are created, since EC2 wants the service's gateway endpoint to exist already (aws-facts, "Interface
 *   endpoints"). Turning it off stays in stage 3, before the gateway endpoint is deleted.
 */
export function stageOf(action: Action): number {
  if (action.kind === 'createEndpoint' && action.type === 'Gateway' && action.afterSubnets !== true) return FIRST;
  const needsGateway = (action.kind === 'createEndpoint' || action.kind === 'modifyEndpoint') && action.privateDnsOnlyForInboundResolverEndpoint === true;
  return needsGateway ? AFTER_GATEWAYS : STAGE_OF[action.kind];
}
